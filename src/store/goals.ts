// Goals, saved plans, and the monthly actuals goals are measured against: set-based aggregates
// over opportunities (revenue, weighted pipeline) and the transitions (SQLs, MQLs).
import type { Goal, GoalMetric, MonthActuals } from '../domain/goals.js';
import { GOAL_METRICS } from '../domain/goals.js';
import type { PlanInputs } from '../domain/planner.js';
import { type ReportPeriod, monthsOf, periodRange } from '../domain/report-months.js';
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { goals, plans } from './schema/index.js';

export type GoalRow = typeof goals.$inferSelect;
export type PlanRow = typeof plans.$inferSelect;
const toGoal = rowReader(goals);
const toPlan = rowReader(plans);

export async function listGoals(
  q: Queryable,
  workspaceId: string,
  periods: readonly string[],
): Promise<GoalRow[]> {
  const rows = await q.query(
    `select * from goals where workspace_id = $1 and period = any($2::text[]) order by period, metric`,
    [workspaceId, periods],
  );
  return rows.map(toGoal);
}

export async function getGoal(
  q: Queryable,
  workspaceId: string,
  period: string,
  metric: GoalMetric,
): Promise<GoalRow | null> {
  const rows = await q.query(`select * from goals where workspace_id = $1 and period = $2 and metric = $3`, [
    workspaceId,
    period,
    metric,
  ]);
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
    `insert into goals (workspace_id, period, metric, target, updated_by, updated_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, period, metric)
       do update set target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at
     returning *`,
    [workspaceId, goal.period, goal.metric, goal.target, by, now.toISOString()],
  );
  return toGoal(rows[0]!);
}

export async function deleteGoal(
  q: Queryable,
  workspaceId: string,
  period: string,
  metric: GoalMetric,
): Promise<boolean> {
  const rows = await q.query(
    `delete from goals where workspace_id = $1 and period = $2 and metric = $3 returning period`,
    [workspaceId, period, metric],
  );
  return rows.length > 0;
}

/**
 * Per UTC month of the range: revenue won (opportunities closed won, by when they closed), weighted
 * pipeline created (amount × probability of opportunities created then and not lost; won ones in
 * full), and the leads that became SQLs and MQLs (MQL or PQL) then, each lead once a month.
 */
export async function monthlyActuals(
  q: Queryable,
  workspaceId: string,
  range: ReportPeriod,
): Promise<MonthActuals> {
  const { start, end } = periodRange(range);
  const rows = await q.query<{ month: string; metric: GoalMetric; value: number }>(
    `select to_char(coalesce(o.closed_at, o.close_date) at time zone 'UTC', 'YYYY-MM') as month,
            'revenue' as metric, sum(o.amount)::float8 as value
       from opportunities o
      where o.workspace_id = $1 and o.is_won
        and coalesce(o.closed_at, o.close_date) >= $2 and coalesce(o.closed_at, o.close_date) < $3
      group by 1
     union all
     select to_char(o.created_at at time zone 'UTC', 'YYYY-MM'), 'weighted_pipeline',
            sum(case when o.is_won then o.amount else o.amount * o.probability end)::float8
       from opportunities o
      where o.workspace_id = $1 and o.created_at >= $2 and o.created_at < $3
        and not (o.is_closed and not o.is_won)
      group by 1
     union all
     select to_char(t.at at time zone 'UTC', 'YYYY-MM'),
            case when t.to_stage = 'sql' then 'sqls' else 'mqls' end,
            count(distinct t.lead_id)::float8
       from transitions t
       join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
      where t.workspace_id = $1 and t.at >= $2 and t.at < $3 and t.to_stage in ('sql', 'mql', 'pql')
        and l.merged_into_id is null and not l.is_deleted
      group by 1, 2`,
    [workspaceId, start.toISOString(), end.toISOString()],
  );
  const out: MonthActuals = {};
  for (const m of monthsOf(range))
    out[m] = Object.fromEntries(GOAL_METRICS.map((k) => [k, 0])) as Record<GoalMetric, number>;
  for (const r of rows) {
    const month = out[r.month];
    if (month) month[r.metric] += Number(r.value);
  }
  return out;
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
