// When a lead qualifies (matrix cell, hand-raise, product usage, recycling) and when it falls out of a stage.
import type { Agreement, FitGrade, PqlRule } from './agreement.js';
import { crossingTime, DAY_MS, engagementBand, matchesActivity, type Activity } from './engagement.js';
import { gradeAtLeast } from './fit-score.js';
import { rejectReasonPolicy } from './reject-reasons.js';
import { isQualifiedOrBeyond, isSideStage, type QualifiedStage, type Stage } from './stages.js';

/**
 * Timestamps (ms) of the activities each PQL rule matched, per lead, pruned to the rule's window.
 * Plain JSON, meant to be stored with the lead next to its cap counters.
 */
export type PqlUsage = Record<string, number[]>;

export function emptyPqlUsage(): PqlUsage {
  return {};
}

/** Usage after the activity: added to every PQL rule it matches (a new object; the input is untouched). */
export function recordPqlUsage(agreement: Agreement, usage: PqlUsage, activity: Activity): PqlUsage {
  let next = usage;
  for (const rule of agreement.qualification.pql) {
    if (!matchesActivity(rule.match, activity)) continue;
    const t = activity.at.getTime();
    const times = [...(usage[rule.id] ?? []), t].sort((a, b) => a - b);
    // Keep only what can still count: the window ending at the newest use (late events older than that are lost).
    const newest = times[times.length - 1] ?? t;
    if (next === usage) next = { ...usage };
    next[rule.id] = times.filter((x) => x > newest - rule.withinDays * DAY_MS);
  }
  return next;
}

/** How many matching activities fall in the rule's window ending at `at`: (at − withinDays, at]. */
export function pqlCount(usage: PqlUsage, rule: PqlRule, at: Date): number {
  const end = at.getTime();
  const start = end - rule.withinDays * DAY_MS;
  return (usage[rule.id] ?? []).filter((t) => t > start && t <= end).length;
}

/** What qualification needs to know about the lead's stage: was it recycled, when, and why. */
export interface StageContext {
  /** When the lead last entered a side stage; null if never (or not known). */
  recycledAt: Date | null;
  recyclable: boolean;
  rejectReason: string | null;
}

export interface QualificationInput {
  agreement: Agreement;
  stage: Stage;
  context: StageContext;
  fitGrade: FitGrade;
  /** Decayed engagement at `at`. */
  engagement: number;
  /** Decayed engagement earned since `context.recycledAt`, at `at`. */
  freshEngagement: number;
  /** The activity being processed (hand-raises fire only on the activity itself); null for a rescore. */
  activity: Activity | null;
  pqlUsage: PqlUsage;
  at: Date;
}

export interface Qualification {
  to: QualifiedStage;
  /** A sentence for the person reading the lead's history. */
  reason: string;
  /** The hand-raise or PQL rule id, `matrix:<cell>` or `recycling:<grade>`. */
  ruleId: string;
}

/** Engagement for people: truncated to one decimal, so a value shown never looks like it reached a bar it missed. */
export function formatEngagement(value: number): string {
  return (Math.floor(value * 10 + 1e-9) / 10).toFixed(1);
}

/** The cool-off that applies to a recycled lead: its reject reason's (built-in or the workspace's), else the agreement's. */
export function coolOffDays(agreement: Agreement, context: StageContext): number {
  const reason =
    context.rejectReason !== null ? rejectReasonPolicy(agreement, context.rejectReason) : undefined;
  return reason?.coolOffDays ?? agreement.recycling.coolOffDays;
}

/** When a recycled lead's cool-off ends; null when the recycling time is unknown (treated as over). */
export function coolOffEndsAt(agreement: Agreement, context: StageContext): Date | null {
  if (context.recycledAt === null) return null;
  return new Date(context.recycledAt.getTime() + coolOffDays(agreement, context) * DAY_MS);
}

/**
 * Does the lead qualify now, and into which stage? Only a lead in `lead`, or in a side stage it was
 * recyclably sent to, can; a lead at or after mql/pql never re-qualifies. Checked in order: a hand-raise
 * on this very activity, then PQL usage, then the fit × engagement matrix (or, for a recycled lead,
 * cool-off + fresh engagement + a fit grade that has a qualifying cell).
 */
