// Lead quality's counts: the leads that first qualified (mql or pql) in the period, what became of
// them afterwards (from the transitions), the amounts of their won opportunities, their rejections
// by reason code and the disputes of those rejections; per source, campaign and breakdown value.
import { periodRange } from '../domain/report-months.js';
import type { DisputeCount, DisputeStatus, QualityCounts, RejectionCount } from '../domain/report-quality.js';
import type { ReportFilters } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { filterOn, groupOn, leadDimension } from './report-sql.js';

/** The MQL cohort: each lead's first qualification in the period, with its source, campaign and group. */
function cohortSql(filters: ReportFilters): { sql: string; params: string[] } {
  const where = filterOn(filters.where, 4, leadDimension);
  const group = groupOn(filters, 'q.mql_at', leadDimension);
  return {
    sql: `qualified as (
       select t.lead_id, min(t.at) as mql_at
         from transitions t
        where t.workspace_id = $1 and t.to_stage in ('mql', 'pql') and t.at >= $2 and t.at < $3
        group by t.lead_id
     ), cohort as (
       select q.lead_id, q.mql_at, l.source, l.campaign, ${group} as grp
         from qualified q
         join leads l on l.workspace_id = $1 and l.id = q.lead_id
        where l.merged_into_id is null and not l.is_deleted ${where.sql}
     )`,
    params: where.params,
  };
}

interface CohortKey {
  source: string | null;
  campaign: string | null;
  grp: string | null;
}

const key = (r: CohortKey) => ({
  source: r.source,
  campaign: r.campaign,
  group: r.grp === null ? null : String(r.grp),
});

/** Runs a query over the period's cohort: `rest` follows its CTEs (`, more as (…) select …` or `select …`). */
async function queryCohort<R>(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
  rest: string,
): Promise<(R & CohortKey)[]> {
  const { start, end } = periodRange(filters.period);
  const cohort = cohortSql(filters);
  return q.query<R & CohortKey>(`with ${cohort.sql}${rest}`, [
    workspaceId,
    start.toISOString(),
    end.toISOString(),
    ...cohort.params,
  ]);
}

export async function qualityCounts(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<QualityCounts[]> {
  const rows = await queryCohort<{
    mqls: number;
    accepted: number;
    sqls: number;
    won: number;
    revenue: number | string | null;
  }>(
    q,
    workspaceId,
    filters,
    `, reached as (
       select c.lead_id,
              bool_or(t.to_stage = 'sal') as sal,
              bool_or(t.to_stage = 'sql') as sql,
              bool_or(t.to_stage = 'customer') as customer
         from cohort c
         join transitions t on t.workspace_id = $1 and t.lead_id = c.lead_id and t.at >= c.mql_at
        group by c.lead_id
     ), revenue as (
       select c.lead_id, sum(o.amount) as amount
         from cohort c
         join opportunities o on o.workspace_id = $1 and o.lead_id = c.lead_id
        where o.is_closed and o.is_won
        group by c.lead_id
     )
     select c.source, c.campaign, c.grp,
            count(*)::int as mqls,
            (count(*) filter (where r.sal))::int as accepted,
            (count(*) filter (where r.sql))::int as sqls,
            (count(*) filter (where r.customer))::int as won,
            coalesce(sum(v.amount), 0)::float8 as revenue
       from cohort c
       left join reached r on r.lead_id = c.lead_id
       left join revenue v on v.lead_id = c.lead_id
      group by c.source, c.campaign, c.grp`,
  );
  return rows.map((r) => ({
    ...key(r),
    mqls: r.mqls,
    accepted: r.accepted,
    sqls: r.sqls,
    won: r.won,
    revenue: Number(r.revenue ?? 0),
  }));
}

/**
 * Rejections of the cohort's leads after they qualified: a person (or an API key) sent the lead to
 * nurture or disqualified with a reason code, as the Marketing page counts them.
 */
export async function qualityRejections(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<RejectionCount[]> {
  const rows = await queryCohort<{
    reason: string;
    n: number;
  }>(
    q,
    workspaceId,
    filters,
    `
     select c.source, c.campaign, c.grp, t.reason_code as reason, count(*)::int as n
       from cohort c
       join transitions t on t.workspace_id = $1 and t.lead_id = c.lead_id and t.at >= c.mql_at
      where t.to_stage in ('nurture', 'disqualified') and t.reason_code is not null
        and t.actor_type in ('user', 'api_key')
      group by c.source, c.campaign, c.grp, t.reason_code`,
  );
  return rows.map((r) => ({ ...key(r), reason: r.reason, count: r.n }));
}

/** Disputes marketing opened on the cohort's rejections (after they qualified), by status. */
export async function qualityDisputes(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<DisputeCount[]> {
  const rows = await queryCohort<{
    status: DisputeStatus;
    n: number;
  }>(
    q,
    workspaceId,
    filters,
    `
     select c.source, c.campaign, c.grp, d.status, count(*)::int as n
       from cohort c
       join rejection_disputes d on d.workspace_id = $1 and d.lead_id = c.lead_id and d.opened_at >= c.mql_at
      group by c.source, c.campaign, c.grp, d.status`,
  );
  return rows.map((r) => ({ ...key(r), status: r.status, count: r.n }));
}
