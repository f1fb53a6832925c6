// Spend and return: what each channel cost per month against what it brought (MQLs, SQLs,
// customers, revenue). A channel is the lead's source as tracking links carry it (utm_source), the
// same name channel spend is recorded under. Pure: the store counts, this module divides.
import { type ReportPeriod, monthsOf } from './report-months.js';
import { rate } from './reports.js';

/** What the store counts per channel and month (and breakdown value when broken down). */
export interface ChannelMonthCounts {
  channel: string | null;
  month: string;
  /** The breakdown value (a campaign, a medium), null when not broken down or not set. */
  group?: string | null;
  mqls: number;
  sqls: number;
  customers: number;
  revenue: number;
}

export interface SpendRow {
  channel: string;
  month: string;
  amount: number;
  /** The medium and campaign it was recorded for; null: the channel's spend as a whole. */
  medium?: string | null;
  campaign?: string | null;
}

export interface ChannelReturn {
  channel: string | null;
  /** The breakdown value (by source, medium or campaign); null when not broken down, or not set. */
  group: string | null;
  /** Spend recorded for the channel over the months (null: none recorded, as for organic or direct). */
  spend: number | null;
  mqls: number;
  sqls: number;
  customers: number;
  revenue: number;
  /** spend / count: null when no spend is recorded or nothing was counted. */
  costPerMql: number | null;
  costPerSql: number | null;
  costPerCustomer: number | null;
  /** revenue / spend: revenue per unit of spend (null without spend). */
  revenuePerSpend: number | null;
}

export interface ChannelMonthReturn extends ChannelReturn {
  month: string;
}

/** All channels added for one month. */
export type PeriodReturn = Omit<ChannelMonthReturn, 'channel' | 'group'>;

function figuresOf(
  channel: string | null,
  group: string | null,
  spend: number | null,
  c: Omit<ChannelMonthCounts, 'channel' | 'month' | 'group'>,
) {
  const per = (n: number) => (spend === null ? null : rate(spend, n));
  return {
    channel,
    group,
    spend,
    mqls: c.mqls,
    sqls: c.sqls,
    customers: c.customers,
    revenue: c.revenue,
    costPerMql: per(c.mqls),
    costPerSql: per(c.sqls),
    costPerCustomer: per(c.customers),
    revenuePerSpend: spend === null ? null : rate(c.revenue, spend),
  };
}

const zero = () => ({ mqls: 0, sqls: 0, customers: 0, revenue: 0 });

/** Which of a spend row's fields a breakdown reads; spend has no other dimension. */
export type SpendBreakdown = 'source' | 'medium' | 'campaign' | null;

/** A spend row's breakdown value: its channel by source; its medium or campaign, null when it has none. */
export function spendGroup(row: SpendRow, by: SpendBreakdown): string | null {
  if (by === 'source') return row.channel;
  if (by === 'medium') return row.medium ?? null;
  if (by === 'campaign') return row.campaign ?? null;
  return null;
}

/**
 * Per channel (and breakdown value) over the period, and per month (every month of the period,
 * counted or not): spend beside what the channel brought, and what each MQL, SQL and customer cost.
 * Rows are those with spend or with anything counted; paid ones (with spend) first, by spend.
 * Broken down by medium or campaign, spend recorded without one is the channel's "not set" row,
 * beside the leads that carry none.
 */
export function spendReport(
  spend: readonly SpendRow[],
  counts: readonly ChannelMonthCounts[],
  period: ReportPeriod,
  by: SpendBreakdown = null,
): { channels: ChannelReturn[]; months: ChannelMonthReturn[] } {
  type Line = { channel: string | null; group: string | null };
  const lineKey = (l: Line) => `${l.channel ?? ''}\u0001${l.group ?? ''}`;
  const key = (l: Line, month: string) => `${lineKey(l)}\u0000${month}`;
  const spendBy = new Map<string, number>();
  const lines = new Map<string, Line>();
  for (const s of spend) {
    const line = { channel: s.channel, group: spendGroup(s, by) };
    lines.set(lineKey(line), line);
    spendBy.set(key(line, s.month), (spendBy.get(key(line, s.month)) ?? 0) + s.amount);
  }
  // Counts of one line and month add up (not broken down, every breakdown value is the channel's).
  const countBy = new Map<string, ReturnType<typeof zero>>();
  for (const c of counts) {
    const line = { channel: c.channel, group: by === null ? null : (c.group ?? null) };
    lines.set(lineKey(line), line);
    const sum = countBy.get(key(line, c.month)) ?? zero();
    sum.mqls += c.mqls;
    sum.sqls += c.sqls;
    sum.customers += c.customers;
    sum.revenue += c.revenue;
    countBy.set(key(line, c.month), sum);
  }
  const months = monthsOf(period);
  const perMonth: ChannelMonthReturn[] = [];
  const channels: ChannelReturn[] = [];
  for (const line of lines.values()) {
    const total = zero();
    let spent: number | null = null;
    for (const month of months) {
      const c = countBy.get(key(line, month)) ?? zero();
      const s = line.channel === null ? undefined : spendBy.get(key(line, month));
      perMonth.push({ month, ...figuresOf(line.channel, line.group, s ?? null, c) });
      total.mqls += c.mqls;
      total.sqls += c.sqls;
      total.customers += c.customers;
      total.revenue += c.revenue;
      if (s !== undefined) spent = (spent ?? 0) + s;
    }
    channels.push(figuresOf(line.channel, line.group, spent, total));
  }
  const order = (a: ChannelReturn, b: ChannelReturn) =>
    (b.spend ?? -1) - (a.spend ?? -1) ||
    b.mqls - a.mqls ||
    (a.channel ?? '\uffff').localeCompare(b.channel ?? '\uffff') ||
    (a.group ?? '\uffff').localeCompare(b.group ?? '\uffff');
  channels.sort(order);
  const rank = new Map(channels.map((c, i) => [lineKey(c), i]));
  perMonth.sort(
    (a, b) => (rank.get(lineKey(a)) ?? 0) - (rank.get(lineKey(b)) ?? 0) || a.month.localeCompare(b.month),
  );
  return { channels, months: perMonth };
}

/**
 * Every month of the period with all channels added: spend (null when no channel recorded any that
 * month) beside everything they brought, and what each MQL, SQL and customer cost overall.
 */
export function periodTotals(months: readonly ChannelMonthReturn[], period: ReportPeriod): PeriodReturn[] {
  return monthsOf(period).map((month) => {
    const total = zero();
    let spent: number | null = null;
    for (const m of months) {
      if (m.month !== month) continue;
      total.mqls += m.mqls;
      total.sqls += m.sqls;
      total.customers += m.customers;
      total.revenue += m.revenue;
      if (m.spend !== null) spent = (spent ?? 0) + m.spend;
    }
    const { channel: _channel, group: _group, ...figures } = figuresOf(null, null, spent, total);
    return { month, ...figures };
  });
}
