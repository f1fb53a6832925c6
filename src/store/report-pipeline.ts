// Pipeline's sums over the opportunities: the open ones by stage, source and breakdown value (a
// snapshot: what is open now), and per breakdown value the deals closed in the period, the open
// ones whose close date falls in it, and how long the won ones took. A deal's source is its lead's
// (the funnel's), else its own; its rep is its owner, else its lead's owner; its team is its rep's
// team (the first they joined, as teamOfUser reads it), else its lead's routing team; its product
// is its own; the other dimensions are its lead's.
import type { CycleTimeSums, OpenPipelineSums, PeriodPipelineSums } from '../domain/report-pipeline.js';
import { periodRange } from '../domain/report-months.js';
import type { ReportFilters } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { dealDimension, filterOn, groupOn } from './report-sql.js';

const DEALS = `opportunities o
       left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id`;

/** Open opportunities per stage, source and breakdown value (by period: the month of the close date). */
export async function openPipeline(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<OpenPipelineSums[]> {
  const where = filterOn(filters.where, 2, dealDimension);
  const group = groupOn(filters, 'o.close_date', dealDimension);
  const rows = await q.query<{
    stage: string;
    source: string | null;
    grp: string | null;
    n: number;
    amount: number | string;
    weighted: number | string;
  }>(
    `select o.stage, coalesce(l.source, o.source) as source, ${group} as grp, count(*)::int as n,
            sum(o.amount)::float8 as amount, sum(o.amount * o.probability)::float8 as weighted
       from ${DEALS}
      where o.workspace_id = $1 and not o.is_closed ${where.sql}
      group by 1, 2, 3`,
    [workspaceId, ...where.params],
  );
  return rows.map((r) => ({
    stage: r.stage,
    source: r.source,
    group: r.grp === null ? null : String(r.grp),
    count: r.n,
    amount: Number(r.amount),
    weighted: Number(r.weighted),
  }));
}

/**
 * Per breakdown value: deals closed in the period (won, lost, the won amount; by period: the month
 * closed) and open deals whose close date is in the period (how many, their weighted value).
 */
export async function periodPipeline(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<PeriodPipelineSums[]> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 4, dealDimension);
  const closedAt = 'coalesce(o.closed_at, o.close_date)';
  const rows = await q.query<{
    grp: string | null;
    won: number;
    lost: number;
    won_amount: number | string;
    closing: number;
    closing_weighted: number | string;
  }>(
    `select grp, sum(won)::int as won, sum(lost)::int as lost, coalesce(sum(won_amount), 0)::float8 as won_amount,
            sum(closing)::int as closing, coalesce(sum(closing_weighted), 0)::float8 as closing_weighted
       from (
         select ${groupOn(filters, closedAt, dealDimension)} as grp,
                case when o.is_won then 1 else 0 end as won, case when o.is_won then 0 else 1 end as lost,
                case when o.is_won then o.amount else 0 end as won_amount, 0 as closing, 0 as closing_weighted
           from ${DEALS}
          where o.workspace_id = $1 and o.is_closed and ${closedAt} >= $2 and ${closedAt} < $3 ${where.sql}
         union all
         select ${groupOn(filters, 'o.close_date', dealDimension)},
                0, 0, 0, 1, o.amount * o.probability
           from ${DEALS}
          where o.workspace_id = $1 and not o.is_closed and o.close_date >= $2 and o.close_date < $3 ${where.sql}
       ) x
      group by grp`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    group: r.grp === null ? null : String(r.grp),
    won: r.won,
    lost: r.lost,
    wonAmount: Number(r.won_amount),
    closingCount: r.closing,
    closingWeighted: Number(r.closing_weighted),
  }));
}

/**
 * Per breakdown value, the won deals closed in the period: the days from the deal's opening (its
 * created date: a CRM's engage date) to its close, as count, mean and percentiles (`percentile_cont`).
 */
export async function wonCycleTimes(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<CycleTimeSums[]> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 4, dealDimension);
  const closedAt = 'coalesce(o.closed_at, o.close_date)';
  const rows = await q.query<{
    grp: string | null;
    n: number;
    mean: number | null;
    median: number | null;
    p75: number | null;
    p90: number | null;
  }>(
    `select grp, count(*)::int as n, avg(days)::float8 as mean,
            percentile_cont(0.5) within group (order by days)::float8 as median,
            percentile_cont(0.75) within group (order by days)::float8 as p75,
            percentile_cont(0.9) within group (order by days)::float8 as p90
       from (
         select ${groupOn(filters, closedAt, dealDimension)} as grp,
                extract(epoch from ${closedAt} - o.created_at)::float8 / 86400 as days
           from ${DEALS}
          where o.workspace_id = $1 and o.is_won and ${closedAt} >= $2 and ${closedAt} < $3 ${where.sql}
       ) x
      group by grp`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    group: r.grp === null ? null : String(r.grp),
    count: r.n,
    mean: r.mean,
    median: r.median,
    p75: r.p75,
    p90: r.p90,
  }));
}
