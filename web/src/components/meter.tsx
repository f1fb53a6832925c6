// A horizontal bar for "how much of something": a fill, an optional marker (a target or a minimum).
import type { ReactNode } from 'react';

export function Meter({
  value,
  max,
  marker,
  tone = 'accent',
  label,
  size = 'md',
}: {
  value: number;
  max: number;
  /** A line across the bar at this value, with its label: "expected by now", "minimum". */
  marker?: { value: number; label: string };
  tone?: 'accent' | 'good' | 'warning' | 'bad' | 'muted';
  /** Accessible name: what the bar measures. */
  label: string;
  size?: 'sm' | 'md';
}) {
  const percent = (v: number) => Math.max(0, Math.min(100, max > 0 ? (v / max) * 100 : 0));
  const share = (v: number) => `${percent(v)}%`;
  // The marker's label runs into the bar from whichever end is near, so it never leaves the panel.
  const anchor = marker
    ? percent(marker.value) < 25
      ? 'start'
      : percent(marker.value) > 75
        ? 'end'
        : 'middle'
    : '';
  return (
    <div
      className={`meter meter--${tone} meter--${size}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <div className="meter__fill" style={{ width: share(value) }} />
      {marker && (
        <div
          className={`meter__marker meter__marker--${anchor}`}
          style={{ left: share(marker.value) }}
          title={marker.label}
        >
          <span className="meter__marker-label">{marker.label}</span>
        </div>
      )}
    </div>
  );
}

/** A labelled list of bars, longest first: rejection reasons, sources. */
export function BarList({
  items,
  label,
}: {
  items: { key: string; label: ReactNode; value: number }[];
  label: string;
}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <ul className="bar-list" aria-label={label}>
      {items.map((i) => (
        <li key={i.key} className="bar-list__row">
          <span className="bar-list__label">{i.label}</span>
          <span className="bar-list__track" aria-hidden="true">
            <span className="bar-list__fill" style={{ width: `${(i.value / max) * 100}%` }} />
          </span>
          <span className="bar-list__value num">{i.value}</span>
        </li>
      ))}
    </ul>
  );
}
