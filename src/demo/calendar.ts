// Seasonality and time of day: when B2B buyers show up, by month, weekday and local hour.
import { Weighted } from './distributions.js';
import type { Random } from './random.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/*
 * Demand by calendar month (January = 0): budgets open in Q1, a push before quarter ends, the
 * summer holidays (August in Europe), a strong autumn and a dead last fortnight of December.
 */
export const MONTH_FACTOR = [1.1, 1.0, 1.12, 0.95, 1.0, 1.04, 0.86, 0.74, 1.08, 1.18, 1.1, 0.72] as const;

/** By UTC weekday (Sunday = 0): mid-week peaks, weekends a third of a weekday. */
export const WEEKDAY_FACTOR = [0.32, 1.02, 1.14, 1.1, 1.04, 0.84, 0.3] as const;

/** Month-on-month growth of the company's demand engine. */
export const MONTHLY_GROWTH = 1.025;

/** Start of the UTC day of `ms`. */
export const utcDayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** "2025-03" for the UTC month of `ms`. */
export function monthKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every month key from `startMs` to `endMs`, oldest first. */
export function monthsBetween(startMs: number, endMs: number): string[] {
  const out: string[] = [];
  const d = new Date(startMs);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  const last = monthKey(endMs);
  for (;;) {
    const key = `${y}-${String(m + 1).padStart(2, '0')}`;
    out.push(key);
    if (key === last) return out;
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
}

/** Relative volume of new visitors on the UTC day starting at `dayMs`; `monthsIn` counts from the start. */
export function dayWeight(dayMs: number, monthsIn: number): number {
  const d = new Date(dayMs);
  const month = MONTH_FACTOR[d.getUTCMonth()]!;
  const weekday = WEEKDAY_FACTOR[d.getUTCDay()]!;
  // The last days of December and the first of January are quieter still.
  const dom = d.getUTCDate();
  const holiday = (d.getUTCMonth() === 11 && dom >= 22) || (d.getUTCMonth() === 0 && dom <= 2) ? 0.45 : 1;
  return month * weekday * holiday * Math.pow(MONTHLY_GROWTH, monthsIn);
}

/** Local hour of day people browse and work (fractional hours), business hours heavy. */
const LOCAL_HOUR = new Weighted<number>([
  [0, 0.3],
  [6, 0.8],
  [7, 2.5],
  [8, 6],
  [9, 9],
  [10, 10],
  [11, 9.5],
  [12, 7],
  [13, 8.5],
  [14, 9],
  [15, 8],
  [16, 6.5],
  [17, 4],
  [18, 2.5],
  [19, 2],
  [20, 2],
  [21, 1.5],
  [22, 0.8],
]);

/** A moment on the local calendar day starting (UTC) at `dayMs`, for someone at `utcOffsetHours`. */
export function localMoment(r: Random, dayMs: number, utcOffsetHours: number): number {
  const hour = LOCAL_HOUR.draw(r);
  const span = hour === 0 ? 6 : hour === 22 ? 2 : 1;
  const localMs = (hour + r.next() * span) * HOUR_MS;
  return dayMs + localMs - utcOffsetHours * HOUR_MS;
}

/** The next moment at or after `ms` that falls on a business day, local business hours. */
export function nextWorkingMoment(r: Random, ms: number, utcOffsetHours: number): number {
  let day = utcDayStart(ms + utcOffsetHours * HOUR_MS);
  for (let i = 0; i < 14; i++) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      const t = day + (9 + r.next() * 8) * HOUR_MS - utcOffsetHours * HOUR_MS;
      if (t >= ms) return t;
    }
    day += DAY_MS;
  }
  return ms;
}