export function evaluateQualification(input: QualificationInput): Qualification | null {
  const { agreement, stage, context, fitGrade, activity, at } = input;
  if (isQualifiedOrBeyond(stage)) return null;
  const isRecycled = isSideStage(stage);
  if (isRecycled && !context.recyclable) return null;
  const coolOffEnd = isRecycled ? coolOffEndsAt(agreement, context) : null;
  const isCoolingOff = coolOffEnd !== null && at.getTime() < coolOffEnd.getTime();

  if (activity !== null && activity.type === 'track' && activity.event !== null) {
    const event = activity.event.trim().toLowerCase();
    for (const h of agreement.qualification.handRaises) {
      if (h.event.trim().toLowerCase() !== event || !gradeAtLeast(fitGrade, h.minFit)) continue;
      if (isCoolingOff && !agreement.recycling.handRaiseBypassesCoolOff) continue;
      const bypass = isCoolingOff ? '; hand-raises skip the recycling cool-off' : '';
      return {
        to: h.to,
        ruleId: h.id,
        reason: `hand-raise "${activity.event}" (${h.label}) with fit ${fitGrade}, which needs ${h.minFit} or better${bypass}`,
      };
    }
  }

  const fresh = agreement.recycling.freshEngagement;
  if (isRecycled && (isCoolingOff || input.freshEngagement < fresh)) return null;
  const recycledNote = isRecycled
    ? `; fresh engagement ${formatEngagement(input.freshEngagement)} since recycling reaches ${fresh}`
    : '';

  for (const rule of agreement.qualification.pql) {
    const count = pqlCount(input.pqlUsage, rule, at);
    if (count < rule.minCount || !gradeAtLeast(fitGrade, rule.minFit)) continue;
    return {
      to: 'pql',
      ruleId: rule.id,
      reason: `${rule.label}: ${count} matching activities in the last ${rule.withinDays} days (needs ${rule.minCount}) with fit ${fitGrade}, which needs ${rule.minFit} or better${recycledNote}`,
    };
  }

  const cells = agreement.qualification.mql.cells;
  if (isRecycled) {
    const gradeCells = cells.filter((c) => c.startsWith(fitGrade));
    if (gradeCells.length === 0) return null;
    const since =
      context.recycledAt === null
        ? ''
        : ` ${formatDays(at.getTime() - context.recycledAt.getTime())} after recycling (cool-off ${coolOffDays(agreement, context)} days)`;
    return {
      to: 'mql',
      ruleId: `recycling:${fitGrade}`,
      reason: `back in play${since}${recycledNote}, and fit ${fitGrade} has qualifying cells (${gradeCells.join(', ')})`,
    };
  }
  const cell = `${fitGrade}${engagementBand(agreement, input.engagement)}`;
  if (!cells.includes(cell)) return null;
  return {
    to: 'mql',
    ruleId: `matrix:${cell}`,
    reason: `engagement ${formatEngagement(input.engagement)} with fit ${fitGrade} is cell ${cell}, which qualifies`,
  };
}

function formatDays(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days === 1 ? '1 day' : `${days} days`;
}

export interface FallOutDecision {
  to: Stage;
  reason: string;
  ruleId: 'fall-out';
}

/** Has the lead's engagement decayed below the agreement's fall-out line for its stage? Never without `fallOut`. */
export function evaluateFallOut(
  agreement: Agreement,
  stage: Stage,
  engagement: number,
): FallOutDecision | null {
  const rule = agreement.qualification.fallOut;
  if (!rule || !rule.stages.includes(stage) || !(engagement < rule.belowEngagement)) return null;
  return {
    to: rule.to,
    ruleId: 'fall-out',
    reason: `engagement decayed to ${formatEngagement(engagement)}, below ${rule.belowEngagement}, so the lead falls out of ${stage} to ${rule.to}`,
  };
}

/**
 * When a lead in `stage` with engagement sum S will fall out (the one timer to schedule), or null when it
 * never will. Just after the exact crossing, so that evaluateFallOut at that instant agrees.
 */
export function fallOutAt(agreement: Agreement, stage: Stage, S: number, epoch: Date): Date | null {
  const rule = agreement.qualification.fallOut;
  if (!rule || !rule.stages.includes(stage)) return null;
  if (!(S > 0)) return epoch; // no engagement at all: already below the line
  const t = crossingTime(S, rule.belowEngagement, epoch, agreement.engagement.halfLifeDays);
  return t === null ? null : new Date(t.getTime() + 1);
}
