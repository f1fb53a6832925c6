// Spend and return: what each channel cost per month against what it brought (MQLs, SQLs,
// customers, revenue). A channel is the lead's source as tracking links carry it (utm_source), the
// same name channel spend is recorded under. Pure: the store counts, this module divides.
import { type ReportPeriod, monthsOf } from './report-months.js';
import { rate } from './reports.js';

/** What the store counts per channel and month. */
export interface ChannelMonthCounts {
  channel: string | null;
  month: string;
  mqls: number;
  sqls: number;
  customers: number;
  revenue: number;
}

export interface SpendRow {
  channel: string;
  month: string;
  amount: number;
}

export interface ChannelReturn {
  channel: string | null;
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
export type PeriodReturn = Omit<ChannelMonthReturn, 'channel'>;

function figuresOf(
  channel: string | null,
  spend: number | null,
  c: Omit<ChannelMonthCounts, 'channel' | 'month'>,
) {
  const per = (n: number) => (spend === null ? null : rate(spend, n));
  return {
    channel,
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

/**
 * Per channel over the period, and per channel and month (every month of the period, counted or
 * not): spend beside what the channel brought, and what each MQL, SQL and customer cost. Channels
 * are those with spend or with anything counted; paid ones (with spend) first, by spend.
 */
export function spendReport(
  spend: readonly SpendRow[],
  counts: readonly ChannelMonthCounts[],
  period: ReportPeriod,
): { channels: ChannelReturn[]; months: ChannelMonthReturn[] } {
  const key = (channel: string | null, month: string) => `${channel ?? ''}\u0000${month}`;
  const spendBy = new Map<string, number>();
  for (const s of spend)
    spendBy.set(key(s.channel, s.month), (spendBy.get(key(s.channel, s.month)) ?? 0) + s.amount);
  const countBy = new Map(counts.map((c) => [key(c.channel, c.month), c]));
  const names = [
    ...new Set<string | null>([...spend.map((s) => s.channel), ...counts.map((c) => c.channel)]),
  ];
  const months = monthsOf(period);
  const perMonth: ChannelMonthReturn[] = [];
  const channels: ChannelReturn[] = [];
  for (const channel of names) {
    const total = zero();
    let spent: number | null = null;
    for (const month of months) {
      const c = countBy.get(key(channel, month)) ?? zero();
      const s = channel === null ? undefined : spendBy.get(key(channel, month));
      perMonth.push({ month, ...figuresOf(channel, s ?? null, c) });
      total.mqls += c.mqls;
      total.sqls += c.sqls;
      total.customers += c.customers;
      total.revenue += c.revenue;
      if (s !== undefined) spent = (spent ?? 0) + s;
    }
    channels.push(figuresOf(channel, spent, total));
  }
  const order = (a: ChannelReturn, b: ChannelReturn) =>
    (b.spend ?? -1) - (a.spend ?? -1) ||
    b.mqls - a.mqls ||
    (a.channel ?? '\uffff').localeCompare(b.channel ?? '\uffff');
  channels.sort(order);
  const rank = new Map(channels.map((c, i) => [c.channel, i]));
  perMonth.sort(
    (a, b) => (rank.get(a.channel) ?? 0) - (rank.get(b.channel) ?? 0) || a.month.localeCompare(b.month),
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
    const { channel: _channel, ...figures } = figuresOf(null, spent, total);
    return { month, ...figures };
  });
}
