// Spend and return's queries: recorded spend per channel and month, and what each channel (the
// lead's source) brought each month: leads that became MQLs, SQLs and customers, and revenue won.
import type { ChannelMonthCounts, SpendRow } from '../domain/report-spend.js';
import { type ReportPeriod, monthsOf, periodRange } from '../domain/report-months.js';
import type { ReportFilters } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { dealDimension, filterOn, groupOn, leadDimension } from './report-sql.js';

const spendOf = (r: SpendRow): Required<SpendRow> => ({
  channel: r.channel,
  month: r.month,
  amount: Number(r.amount),
  medium: r.medium || null,
  campaign: r.campaign || null,
});

/**
 * The spend recorded in the period's months, only the channel (source), medium and campaign given;
 * filtered by a medium or campaign, spend recorded without one is left out.
 */
export async function spendRows(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
  where: { source?: string; medium?: string; campaign?: string } = {},
): Promise<SpendRow[]> {
  const params: string[] = [];
  const and = (column: string, value: string | undefined) =>
    value === undefined ? '' : (params.push(value), `and ${column} = $${params.length + 2}`);
  const filters = [
    and('channel', where.source),
    and('medium', where.medium),
    and('campaign', where.campaign),
  ];
  const rows = await q.query<SpendRow>(
    `select channel, month, medium, campaign, amount from channel_spend
      where workspace_id = $1 and month = any($2::text[]) ${filters.join(' ')}
      order by channel, month, medium, campaign`,
    [workspaceId, monthsOf(period), ...params],
  );
  return rows.map(spendOf);
}

/** Sets one channel's (medium's, campaign's) spend for a month, replacing what was recorded; returns it as stored. */
export async function setSpend(
  q: Queryable,
  workspaceId: string,
  row: SpendRow,
): Promise<Required<SpendRow>> {
  const rows = await q.query<SpendRow>(
    `insert into channel_spend (workspace_id, channel, month, medium, campaign, amount)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, channel, month, medium, campaign) do update set amount = excluded.amount
     returning channel, month, medium, campaign, amount`,
    [workspaceId, row.channel, row.month, row.medium ?? '', row.campaign ?? '', row.amount],
  );
  return spendOf(rows[0]!);
}

/**
 * Per channel (the lead's source) and UTC month: leads that became MQLs (or PQLs), SQLs and
 * customers that month, each lead once per month and stage, and revenue won (opportunities closed
 * won that month, credited to their lead's source, else the opportunity's own), over the slice the
 * filters name and per breakdown value (`group`; the planner splits a plan's channels by it).
 */
export async function channelMonthCounts(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
  slice: Pick<ReportFilters, 'where' | 'by'> = { where: {}, by: null },
): Promise<(ChannelMonthCounts & { group: string | null })[]> {
  const { start, end } = periodRange(period);
  const where = filterOn(slice.where, 4, leadDimension);
  const won = filterOn(slice.where, 4, dealDimension);
  const filters = { ...slice, period };
  const rows = await q.query<ChannelMonthCounts & { grp: string | null }>(
    `with reached as (
       select l.source as channel, to_char(t.at at time zone 'UTC', 'YYYY-MM') as month,
              ${groupOn(filters, 't.at', leadDimension)} as grp,
              count(distinct t.lead_id) filter (where t.to_stage in ('mql', 'pql'))::int as mqls,
              count(distinct t.lead_id) filter (where t.to_stage = 'sql')::int as sqls,
              count(distinct t.lead_id) filter (where t.to_stage = 'customer')::int as customers
         from transitions t
         join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
        where t.workspace_id = $1 and t.at >= $2 and t.at < $3
          and t.to_stage in ('mql', 'pql', 'sql', 'customer')
          and l.merged_into_id is null and not l.is_deleted ${where.sql}
        group by 1, 2, 3
     ), won as (
       select coalesce(l.source, o.source) as channel,
              to_char(coalesce(o.closed_at, o.close_date) at time zone 'UTC', 'YYYY-MM') as month,
              ${groupOn(filters, 'coalesce(o.closed_at, o.close_date)', dealDimension)} as grp,
              sum(o.amount)::float8 as revenue
         from opportunities o
         left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id
        where o.workspace_id = $1 and o.is_won
          and coalesce(o.closed_at, o.close_date) >= $2 and coalesce(o.closed_at, o.close_date) < $3 ${won.sql}
        group by 1, 2, 3
     )
     select coalesce(r.channel, w.channel) as channel, coalesce(r.month, w.month) as month,
            case when r.month is null then w.grp else r.grp end as grp,
            coalesce(r.mqls, 0) as mqls, coalesce(r.sqls, 0) as sqls, coalesce(r.customers, 0) as customers,
            coalesce(w.revenue, 0) as revenue
       from reached r
       full join won w on w.channel is not distinct from r.channel and w.month = r.month
                       and w.grp is not distinct from r.grp
      order by 2, 1`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    channel: r.channel,
    month: r.month,
    group: r.grp === null ? null : String(r.grp),
    mqls: Number(r.mqls),
    sqls: Number(r.sqls),
    customers: Number(r.customers),
    revenue: Number(r.revenue),
  }));
}
