// Lead quality by source and campaign: of the leads that qualified (MQL or PQL) in the period, how
// many sales accepted, qualified, won, what they brought in, why the rejected ones were rejected
// and how many rejections marketing disputed. Pure: the store counts, this module adds and divides.
import { compareNullable, rate } from './reports.js';

/** Where a row's leads came from, and the breakdown value (`--by`) it belongs to. */
export interface QualityKey {
  source: string | null;
  campaign: string | null;
  group: string | null;
}

/** What the store counts per key, over the leads that first qualified in the period (the MQL cohort). */
export interface QualityCounts extends QualityKey {
  /** Leads that entered mql or pql in the period (each once, at its first qualification in it). */
  mqls: number;
  /** Of those, leads that reached sal after qualifying. */
  accepted: number;
  /** … that reached sql after qualifying. */
  sqls: number;
  /** … that became customers after qualifying. */
  won: number;
  /** The amounts of their won opportunities. */
  revenue: number;
}

/** Rejections of the cohort's leads by a person (with a reason code), per key and reason. */
export interface RejectionCount extends QualityKey {
  reason: string;
  count: number;
}

export const DISPUTE_STATUSES = ['open', 'upheld', 'reversed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** Disputes marketing opened on the cohort's rejections, per key and where they stand. */
export interface DisputeCount extends QualityKey {
  status: DisputeStatus;
  count: number;
}

export interface QualityRow extends QualityCounts {
  /** accepted / mqls (SAL / MQL). */
  acceptanceRate: number | null;
  /** sqls / mqls. */
  sqlRate: number | null;
  /** won / mqls: the share of the qualified leads that became customers. */
  winRate: number | null;
  /** All rejections, and per reason code (most frequent first). */
  rejected: number;
  rejections: { reason: string; count: number }[];
  /** Disputes opened, and where they stand. */
  disputes: number;
  disputesByStatus: Record<DisputeStatus, number>;
}

export interface QualityTotal extends Omit<QualityRow, 'source' | 'campaign'> {
  /** How many source/campaign rows the total adds. */
  rows: number;
}

const keyOf = (k: QualityKey) => JSON.stringify([k.source, k.campaign, k.group]);

function figures(
  c: Omit<QualityCounts, keyof QualityKey>,
  reasons: Map<string, number>,
  disputes: Record<DisputeStatus, number>,
) {
  const rejections = [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  return {
    ...c,
    acceptanceRate: rate(c.accepted, c.mqls),
    sqlRate: rate(c.sqls, c.mqls),
    winRate: rate(c.won, c.mqls),
    rejected: rejections.reduce((n, r) => n + r.count, 0),
    rejections,
    disputes: DISPUTE_STATUSES.reduce((n, s) => n + disputes[s], 0),
    disputesByStatus: disputes,
  };
}

const noDisputes = (): Record<DisputeStatus, number> => ({ open: 0, upheld: 0, reversed: 0 });
const zeroCounts = () => ({ mqls: 0, accepted: 0, sqls: 0, won: 0, revenue: 0 });

/**
 * One row per source, campaign and breakdown value that has anything (the most MQLs first), and a
 * total per breakdown value that adds the rows' counts (rates are recomputed, never averaged).
 */
export function qualityReport(
  counts: readonly QualityCounts[],
  rejections: readonly RejectionCount[],
  disputes: readonly DisputeCount[],
): { rows: QualityRow[]; total: QualityTotal[] } {
  const keys = new Map<string, QualityKey>();
  for (const k of [...counts, ...rejections, ...disputes])
    keys.set(keyOf(k), { source: k.source, campaign: k.campaign, group: k.group });
  const countOf = new Map(counts.map((c) => [keyOf(c), c]));
  const reasonsOf = new Map<string, Map<string, number>>();
  for (const r of rejections) {
    const m = reasonsOf.get(keyOf(r)) ?? new Map<string, number>();
    m.set(r.reason, (m.get(r.reason) ?? 0) + r.count);
    reasonsOf.set(keyOf(r), m);
  }
  const disputesOf = new Map<string, Record<DisputeStatus, number>>();
  for (const d of disputes) {
    const m = disputesOf.get(keyOf(d)) ?? noDisputes();
    m[d.status] += d.count;
    disputesOf.set(keyOf(d), m);
  }
  const rows: QualityRow[] = [...keys.entries()].map(([key, k]) => {
    const c = countOf.get(key);
    return {
      ...k,
      ...figures(
        c
          ? { mqls: c.mqls, accepted: c.accepted, sqls: c.sqls, won: c.won, revenue: c.revenue }
          : zeroCounts(),
        reasonsOf.get(key) ?? new Map(),
        disputesOf.get(key) ?? noDisputes(),
      ),
    };
  });
  rows.sort(
    (a, b) =>
      compareNullable(a.group, b.group) ||
      b.mqls - a.mqls ||
      compareNullable(a.source, b.source) ||
      compareNullable(a.campaign, b.campaign),
  );
  const groups = [...new Set(rows.map((r) => r.group))];
  if (groups.length === 0) groups.push(null);
  const total = groups.map((group): QualityTotal => {
    const mine = rows.filter((r) => r.group === group);
    const sums = zeroCounts();
    const reasons = new Map<string, number>();
    const byStatus = noDisputes();
    for (const r of mine) {
      sums.mqls += r.mqls;
      sums.accepted += r.accepted;
      sums.sqls += r.sqls;
      sums.won += r.won;
      sums.revenue += r.revenue;
      for (const x of r.rejections) reasons.set(x.reason, (reasons.get(x.reason) ?? 0) + x.count);
      for (const s of DISPUTE_STATUSES) byStatus[s] += r.disputesByStatus[s];
    }
    return { group, rows: mine.length, ...figures(sums, reasons, byStatus) };
  });
  return { rows, total };
}
