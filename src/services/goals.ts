// Shared goals and spend: an admin sets goals per period, marketing or an admin records spend per
// channel and month (each change audited); both teams read the same attainment and return.
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../domain/errors.js';
import {
  type Attainment,
  type Goal,
  type GoalMetric,
  goalPeriodMonths,
  goalPeriodsWithin,
  goalsReport,
  groupActuals,
} from '../domain/goals.js';
import { type ReportPeriod, monthsOf } from '../domain/report-months.js';
import { assertMeasureDimensions } from '../domain/measure-reports.js';
import {
  type ChannelMonthReturn,
  type ChannelReturn,
  type PeriodReturn,
  periodTotals,
  type SpendRow,
  spendReport,
} from '../domain/report-spend.js';
import type { ReportFilters } from '../domain/reports.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { deleteGoal, getGoal, type GoalRow, listGoals, monthlyActuals, upsertGoal } from '../store/goals.js';
import { channelMonthCounts, setSpend, spendRows } from '../store/report-spend.js';
import { type Deps, reportReader } from './deps.js';
import { reportingCurrency } from './workspace-currency.js';

export interface GoalAttainment extends Attainment {
  /** The breakdown value (null when not broken down). */
  group: string | null;
}

export interface GoalsResult {
  report: 'goals';
  period: ReportPeriod;
  filters: ReportFilters;
  /** The workspace's reporting currency: every amount (revenue, weighted pipeline) is in it. */
  currency: string;
  generatedAt: Date;
  /**
   * Attainment of every goal set in the period, and of each metric this month and quarter, per
   * breakdown value. Goals are the workspace's: a filtered or broken-down actual is the slice's share.
   */
  goals: GoalAttainment[];
  /** Each metric's actual month by month and breakdown value (the chart's line beside the goals). */
  months: ({ month: string; group: string | null } & Record<GoalMetric, number>)[];
}

export interface SpendResult {
  report: 'spend';
  period: ReportPeriod;
  filters: ReportFilters;
  currency: string;
  generatedAt: Date;
  channels: ChannelReturn[];
  months: ChannelMonthReturn[];
  /** All channels added, per month (what `by: period` lays out). */
  periods: PeriodReturn[];
}

/** The goals' range: from the start of the first quarter touched to the end of the last. */
function quarterAligned(period: ReportPeriod): ReportPeriod {
  const q = (m: string) =>
    goalPeriodMonths(`${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`);
  return { from: q(period.from).from, to: q(period.to).to };
}

export async function goalAttainment(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
): Promise<GoalsResult> {
  assertMeasureDimensions('goals', filters);
  const now = deps.clock();
  const { period } = filters;
  const range = quarterAligned(period);
  const [goals, rows, currency] = await Promise.all([
    listGoals(reportReader(deps), workspaceId, goalPeriodsWithin(range)),
    monthlyActuals(reportReader(deps), workspaceId, range, filters),
    reportingCurrency(reportReader(deps), workspaceId),
  ]);
  const inPeriod = (p: string) => {
    const m = goalPeriodMonths(p);
    return m.to >= period.from && m.from <= period.to;
  };
  const groups = [...groupActuals(rows, range)];
  return {
    report: 'goals',
    period,
    filters,
    currency,
    generatedAt: now,
    goals: groups.flatMap(([group, actuals]) =>
      goalsReport(goals, actuals, range, now)
        .filter((a) => inPeriod(a.period))
        .map((a) => ({ ...a, group })),
    ),
    months: groups.flatMap(([group, actuals]) =>
      monthsOf(period).map((month) => ({ month, group, ...actuals[month]! })),
    ),
  };
}

export function setGoal(deps: Deps, actor: AuditActor, workspaceId: string, goal: Goal): Promise<GoalRow> {
  return deps.db.transaction(async (tx) => {
    const before = await getGoal(tx, workspaceId, goal.period, goal.metric);
    const row = await upsertGoal(tx, workspaceId, goal, actor.label, deps.clock());
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'goal.set',
      { type: 'goal', id: `${goal.period}/${goal.metric}` },
      { period: goal.period, metric: goal.metric, target: goal.target, previous: before?.target ?? null },
    );
    return row;
  });
}

