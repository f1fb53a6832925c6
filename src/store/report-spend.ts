// Spend and return's queries: recorded spend per channel and month, and what each channel (the
// lead's source) brought each month: leads that became MQLs, SQLs and customers, and revenue won.
import type { ChannelMonthCounts, SpendRow } from '../domain/report-spend.js';
import { type ReportPeriod, monthsOf, periodRange } from '../domain/report-months.js';
import type { Queryable } from './db.js';

const spendOf = (r: SpendRow): SpendRow => ({ channel: r.channel, month: r.month, amount: Number(r.amount) });

export async function spendRows(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
): Promise<SpendRow[]> {
  const rows = await q.query<SpendRow>(
    `select channel, month, amount from channel_spend
      where workspace_id = $1 and month = any($2::text[]) order by channel, month`,
    [workspaceId, monthsOf(period)],
  );
  return rows.map(spendOf);
}

/** Sets one channel's spend for a month (replacing what was recorded); returns the row as stored. */
export async function setSpend(q: Queryable, workspaceId: string, row: SpendRow): Promise<SpendRow> {
  const rows = await q.query<SpendRow>(
    `insert into channel_spend (workspace_id, channel, month, amount) values ($1, $2, $3, $4)
     on conflict (workspace_id, channel, month) do update set amount = excluded.amount
     returning channel, month, amount`,
    [workspaceId, row.channel, row.month, row.amount],
  );
  return spendOf(rows[0]!);
}

/**
 * Per channel (the lead's source) and UTC month: leads that became MQLs (or PQLs), SQLs and
 * customers that month, each lead once per month and stage, and revenue won (opportunities closed
 * won that month, credited to their lead's source, else the opportunity's own).
 */
export async function channelMonthCounts(
  q: Queryable,
  workspaceId: string,
  period: ReportPeriod,
): Promise<ChannelMonthCounts[]> {
  const { start, end } = periodRange(period);
  const rows = await q.query<ChannelMonthCounts>(
    `with reached as (
       select l.source as channel, to_char(t.at at time zone 'UTC', 'YYYY-MM') as month,
              count(distinct t.lead_id) filter (where t.to_stage in ('mql', 'pql'))::int as mqls,
              count(distinct t.lead_id) filter (where t.to_stage = 'sql')::int as sqls,
              count(distinct t.lead_id) filter (where t.to_stage = 'customer')::int as customers
         from transitions t
         join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
        where t.workspace_id = $1 and t.at >= $2 and t.at < $3
          and t.to_stage in ('mql', 'pql', 'sql', 'customer')
          and l.merged_into_id is null and not l.is_deleted
        group by 1, 2
     ), won as (
       select coalesce(l.source, o.source) as channel,
              to_char(coalesce(o.closed_at, o.close_date) at time zone 'UTC', 'YYYY-MM') as month,
              sum(o.amount)::float8 as revenue
         from opportunities o
         left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id
        where o.workspace_id = $1 and o.is_won
          and coalesce(o.closed_at, o.close_date) >= $2 and coalesce(o.closed_at, o.close_date) < $3
        group by 1, 2
     )
     select coalesce(r.channel, w.channel) as channel, coalesce(r.month, w.month) as month,
            coalesce(r.mqls, 0) as mqls, coalesce(r.sqls, 0) as sqls, coalesce(r.customers, 0) as customers,
            coalesce(w.revenue, 0) as revenue
       from reached r
       full join won w on w.channel is not distinct from r.channel and w.month = r.month
      order by 2, 1`,
    [workspaceId, start.toISOString(), end.toISOString()],
  );
  return rows.map((r) => ({
    channel: r.channel,
    month: r.month,
    mqls: Number(r.mqls),
    sqls: Number(r.sqls),
    customers: Number(r.customers),
    revenue: Number(r.revenue),
  }));
}
