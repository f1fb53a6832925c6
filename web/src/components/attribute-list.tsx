// Label/value rows for a record's attributes; a missing value reads as a quiet dash, not a blank.
import type { ReactNode } from 'react';

export interface Attribute {
  label: string;
  value: ReactNode;
  /** Shown on hover over the value, e.g. the exact figure behind "12.5M". */
  title?: string;
}

export function AttributeList({ items, className }: { items: Attribute[]; className?: string }) {
  return (
    <dl className={className ? `attributes ${className}` : 'attributes'}>
      {items.map((item) => (
        <div className="attributes__row" key={item.label}>
          <dt className="attributes__label">{item.label}</dt>
          <dd className="attributes__value" title={item.title}>
            {item.value === null || item.value === undefined || item.value === false || item.value === '' ? (
              <span className="muted">—</span>
            ) : (
              item.value
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