export function removeGoal(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  period: string,
  metric: GoalMetric,
): Promise<void> {
  return deps.db.transaction(async (tx) => {
    const before = await getGoal(tx, workspaceId, period, metric);
    if (!before || !(await deleteGoal(tx, workspaceId, period, metric)))
      throw new AppError('not_found', `No ${metric} goal for ${period}`);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'goal.deleted',
      { type: 'goal', id: `${period}/${metric}` },
      { period, metric, previous: before.target },
    );
  });
}

export async function spendAndReturn(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
): Promise<SpendResult> {
  assertMeasureDimensions('spend', filters);
  const { period } = filters;
  const [spend, counts, currency] = await Promise.all([
    spendRows(reportReader(deps), workspaceId, period, filters.where.source),
    channelMonthCounts(reportReader(deps), workspaceId, period, { where: filters.where, by: null }),
    reportingCurrency(reportReader(deps), workspaceId),
  ]);
  const report = spendReport(spend, counts, period);
  return {
    report: 'spend',
    period,
    filters,
    currency,
    generatedAt: deps.clock(),
    ...report,
    periods: periodTotals(report.months, period),
  };
}

export function recordSpend(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  rows: SpendRow[],
): Promise<SpendRow[]> {
  return deps.db.transaction(async (tx) => {
    const out: SpendRow[] = [];
    for (const row of rows) {
      const saved = await setSpend(tx, workspaceId, row);
      await recordAudit(
        tx,
        workspaceId,
        actor,
        'spend.set',
        { type: 'channel_spend', id: `${row.channel}/${row.month}` },
        {
          ...saved,
        },
      );
      out.push(saved);
    }
    return out;
  });
}

type Cell = string | number | null;

export function goalsTable(result: GoalsResult): Cell[][] {
  return [
    [
      'period',
      'group',
      'metric',
      'status',
      'target',
      'actual',
      'attainment',
      'elapsed',
      'expected_by_now',
      'pace',
      'projected',
    ],
    ...result.goals.map((g) => [
      g.period,
      g.group,
      g.metric,
      g.status,
      g.target,
      g.actual,
      g.attainment,
      g.elapsed,
      g.expectedByNow,
      g.pace,
      g.projected,
    ]),
  ];
}

export function spendTable(result: SpendResult): Cell[][] {
  const figures = (c: Omit<ChannelReturn, 'channel'>): Cell[] => [
    c.spend,
    c.mqls,
    c.sqls,
    c.customers,
    c.revenue,
    c.costPerMql,
    c.costPerSql,
    c.costPerCustomer,
    c.revenuePerSpend,
  ];
  const header = [
    'spend',
    'mqls',
    'sqls',
    'customers',
    'revenue',
    'cost_per_mql',
    'cost_per_sql',
    'cost_per_customer',
    'revenue_per_spend',
  ];
  // By period: all channels added, month by month; else each channel's total, then its months.
  if (result.filters.by === 'period')
    return [['month', ...header], ...result.periods.map((p) => [p.month, ...figures(p)])];
  return [
    ['channel', 'month', ...header],
    ...result.channels.map((c) => [c.channel, 'total', ...figures(c)]),
    ...result.months.map((m) => [m.channel, m.month, ...figures(m)]),
  ];
}

/** A table as CSV (RFC 4180, header first, an empty cell for null), like the other reports. */
export function tableCsv(table: Cell[][]): string {
  return stringify(table.map((r) => r.map((v) => (v === null ? '' : v))));
}

/** A table as the CLI prints it without --json: tab-separated, three decimals, – for nothing. */
export function tableText(table: Cell[][]): string {
  return (
    table
      .map((r) =>
        r
          .map((v) => (v === null ? '–' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v))
          .join('\t'),
      )
      .join('\n') + '\n'
  );
}
