// How the Goals & plan page names what it shows: goals and their measures, periods, the pace a
// running period asks for, and money (the workspace's reports are in USD).
import type { ResponseOf } from '../../api.js';
import { formatMoney, formatNumber, formatPercent } from '../../format.js';
import { type GoalMetric, goalPeriodMonths } from '../../../../src/domain/goals.js';
import { addMonths, monthStart } from '../../../../src/domain/report-months.js';

export type GoalsReport = ResponseOf<'/reports/goals', 'GET'>;
export type Attainment = GoalsReport['goals'][number];

export const METRIC_LABELS: Record<GoalMetric, string> = {
  revenue: 'Revenue',
  weighted_pipeline: 'Weighted pipeline',
  sqls: 'SQLs',
  mqls: 'MQLs',
};

export const money = (n: number) => formatMoney(n, 'USD');
const isMoney = (m: GoalMetric) => m === 'revenue' || m === 'weighted_pipeline';
export const figure = (m: GoalMetric, n: number) =>
  isMoney(m) ? money(n) : formatNumber(Math.round(n * 10) / 10);

/** A month without its year: "Mar". */
export const shortMonth = (month: string) =>
  new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' }).format(monthStart(month));

/** How far into the period we are, as a reader says it: "day 1 of 31", "day 50 of 91". */
export function progressName(a: Attainment): string {
  if (a.status === 'upcoming') return 'not begun';
  if (a.status === 'ended') return 'ended';
  const { from, to } = goalPeriodMonths(a.period);
  const start = monthStart(from).getTime();
  const end = monthStart(addMonths(to, 1)).getTime();
  const days = Math.round((end - start) / 86_400_000);
  return `day ${Math.min(days, Math.floor(a.elapsed * days) + 1)} of ${days}`;
}

/** Never a bare zero: where a running period stands against what is due by now. */
export function paceName(a: Attainment): string {
  if (a.target === null) return 'No goal set';
  if (a.status === 'upcoming') return 'Not begun';
  if (a.expectedByNow === null || a.pace === null) return `${figure(a.metric, 0)} due yet`;
  const due = `${figure(a.metric, a.expectedByNow)} expected by now`;
  if (a.pace >= 1) return `On pace: ${due}`;
  return `Behind: ${due} (${formatPercent(a.pace)} of pace)`;
}
