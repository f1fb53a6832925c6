// Shared goals: a target per period (a month or a quarter) for revenue, weighted pipeline, SQLs and
// MQLs, and attainment as both teams see it: actual against the goal and against the pace the goal
// asks for by now, so a period that has just begun reads "on pace", never a bare 0 of 10. Pure.
import { type ReportPeriod, addMonths, isMonth, monthOf, monthsOf, periodRange } from './report-months.js';

export const GOAL_METRICS = ['revenue', 'weighted_pipeline', 'sqls', 'mqls'] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export const GOAL_METRIC_LABELS: Record<GoalMetric, string> = {
  revenue: 'Revenue (won deals)',
  weighted_pipeline: 'Weighted pipeline created',
  sqls: 'SQLs',
  mqls: 'MQLs',
};

/** How each metric's actual is counted over a period (what the goals report and its docs say). */
export const GOAL_METRIC_MEANS: Record<GoalMetric, string> = {
  revenue: 'the amount of opportunities won (closed) in the period',
  weighted_pipeline:
    'amount × probability of opportunities created in the period and not lost (a won one counts in full)',
  sqls: 'leads that became sales-qualified in the period (each lead once)',
  mqls: 'leads that became marketing- or product-qualified in the period (each lead once)',
};

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A goal's period: a month `2026-03` or a quarter `2026-Q1` (1970–9998). */
export function isGoalPeriod(value: string): boolean {
  if (isMonth(value)) return true;
  const m = QUARTER.exec(value);
  return m !== null && Number(m[1]) >= 1970 && Number(m[1]) <= 9998;
}

/** The months a goal period covers. */
export function goalPeriodMonths(period: string): ReportPeriod {
  if (isMonth(period)) return { from: period, to: period };
  const m = QUARTER.exec(period);
  if (!m || !isGoalPeriod(period)) throw new RangeError(`not a goal period: ${period}`);
  const from = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  return { from, to: addMonths(from, 2) };
}

/** The quarter a month falls in: `2026-05` → `2026-Q2`. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The goal periods that lie inside the report's months: each month, and each quarter wholly inside. */
export function goalPeriodsWithin(range: ReportPeriod): string[] {
  const months = monthsOf(range);
  const quarters = [...new Set(months.map(quarterOf))].filter((q) => {
    const p = goalPeriodMonths(q);
    return p.from >= range.from && p.to <= range.to;
  });
  return [...quarters, ...months];
}

/**
 * A goal may be a slice's own: a rep's, a team's, a segment's, a territory's or a source's. Listed
 * most specific first: that is the order a filtered report looks for one.
 */
export const GOAL_DIMENSIONS = ['rep', 'team', 'segment', 'territory', 'source'] as const;
export type GoalDimension = (typeof GOAL_DIMENSIONS)[number];

/** Whose goal it is: the workspace's (both null) or one slice's. */
export interface GoalScope {
  dimension: GoalDimension | null;
  value: string | null;
}

export interface Goal extends Partial<GoalScope> {
  period: string;
  metric: GoalMetric;
  target: number;
}

/** The slice a report's row measures: its filters, and its breakdown value when broken down. */
export interface GoalSlice {
  where: Partial<Record<string, string>>;
  by: string | null;
  group: string | null;
}

const WORKSPACE_SLICE: GoalSlice = { where: {}, by: null, group: null };
const scopeKey = (period: string, metric: GoalMetric, dimension: string | null, value: string | null) =>
  [period, metric, dimension ?? '', value ?? ''].join('\u0000');

/**
 * The goal a slice's actual is measured against: the breakdown value's own goal (broken down by
 * team, each team against its team goal), else the goal of a slice the filters name (the most
 * specific first: rep, team, segment, territory, source), else the workspace's; then the actual is
 * the slice's share of that larger goal. Null when none is set.
 */
export function goalFor(
  goals: ReadonlyMap<string, Goal>,
  period: string,
  metric: GoalMetric,
  slice: GoalSlice,
): Goal | null {
  const own = (dimension: string, value: string | null | undefined) =>
    value == null ? undefined : goals.get(scopeKey(period, metric, dimension, value));
  if (slice.by && (GOAL_DIMENSIONS as readonly string[]).includes(slice.by)) {
    const goal = own(slice.by, slice.group);
    if (goal) return goal;
  }
  for (const d of GOAL_DIMENSIONS) {
    const goal = own(d, slice.where[d]);
    if (goal) return goal;
  }
  return goals.get(scopeKey(period, metric, null, null)) ?? null;
}

