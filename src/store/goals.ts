// Goals, saved plans, and the monthly actuals goals are measured against: set-based aggregates
// over opportunities (revenue, weighted pipeline) and the transitions (SQLs, MQLs).
import type { Goal, GoalMetric, GoalScope } from '../domain/goals.js';
import type { PlanInputs } from '../domain/planner.js';
import { type ReportPeriod, periodRange } from '../domain/report-months.js';
import type { ReportFilters } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { dealDimension, filterOn, groupOn, leadDimension } from './report-sql.js';
import { rowReader } from './rows.js';
import { goals, plans } from './schema/index.js';

export type GoalRow = typeof goals.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
const toGoal = rowReader(goals);
const toPlan = rowReader(plans);

/** Every goal of these periods, the workspace's and each slice's. */
export async function listGoals(
  q: Queryable,
  workspaceId: string,
  periods: readonly string[],
): Promise<GoalRow[]> {
  const rows = await q.query(
    `select * from goals where workspace_id = $1 and period = any($2::text[])
      order by period, metric, dimension, value`,
    [workspaceId, periods],
  );
  return rows.map(toGoal);
}

/** The stored key of a scope: empty strings for the workspace's goal. */
const scopeParams = (scope: Partial<GoalScope>) => [scope.dimension ?? '', scope.value ?? ''];

export async function getGoal(
  q: Queryable,
  workspaceId: string,
  period: string,
  metric: GoalMetric,
  scope: Partial<GoalScope> = {},
): Promise<GoalRow | null> {
  const rows = await q.query(
    `select * from goals
      where workspace_id = $1 and period = $2 and metric = $3 and dimension = $4 and value = $5`,
    [workspaceId, period, metric, ...scopeParams(scope)],
  );
  return rows[0] ? toGoal(rows[0]) : null;
}

export async function upsertGoal(
  q: Queryable,
  workspaceId: string,
  goal: Goal,
  by: string,
  now: Date,
): Promise<GoalRow> {
  const rows = await q.query(
    `insert into goals (workspace_id, period, metric, dimension, value, target, updated_by, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (workspace_id, period, metric, dimension, value)
       do update set target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at
     returning *`,
    [workspaceId, goal.period, goal.metric, ...scopeParams(goal), goal.target, by, now.toISOString()],
  );
  return toGoal(rows[0]!);
}

export async function deleteGoal(
  q: Queryable,
  workspaceId: string,
  period: string,
  metric: GoalMetric,
  scope: Partial<GoalScope> = {},
): Promise<boolean> {
  const rows = await q.query(
    `delete from goals
      where workspace_id = $1 and period = $2 and metric = $3 and dimension = $4 and value = $5
      returning period`,
    [workspaceId, period, metric, ...scopeParams(scope)],
  );
  return rows.length > 0;
}

/** One metric's actual for one UTC month and breakdown value. */
export interface MonthActualRow {
  month: string;
  group: string | null;
  metric: GoalMetric;
  value: number;
}

/**
 * Per UTC month of the range (and breakdown value): revenue won (opportunities closed won, by when
 * they closed), weighted pipeline created (amount × probability of opportunities created then and
 * not lost; won ones in full), and the leads that became SQLs and MQLs (MQL or PQL) then, each lead
 * once a month. A deal's dimensions are read as the pipeline reads them, a lead's as the funnel does.
 */
export async function monthlyActuals(
  q: Queryable,
  workspaceId: string,
  range: ReportPeriod,
  slice: Pick<ReportFilters, 'where' | 'by'> = { where: {}, by: null },
): Promise<MonthActualRow[]> {
  const { start, end } = periodRange(range);
  const deals = filterOn(slice.where, 4, dealDimension);
  const leads = filterOn(slice.where, 4, leadDimension);
  const filters = { ...slice, period: range };
  const closedAt = 'coalesce(o.closed_at, o.close_date)';
  const rows = await q.query<{ month: string; grp: string | null; metric: GoalMetric; value: number }>(
    `select to_char(${closedAt} at time zone 'UTC', 'YYYY-MM') as month,
            ${groupOn(filters, closedAt, dealDimension)} as grp, 'revenue' as metric, sum(o.amount)::float8 as value
       from opportunities o
       left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id
      where o.workspace_id = $1 and o.is_won and ${closedAt} >= $2 and ${closedAt} < $3 ${deals.sql}
      group by 1, 2
     union all
     select to_char(o.created_at at time zone 'UTC', 'YYYY-MM'), ${groupOn(filters, 'o.created_at', dealDimension)},
            'weighted_pipeline', sum(case when o.is_won then o.amount else o.amount * o.probability end)::float8
       from opportunities o
       left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id
      where o.workspace_id = $1 and o.created_at >= $2 and o.created_at < $3
        and not (o.is_closed and not o.is_won) ${deals.sql}
      group by 1, 2
     union all
     select to_char(t.at at time zone 'UTC', 'YYYY-MM'), ${groupOn(filters, 't.at', leadDimension)},
            case when t.to_stage = 'sql' then 'sqls' else 'mqls' end,
            count(distinct t.lead_id)::float8
       from transitions t
       join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
      where t.workspace_id = $1 and t.at >= $2 and t.at < $3 and t.to_stage in ('sql', 'mql', 'pql')
        and l.merged_into_id is null and not l.is_deleted ${leads.sql}
      group by 1, 2, 3`,
    [workspaceId, start.toISOString(), end.toISOString(), ...deals.params],
  );
  return rows.map((r) => ({
    month: r.month,
    group: r.grp === null ? null : String(r.grp),
    metric: r.metric,
    value: Number(r.value),
  }));
}

export async function insertPlan(
  q: Queryable,
  workspaceId: string,
  plan: { name: string; inputs: PlanInputs; createdBy: string },
  now: Date,
): Promise<PlanRow> {
  const rows = await q.query(
    `insert into plans (workspace_id, name, inputs, created_by, created_at)
     values ($1, $2, $3::jsonb, $4, $5) returning *`,
    [workspaceId, plan.name, JSON.stringify(plan.inputs), plan.createdBy, now.toISOString()],
  );
  return toPlan(rows[0]!);
}

export async function getPlan(q: Queryable, workspaceId: string, id: string): Promise<PlanRow | null> {
  const rows = await q.query(`select * from plans where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ? toPlan(rows[0]) : null;
}

export async function listPlans(q: Queryable, workspaceId: string): Promise<PlanRow[]> {
  const rows = await q.query(
    `select * from plans where workspace_id = $1 order by created_at desc, id desc limit 200`,
    [workspaceId],
  );
  return rows.map(toPlan);
}
