// The planner's measurements beyond the funnel and velocity queries: the average won deal, and
// how many leads reached each funnel step per month (the actual a saved plan is compared with).
import type { FunnelStep } from '../domain/report-funnel.js';
import type { StepActual } from '../domain/planner.js';
import { type ReportPeriod, periodRange } from '../domain/report-months.js';
import type { Queryable } from './db.js';

/** Won deals that closed in the period: how many, and their average amount (null: none). */
export async function wonDeals(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
): Promise<{ count: number; average: number | null }> {
  const { start, end } = periodRange(period);
  const rows = await q.query<{ n: number; average: number | null }>(
    `select count(*)::int as n, avg(o.amount)::float8 as average
       from opportunities o
      where o.workspace_id = $1 and o.is_won
        and coalesce(o.closed_at, o.close_date) >= $2 and coalesce(o.closed_at, o.close_date) < $3`,
    [workspaceId, start.toISOString(), end.toISOString()],
  );
  const r = rows[0];
  return {
    count: Number(r?.n ?? 0),
    average: r?.average === null || r?.average === undefined ? null : Number(r.average),
  };
}

const STEP_OF_STAGE = `case t.to_stage when 'pql' then 'mql' else t.to_stage end`;

/** Leads that reached each funnel step per UTC month (a lead once per step and month; pql counts as mql). */
export async function stepActuals(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
): Promise<StepActual[]> {
  const { start, end } = periodRange(period);
  const rows = await q.query<{ step: FunnelStep; month: string; n: number }>(
    `select ${STEP_OF_STAGE} as step, to_char(t.at at time zone 'UTC', 'YYYY-MM') as month,
            count(distinct t.lead_id)::int as n
       from transitions t
       join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
      where t.workspace_id = $1 and t.at >= $2 and t.at < $3
        and t.to_stage in ('lead', 'mql', 'pql', 'sal', 'sql', 'opportunity', 'customer')
        and l.merged_into_id is null and not l.is_deleted
      group by 1, 2`,
    [workspaceId, start.toISOString(), end.toISOString()],
  );
  return rows.map((r) => ({ step: r.step, month: r.month, count: Number(r.n) }));
}
