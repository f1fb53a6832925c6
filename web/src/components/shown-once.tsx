// A value the server shows only once (a secret key, a signing secret, a one-time link): a success
// callout with what it is, why it matters, the value with a copy button, and Done.
import { type ReactNode, useEffect, useRef } from 'react';
import { CopyButton } from './copy-button.js';

export function ShownOnce({
  label,
  title,
  value,
  testId,
  takeFocus = false,
  onDone,
  children,
}: {
  /** The callout's accessible name. */
  label: string;
  title: ReactNode;
  value: string;
  /** The value's data-testid. */
  testId: string;
  /** Move focus to the callout when it appears (after a form that created the value). */
  takeFocus?: boolean;
  onDone: () => void;
  /** What the value is for, said under the title. */
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <div
      className="callout callout--success"
      ref={ref}
      tabIndex={takeFocus ? -1 : undefined}
      role="status"
      aria-label={label}
    >
      <div className="callout__body">
        <strong>{title}</strong>
        <p className="muted">{children}</p>
        <div className="secret">
          <code className="secret__value" data-testid={testId}>
            {value}
          </code>
          <CopyButton value={value} />
        </div>
      </div>
      <button type="button" className="btn btn--sm" onClick={onDone}>
        Done
      </button>
    </div>
  );
}
