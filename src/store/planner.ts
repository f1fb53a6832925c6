// The planner's measurements beyond the funnel and velocity queries: the average won deal, and
// how many leads reached each funnel step per month (the actual a saved plan is compared with),
// each over the slice the filters name.
import type { FunnelStep } from '../domain/report-funnel.js';
import type { ReportFilters } from '../domain/reports.js';
import type { StepActual } from '../domain/planner.js';
import { type ReportPeriod, periodRange } from '../domain/report-months.js';
import type { Queryable } from './db.js';
import { dealDimension, filterOn, groupOn, leadDimension } from './report-sql.js';

/**
 * Won deals that closed in the period, per breakdown value: how many, their average amount and their
 * revenue (a deal's dimensions read as the pipeline reads them).
 */
export async function wonDeals(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<{ group: string | null; count: number; average: number | null; revenue: number }[]> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 4, dealDimension);
  const closedAt = 'coalesce(o.closed_at, o.close_date)';
  const rows = await q.query<{ grp: string | null; n: number; average: number | null; revenue: number }>(
    `select ${groupOn(filters, closedAt, dealDimension)} as grp, count(*)::int as n,
            avg(o.amount)::float8 as average, sum(o.amount)::float8 as revenue
       from opportunities o
       left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id
      where o.workspace_id = $1 and o.is_won and ${closedAt} >= $2 and ${closedAt} < $3 ${where.sql}
      group by 1`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    group: r.grp === null ? null : String(r.grp),
    count: Number(r.n),
    average: r.average === null ? null : Number(r.average),
    revenue: Number(r.revenue ?? 0),
  }));
}

const STEP_OF_STAGE = `case t.to_stage when 'pql' then 'mql' else t.to_stage end`;

/** Leads that reached each funnel step per UTC month (a lead once per step and month; pql counts as mql). */
export async function stepActuals(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
  where: ReportFilters['where'] = {},
): Promise<StepActual[]> {
  const { start, end } = periodRange(period);
  const slice = filterOn(where, 4, leadDimension);
  const rows = await q.query<{ step: FunnelStep; month: string; n: number }>(
    `select ${STEP_OF_STAGE} as step, to_char(t.at at time zone 'UTC', 'YYYY-MM') as month,
            count(distinct t.lead_id)::int as n
       from transitions t
       join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
      where t.workspace_id = $1 and t.at >= $2 and t.at < $3
        and t.to_stage in ('lead', 'mql', 'pql', 'sal', 'sql', 'opportunity', 'customer')
        and l.merged_into_id is null and not l.is_deleted ${slice.sql}
      group by 1, 2`,
    [workspaceId, start.toISOString(), end.toISOString(), ...slice.params],
  );
  return rows.map((r) => ({ step: r.step, month: r.month, count: Number(r.n) }));
}
