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
  type MonthActuals,
} from '../domain/goals.js';
import { type ReportPeriod, monthsOf } from '../domain/report-months.js';
import {
  type ChannelMonthReturn,
  type ChannelReturn,
  type SpendRow,
  spendReport,
} from '../domain/report-spend.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { deleteGoal, getGoal, type GoalRow, listGoals, monthlyActuals, upsertGoal } from '../store/goals.js';
import { channelMonthCounts, setSpend, spendRows } from '../store/report-spend.js';
import { type Deps, reportReader } from './deps.js';

export interface GoalsResult {
  report: 'goals';
  period: ReportPeriod;
  generatedAt: Date;
  /** Attainment of every goal set in the period, and of each metric this month and quarter. */
  goals: Attainment[];
  /** Each metric's actual month by month (the chart's line beside the goals). */
  months: ({ month: string } & Record<GoalMetric, number>)[];
}

export interface SpendResult {
  report: 'spend';
  period: ReportPeriod;
  generatedAt: Date;
  channels: ChannelReturn[];
  months: ChannelMonthReturn[];
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
  period: ReportPeriod,
): Promise<GoalsResult> {
  const now = deps.clock();
  const range = quarterAligned(period);
  const [goals, actuals] = await Promise.all([
    listGoals(reportReader(deps), workspaceId, goalPeriodsWithin(range)),
    monthlyActuals(reportReader(deps), workspaceId, range),
  ]);
  const inPeriod = (p: string) => {
    const m = goalPeriodMonths(p);
    return m.to >= period.from && m.from <= period.to;
  };
  return {
    report: 'goals',
    period,
    generatedAt: now,
    goals: goalsReport(goals, actuals, range, now).filter((a) => inPeriod(a.period)),
    months: monthsOf(period).map((month) => ({ month, ...(actuals as MonthActuals)[month]! })),
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
  period: ReportPeriod,
): Promise<SpendResult> {
  const [spend, counts] = await Promise.all([
    spendRows(reportReader(deps), workspaceId, period),
    channelMonthCounts(reportReader(deps), workspaceId, period),
  ]);
  return { report: 'spend', period, generatedAt: deps.clock(), ...spendReport(spend, counts, period) };
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
  const row = (month: string, c: ChannelReturn): Cell[] => [
    c.channel,
    month,
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
  return [
    [
      'channel',
      'month',
      'spend',
      'mqls',
      'sqls',
      'customers',
      'revenue',
      'cost_per_mql',
      'cost_per_sql',
      'cost_per_customer',
      'revenue_per_spend',
    ],
    ...result.channels.map((c) => row('total', c)),
    ...result.months.map((m) => row(m.month, m)),
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
