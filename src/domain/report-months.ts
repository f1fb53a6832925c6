// Report periods: UTC months as `YYYY-MM`, counted and walked without loops that a bad month could
// make endless.

/** Months, inclusive on both ends, as `YYYY-MM`. */
export interface ReportPeriod {
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  const m = MONTH.exec(value);
  return m !== null && Number(m[1]) >= 1970 && Number(m[1]) <= 9998;
}

/** `YYYY-MM` of an instant, in UTC (reports use UTC months, like the commitment periods). */
export function monthOf(t: Date): string {
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthStart(month: string): Date {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
}

export function addMonths(month: string, n: number): string {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + n, 1)));
}

/** How many months from `from` to `to`, inclusive (0 when `to` is before `from`). */
export function monthCount(period: ReportPeriod): number {
  if (!isMonth(period.from) || !isMonth(period.to)) throw new RangeError('a period is two months YYYY-MM');
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  return Math.max(0, index(period.to) - index(period.from) + 1);
}

/** The months from `from` to `to`, inclusive, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  return Array.from({ length: monthCount(period) }, (_, i) => addMonths(period.from, i));
}

/** The period's instants: [first day of `from`, first day after `to`). */
export function periodRange(period: ReportPeriod): { start: Date; end: Date } {
  return { start: monthStart(period.from), end: monthStart(addMonths(period.to, 1)) };
}

/** The default period: the twelve months ending with the current one. */
export function defaultPeriod(now: Date): ReportPeriod {
  const to = monthOf(now);
  return { from: addMonths(to, -11), to };
}
