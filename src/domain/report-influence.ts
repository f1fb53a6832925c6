// Content influence: which pages, assets, campaigns and events come before MQL, SQL and won, against
// the base rate of all the period's leads, and the content gap (touches that precede wins well but
// that few leads consume). Pure: the store counts leads per touch, this module divides and judges.
import { compareNullable, rate } from './reports.js';

/** What a touch is, read from the event's own properties (see src/store/report-influence.ts). */
export const TOUCH_KINDS = ['page', 'asset', 'campaign', 'event'] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];

/** The stages a touch can come before: MQL (or PQL), SQL, and won (customer). */
export const INFLUENCE_STAGES = ['mql', 'sql', 'won'] as const;
export type InfluenceStage = (typeof INFLUENCE_STAGES)[number];

/** A gap touch's won rate is at least this many times the base rate… */
export const GAP_MIN_LIFT = 1.5;
/** …and at most this share of the period's leads had it at all. */
export const GAP_MAX_REACH = 0.15;
/** z of the two-sided 95% Wilson interval whose lower end judges a lift reliable. */
const Z95 = 1.959964;

export type StageCounts = Record<InfluenceStage, number>;

/** What the store counts per touch and breakdown value, over the leads that entered in the period. */
export interface TouchCounts {
  kind: TouchKind;
  touch: string;
  group: string | null;
  /** Leads that had the touch at any time. */
  leads: number;
  /** Per stage: leads whose first such touch came no later than their first reaching the stage, or that never reached it. */
  exposed: StageCounts;
  /** Of the exposed, those that reached the stage (after the touch). */
  reached: StageCounts;
}

/** The base: every lead of the period (per breakdown value) and how many reached each stage. */
export interface BaseCounts {
  group: string | null;
  leads: number;
  reached: StageCounts;
}

export interface TouchStageFigures {
  exposed: number;
  reached: number;
  /** reached / exposed. */
  rate: number | null;
  /** rate / base rate; null below the minimum sample or when no lead of the base reached the stage. */
  lift: number | null;
  /** The lower end of the rate's 95% Wilson interval / base rate: the lift the sample vouches for. */
  liftLow: number | null;
  /** Fewer exposed leads than the minimum: the rate is shown, the lift is not. */
  isSmallSample: boolean;
}

export interface InfluenceRow {
  kind: TouchKind;
  touch: string;
  group: string | null;
  leads: number;
  /** leads / the period's leads: how widely the touch is consumed. */
  reach: number | null;
  stages: Record<InfluenceStage, TouchStageFigures>;
  /** A content gap: precedes wins with a reliable lift ≥ GAP_MIN_LIFT, yet reaches ≤ GAP_MAX_REACH of the leads. */
  isGap: boolean;
}

export interface InfluenceBase {
  group: string | null;
  leads: number;
  stages: Record<InfluenceStage, { reached: number; rate: number | null }>;
}

/**
 * The lower end of the Wilson score interval for `successes` of `trials` (95%): small samples are
 * pulled towards zero, so a lift they show has to be large to count.
 */
export function wilsonLower(successes: number, trials: number, z = Z95): number | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}

function stageFigures(
  exposed: number,
  reached: number,
  baseRate: number | null,
  minLeads: number,
): TouchStageFigures {
  const r = rate(reached, exposed);
  const isSmallSample = exposed < minLeads;
  const canLift = !isSmallSample && baseRate !== null && baseRate > 0 && r !== null;
  const low = wilsonLower(reached, exposed);
  return {
    exposed,
    reached,
    rate: r,
    lift: canLift ? r / baseRate : null,
    liftLow: canLift && low !== null ? low / baseRate : null,
    isSmallSample,
  };
}

/** A won figure that makes a gap: a reliable lift (its lower end above 1) of at least GAP_MIN_LIFT. */
function isGapFigure(won: TouchStageFigures, reach: number | null): boolean {
  return (
    won.lift !== null &&
    won.liftLow !== null &&
    won.lift >= GAP_MIN_LIFT &&
    won.liftLow > 1 &&
    reach !== null &&
    reach <= GAP_MAX_REACH
  );
}

/** Higher first, nulls last. */
const desc = (a: number | null, b: number | null) => (b ?? -Infinity) - (a ?? -Infinity);

/**
 * Rows per touch and breakdown value, ranked by the won lift the sample vouches for (then the MQL
 * one, then how many leads had it); the base per breakdown value; and the gap, the rows that
 * precede wins reliably and strongly but reach few leads, best first.
 */
export function influenceReport(
  touches: readonly TouchCounts[],
  base: readonly BaseCounts[],
  /** Fewer exposed leads than this behind a rate and its lift is not shown (the counts still are). */
  minLeads: number,
): { base: InfluenceBase[]; rows: InfluenceRow[]; gap: InfluenceRow[] } {
  const groups = [...new Set([...base.map((b) => b.group), ...touches.map((t) => t.group)])].sort(
    compareNullable,
  );
  if (groups.length === 0) groups.push(null);
  const baseOf = new Map(base.map((b) => [b.group, b]));
  const bases: InfluenceBase[] = groups.map((group) => {
    const b = baseOf.get(group);
    const leads = b?.leads ?? 0;
    return {
      group,
      leads,
      stages: Object.fromEntries(
        INFLUENCE_STAGES.map((s) => {
          const reached = b?.reached[s] ?? 0;
          return [s, { reached, rate: rate(reached, leads) }];
        }),
      ) as InfluenceBase['stages'],
    };
  });
  const baseFigures = new Map(bases.map((b) => [b.group, b]));
  const rows = touches.map((t): InfluenceRow => {
    const b = baseFigures.get(t.group);
    const reach = rate(t.leads, b?.leads ?? 0);
    const stages = Object.fromEntries(
      INFLUENCE_STAGES.map((s) => [
        s,
        stageFigures(t.exposed[s], t.reached[s], b?.stages[s].rate ?? null, minLeads),
      ]),
    ) as InfluenceRow['stages'];
    return {
      kind: t.kind,
      touch: t.touch,
      group: t.group,
      leads: t.leads,
      reach,
      stages,
      isGap: isGapFigure(stages.won, reach),
    };
  });
  rows.sort(
    (a, b) =>
      compareNullable(a.group, b.group) ||
      desc(a.stages.won.liftLow, b.stages.won.liftLow) ||
      desc(a.stages.mql.liftLow, b.stages.mql.liftLow) ||
      b.leads - a.leads ||
      compareNullable(a.kind, b.kind) ||
      compareNullable(a.touch, b.touch),
  );
  // Already in the rows' order: per breakdown value, the most reliable won lift first.
  return { base: bases, rows, gap: rows.filter((r) => r.isGap) };
}
