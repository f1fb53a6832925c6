// Shared goals and spend: an admin sets goals per period, marketing or an admin records spend per
// channel and month (each change audited); both teams read the same attainment and return.
import { stringify } from 'csv-stringify/sync';
import { AppError, invalid } from '../domain/errors.js';
import {
  type Attainment,
  type Goal,
  type GoalMetric,
  type GoalScope,
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
  type SpendBreakdown,
  type SpendRow,
  spendReport,
} from '../domain/report-spend.js';
import type { ReportFilters } from '../domain/reports.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { getTeam } from '../store/teams.js';
import { getUser } from '../store/users.js';
import { deleteGoal, getGoal, type GoalRow, listGoals, monthlyActuals, upsertGoal } from '../store/goals.js';
import { channelMonthCounts, setSpend, spendRows } from '../store/report-spend.js';
import { type Deps, reportReader } from './deps.js';
import { reportingCurrency } from './workspace-currency.js';

export interface GoalAttainment extends Attainment {
  /** The breakdown value (null when not broken down). */
  group: string | null;
  /** Whose goal the target is: the workspace's (dimension null) or a slice's own; null when none is set. */
  goal: GoalScope | null;
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
  const set: Goal[] = goals.map((g) => ({
    period: g.period,
    metric: g.metric,
    target: g.target,
    dimension: g.dimension || null,
    value: g.value || null,
  }));
  return {
    report: 'goals',
    period,
    filters,
    currency,
    generatedAt: now,
    goals: groups.flatMap(([group, actuals]) =>
      goalsReport(set, actuals, range, now, { where: filters.where, by: filters.by, group })
        .filter((a) => inPeriod(a.period))
        .map((a) => ({ ...a, group })),
    ),
    months: groups.flatMap(([group, actuals]) =>
      monthsOf(period).map((month) => ({ month, group, ...actuals[month]! })),
    ),
  };
}

/** A goal's audit id: `2026-Q1/sqls`, or `2026-Q1/sqls/team=<id>` for a slice's own. */
const goalId = (period: string, metric: GoalMetric, scope: Partial<GoalScope>) =>
  `${period}/${metric}${scope.dimension ? `/${scope.dimension}=${scope.value}` : ''}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A team's or rep's goal names one of the workspace's teams or members: a 400 on `value` otherwise. */
async function assertGoalScope(q: Queryable, workspaceId: string, scope: Partial<GoalScope>): Promise<void> {
  const { dimension, value } = scope;
  if (!dimension || !value || (dimension !== 'team' && dimension !== 'rep')) return;
  const known = UUID.test(value)
    ? dimension === 'team'
      ? (await getTeam(q, workspaceId, value)) !== null
      : (await getUser(q, workspaceId, value)) !== null
    : false;
  if (!known)
    throw invalid(
      'value',
      `no ${dimension === 'team' ? 'team' : 'member (rep)'} with id ${value} in this workspace`,
    );
}

/**
 * One goal per slice: a value spelled like an existing goal's but for case or spacing ("Google"
 * beside "google") would be a second goal for what reads as the same slice, so it is refused.
 */
function assertNoDuplicate(existing: readonly GoalRow[], goal: Goal): void {
  if (!goal.dimension || !goal.value) return;
  const same = (v: string) => v.trim().toLowerCase() === goal.value!.trim().toLowerCase();
  const twin = existing.find(
    (g) =>
      g.metric === goal.metric && g.dimension === goal.dimension && g.value !== goal.value && same(g.value),
  );
  if (twin)
    throw new AppError(
      'conflict',
      `value: a ${goal.metric} goal for ${goal.dimension} "${twin.value}" is already set for ${goal.period}; change that one`,
      [{ field: 'value', message: `duplicates the ${goal.dimension} goal "${twin.value}"` }],
    );
}

export function setGoal(deps: Deps, actor: AuditActor, workspaceId: string, goal: Goal): Promise<GoalRow> {
  return deps.db.transaction(async (tx) => {
    await assertGoalScope(tx, workspaceId, goal);
    assertNoDuplicate(await listGoals(tx, workspaceId, [goal.period]), goal);
    const before = await getGoal(tx, workspaceId, goal.period, goal.metric, goal);
    const row = await upsertGoal(tx, workspaceId, goal, actor.label, deps.clock());
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'goal.set',
      { type: 'goal', id: goalId(goal.period, goal.metric, goal) },
      {
        period: goal.period,
        metric: goal.metric,
        dimension: goal.dimension ?? null,
        value: goal.value ?? null,
        target: goal.target,
        previous: before?.target ?? null,
      },
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
  scope: Partial<GoalScope> = {},
): Promise<void> {
  return deps.db.transaction(async (tx) => {
    const before = await getGoal(tx, workspaceId, period, metric, scope);
    const whose = scope.dimension ? ` (${scope.dimension} ${scope.value})` : '';
    if (!before || !(await deleteGoal(tx, workspaceId, period, metric, scope)))
      throw new AppError('not_found', `No ${metric} goal for ${period}${whose}`);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'goal.deleted',
      { type: 'goal', id: goalId(period, metric, scope) },
      {
        period,
        metric,
        dimension: scope.dimension ?? null,
        value: scope.value ?? null,
        previous: before.target,
      },
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
  // By period is the months' totals (below); by source, medium or campaign, a row per channel and value.
  const by: SpendBreakdown = filters.by === 'period' ? null : (filters.by as SpendBreakdown);
  const { source, medium, campaign } = filters.where;
  const [spend, counts, currency] = await Promise.all([
    spendRows(reportReader(deps), workspaceId, period, { source, medium, campaign }),
    channelMonthCounts(reportReader(deps), workspaceId, period, { where: filters.where, by }),
    reportingCurrency(reportReader(deps), workspaceId),
  ]);
  const report = spendReport(spend, counts, period, by);
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

/** A spend row's audit id: `google/2026-03`, with `/medium/campaign` when either is given. */
const spendId = (row: SpendRow) =>
  [
    row.channel,
    row.month,
    ...(row.medium || row.campaign ? [row.medium ?? '', row.campaign ?? ''] : []),
  ].join('/');

export function recordSpend(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  rows: SpendRow[],
): Promise<Required<SpendRow>[]> {
  return deps.db.transaction(async (tx) => {
    const out: Required<SpendRow>[] = [];
    for (const row of rows) {
      const saved = await setSpend(tx, workspaceId, row);
      await recordAudit(
        tx,
        workspaceId,
        actor,
        'spend.set',
        { type: 'channel_spend', id: spendId(row) },
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
      'goal_dimension',
      'goal_value',
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
      g.goal?.dimension ?? null,
      g.goal?.value ?? null,
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
  const figures = (c: Omit<ChannelReturn, 'channel' | 'group'>): Cell[] => [
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
  // Broken down by medium or campaign: its value beside the channel.
  const by = result.filters.by;
  if (by === 'medium' || by === 'campaign')
    return [
      ['channel', by, 'month', ...header],
      ...result.channels.map((c) => [c.channel, c.group, 'total', ...figures(c)]),
      ...result.months.map((m) => [m.channel, m.group, m.month, ...figures(m)]),
    ];
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