/** The goals keyed by period, metric and scope, as `goalFor` looks them up. */
export function goalIndex(goals: readonly Goal[]): Map<string, Goal> {
  return new Map(goals.map((g) => [scopeKey(g.period, g.metric, g.dimension ?? null, g.value ?? null), g]));
}

/** upcoming: not begun; running: under way; ended: over (its actual is final). */
export type PeriodStatus = 'upcoming' | 'running' | 'ended';

export interface Attainment {
  period: string;
  metric: GoalMetric;
  target: number | null;
  actual: number;
  status: PeriodStatus;
  /** Share of the period's time gone by now, 0–1. */
  elapsed: number;
  /** actual / target (null without a target or with a zero one). */
  attainment: number | null;
  /** What the goal asks for by now if it is met evenly through the period: target × elapsed. */
  expectedByNow: number | null;
  /** actual / expectedByNow: 1 is on pace (null until any of the period has gone by, or without a target). */
  pace: number | null;
  /** Where the period ends at the pace so far: actual / elapsed (null until a day has gone by). */
  projected: number | null;
}

const DAY = 86_400_000;

/** The share of the period gone at `now`, 0 before it starts and 1 once it has ended. */
export function elapsedShare(period: ReportPeriod, now: Date): number {
  const { start, end } = periodRange(period);
  const gone = (now.getTime() - start.getTime()) / (end.getTime() - start.getTime());
  return Math.min(1, Math.max(0, gone));
}

export function attainment(
  period: string,
  metric: GoalMetric,
  target: number | null,
  actual: number,
  now: Date,
): Attainment {
  const months = goalPeriodMonths(period);
  const { start, end } = periodRange(months);
  const elapsed = elapsedShare(months, now);
  const status: PeriodStatus = now < start ? 'upcoming' : now >= end ? 'ended' : 'running';
  const expectedByNow = target === null ? null : target * elapsed;
  return {
    period,
    metric,
    target,
    actual,
    status,
    elapsed,
    attainment: target !== null && target > 0 ? actual / target : null,
    expectedByNow,
    pace: expectedByNow !== null && expectedByNow > 0 ? actual / expectedByNow : null,
    projected: now.getTime() - start.getTime() >= DAY ? actual / elapsed : null,
  };
}

/** The metrics' actuals per month (what the store counts); a period's actual is the sum of its months. */
export type MonthActuals = Record<string, Record<GoalMetric, number>>;

export function actualOf(period: string, metric: GoalMetric, byMonth: MonthActuals): number {
  return monthsOf(goalPeriodMonths(period)).reduce((sum, m) => sum + (byMonth[m]?.[metric] ?? 0), 0);
}

/** The store's rows (a metric's value per month and breakdown value) as each group's month actuals. */
export function groupActuals(
  rows: readonly { month: string; group: string | null; metric: GoalMetric; value: number }[],
  range: ReportPeriod,
): Map<string | null, MonthActuals> {
  const empty = (): MonthActuals =>
    Object.fromEntries(
      monthsOf(range).map((m) => [m, Object.fromEntries(GOAL_METRICS.map((k) => [k, 0]))]),
    ) as MonthActuals;
  const out = new Map<string | null, MonthActuals>();
  for (const r of rows) {
    let actuals = out.get(r.group);
    if (!actuals) out.set(r.group, (actuals = empty()));
    const month = actuals[r.month];
    if (month) month[r.metric] += r.value;
  }
  if (out.size === 0) out.set(null, empty());
  return new Map(
    [...out.entries()].sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1)),
  );
}

/**
 * Attainment for every goal set in the range, and for every metric of the current month and quarter
 * even without a goal (so both teams see where they stand), ordered quarter first, then month. Each
 * row says whose goal it is measured against (`goalFor`): null when none is set.
 */
export function goalsReport(
  goals: readonly Goal[],
  byMonth: MonthActuals,
  range: ReportPeriod,
  now: Date,
  slice: GoalSlice = WORKSPACE_SLICE,
): (Attainment & { goal: GoalScope | null })[] {
  const periods = goalPeriodsWithin(range);
  const current = new Set([monthOf(now), quarterOf(monthOf(now))]);
  const index = goalIndex(goals);
  const out: (Attainment & { goal: GoalScope | null })[] = [];
  for (const period of periods) {
    for (const metric of GOAL_METRICS) {
      const goal = goalFor(index, period, metric, slice);
      if (goal === null && !current.has(period)) continue;
      out.push({
        ...attainment(period, metric, goal?.target ?? null, actualOf(period, metric, byMonth), now),
        goal: goal && { dimension: goal.dimension ?? null, value: goal.value ?? null },
      });
    }
  }
  return out;
}
