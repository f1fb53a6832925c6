// A lead's way through the funnel as the scoring fold decides it: its scoring state, entering a
// stage, and the fold over its activities (live, rescored from scratch, fallen out). Moves made by
// people and CRMs are decided in stage-moves.ts.
import type { Agreement, FitGrade } from './agreement.js';
import {
  capPoints,
  emptyCapCounters,
  engagementAt,
  matchRules,
  recordGrant,
  weightAt,
  type Activity,
  type CapCounters,
  type Contribution,
} from './engagement.js';
import { scoreFit } from './fit-score.js';
import type { LeadProfile } from './lead-profile.js';
import {
  emptyPqlUsage,
  evaluateFallOut,
  evaluateQualification,
  recordPqlUsage,
  type PqlUsage,
  type Qualification,
} from './qualification.js';
import { isSideStage, type SideStage, type Stage } from './stages.js';

/**
 * What is kept per lead between events. `engagementS` and `freshS` are sums against the workspace epoch
 * (see engagement.ts): engagement at t is engagementAt(engagementS, t, epoch, halfLifeDays).
 */
export interface LeadScoringState {
  stage: Stage;
  stageEnteredAt: Date;
  fitGrade: FitGrade;
  fitPoints: number;
  engagementS: number;
  lastContributionAt: Date | null;
  /** The part of S earned since `recycledAt` (0 until the lead is first recycled). */
  freshS: number;
  recycledAt: Date | null;
  recyclable: boolean;
  rejectReason: string | null;
}

/** A stage change the fold decided; the service stores it as an append-only transition row. */
export interface TransitionDraft {
  from: Stage;
  to: Stage;
  at: Date;
  actor: 'system';
  reason: string;
  ruleId: string;
  agreementVersion: number;
}

export interface LeadStep {
  activity: Activity;
  /** The lead's profile right after this activity (an identify may have changed it). */
  profile: LeadProfile;
}

export interface AdvanceResult {
  state: LeadScoringState;
  contributions: Contribution[];
  transitions: TransitionDraft[];
  counters: CapCounters;
  usage: PqlUsage;
}

/** A lead before anything scored it (the table's defaults): in `lead` since `at`, fit D, no engagement. */
export function unscoredLeadState(at: Date): LeadScoringState {
  return {
    stage: 'lead',
    stageEnteredAt: at,
    fitGrade: 'D',
    fitPoints: 0,
    engagementS: 0,
    lastContributionAt: null,
    freshS: 0,
    recycledAt: null,
    recyclable: false,
    rejectReason: null,
  };
}

/** A brand-new lead: in `lead`, fit scored from its profile, no engagement. */
export function newLeadState(agreement: Agreement, profile: LeadProfile, at: Date): LeadScoringState {
  const fit = scoreFit(agreement, profile);
  return { ...unscoredLeadState(at), fitGrade: fit.grade, fitPoints: fit.points };
}

/** The lead parked in a side stage: the recycling clock starts and fresh engagement starts from zero. */
export function enterSideStage(
  state: LeadScoringState,
  to: SideStage,
  at: Date,
  options: { recyclable: boolean; reasonCode: string | null },
): LeadScoringState {
  return {
    ...state,
    stage: to,
    stageEnteredAt: at,
    recycledAt: at,
    freshS: 0,
    recyclable: options.recyclable,
    rejectReason: options.reasonCode,
  };
}

/** The lead moved to a main stage (accepted, converted, re-qualified): only the stage and its date change. */
export function enterStage(state: LeadScoringState, to: Stage, at: Date): LeadScoringState {
  return { ...state, stage: to, stageEnteredAt: at };
}

const laterOf = (a: Date, b: Date | null): Date => (b !== null && b.getTime() > a.getTime() ? b : a);

// Adds the activity's capped points to the running sums; shared by the live fold and the rescore.
function addActivity(agreement: Agreement, epoch: Date, acc: AdvanceResult, activity: Activity): void {
  const halfLife = agreement.engagement.halfLifeDays;
  let { engagementS, freshS, lastContributionAt } = acc.state;
  const recycledAt = acc.state.recycledAt;
  for (const hit of matchRules(agreement, activity)) {
    const points = capPoints(hit.rule, hit.points, activity.at, acc.counters);
    if (points <= 0) continue;
    acc.counters = recordGrant(acc.counters, hit.rule, activity.at, points);
    acc.contributions.push({
      ruleId: hit.ruleId,
      label: hit.label,
      activityId: activity.id,
      points,
      at: activity.at,
    });
    const added = points * weightAt(activity.at, epoch, halfLife);
    engagementS += added;
    if (recycledAt !== null && activity.at.getTime() >= recycledAt.getTime()) freshS += added;
    lastContributionAt = laterOf(activity.at, lastContributionAt);
  }
  acc.usage = recordPqlUsage(agreement, acc.usage, activity);
  acc.state = { ...acc.state, engagementS, freshS, lastContributionAt };
}

// Qualification looks at the latest moment the lead's data speaks for: never before its last points
// (S already holds them) nor before it entered its current stage.
export function evaluationTime(state: LeadScoringState, at: Date): Date {
  return laterOf(laterOf(at, state.lastContributionAt), state.stageEnteredAt);
}

/**
 * The stage a lead's scoring state qualifies it into at `at` (its engagement decayed to then), with
 * the rule and reason; null when it does not. The event fold and a profile change both ask here.
 */
export function qualificationAt(
  agreement: Agreement,
  epoch: Date,
  state: LeadScoringState,
  usage: PqlUsage,
  activity: Activity | null,
  at: Date,
): Qualification | null {
  const halfLife = agreement.engagement.halfLifeDays;
  return evaluateQualification({
    agreement,
    stage: state.stage,
    context: { recycledAt: state.recycledAt, recyclable: state.recyclable, rejectReason: state.rejectReason },
    fitGrade: state.fitGrade,
    engagement: engagementAt(state.engagementS, at, epoch, halfLife),
    freshEngagement: engagementAt(state.freshS, at, epoch, halfLife),
    activity,
    pqlUsage: usage,
    at,
  });
}

function qualify(
  agreement: Agreement,
  agreementVersion: number,
  epoch: Date,
  acc: AdvanceResult,
  activity: Activity | null,
  at: Date,
): void {
  const { state } = acc;
  const q = qualificationAt(agreement, epoch, state, acc.usage, activity, at);
  if (!q) return;
  acc.transitions.push({
    from: state.stage,
    to: q.to,
    at,
    actor: 'system',
    reason: q.reason,
    ruleId: q.ruleId,
    agreementVersion,
  });
  acc.state = enterStage(state, q.to, at);
}

/**
 * Fold a lead's new activities into its state, in the given order: capped contributions, fit from each
 * step's profile, and an immediate stage change when the lead qualifies. Feeding steps one call at a time
 * (threading state, counters and usage) gives exactly what one call with all of them gives.
 */
export function advanceLead(
  agreement: Agreement,
  agreementVersion: number,
  epoch: Date,
  state: LeadScoringState,
  steps: readonly LeadStep[],
  counters: CapCounters,
  usage: PqlUsage,
): AdvanceResult {
  const acc: AdvanceResult = { state, contributions: [], transitions: [], counters, usage };
  for (const { activity, profile } of steps) {
    addActivity(agreement, epoch, acc, activity);
    const fit = scoreFit(agreement, profile);
    acc.state = { ...acc.state, fitGrade: fit.grade, fitPoints: fit.points };
    qualify(agreement, agreementVersion, epoch, acc, activity, evaluationTime(acc.state, activity.at));
  }
  return acc;
}

/**
 * Score a lead again from scratch under a (new) agreement: contributions from all its activities in time
 * order, fit from its profile, then at most one stage change at `now` — qualification (hand-raises are not
 * replayed: they count when they happen) or, only where the agreement's fallOut says so, a fall-out.
 */
export function rescoreLead(
  agreement: Agreement,
  agreementVersion: number,
  epoch: Date,
  profile: LeadProfile,
  allActivities: readonly Activity[],
  stateBefore: LeadScoringState,
  now: Date,
): AdvanceResult {
  const fit = scoreFit(agreement, profile);
  const start: LeadScoringState = {
    ...stateBefore,
    fitGrade: fit.grade,
    fitPoints: fit.points,
    engagementS: 0,
    freshS: 0,
    lastContributionAt: null,
  };
  const acc: AdvanceResult = {
    state: start,
    contributions: [],
    transitions: [],
    counters: emptyCapCounters(),
    usage: emptyPqlUsage(),
  };
  const sorted = [...allActivities].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const activity of sorted) addActivity(agreement, epoch, acc, activity);
  const at = evaluationTime(acc.state, now);
  qualify(agreement, agreementVersion, epoch, acc, null, at);
  if (acc.transitions.length === 0) {
    const fallOut = fallOutLead(agreement, agreementVersion, epoch, acc.state, at);
    if (fallOut) {
      acc.state = fallOut.state;
      acc.transitions.push(fallOut.transition);
    }
  }
  return acc;
}

/**
 * The fall-out timer's action: if the lead's engagement at `at` is below the agreement's line for its
 * stage, move it (into a side stage as recyclable, with the recycling clock started).
 */
export function fallOutLead(
  agreement: Agreement,
  agreementVersion: number,
  epoch: Date,
  state: LeadScoringState,
  at: Date,
): { state: LeadScoringState; transition: TransitionDraft } | null {
  const engagement = engagementAt(state.engagementS, at, epoch, agreement.engagement.halfLifeDays);
  const fallOut = evaluateFallOut(agreement, state.stage, engagement);
  if (!fallOut) return null;
  const next = isSideStage(fallOut.to)
    ? enterSideStage(state, fallOut.to, at, { recyclable: fallOut.to !== 'disqualified', reasonCode: null })
    : enterStage(state, fallOut.to, at);
  return {
    state: next,
    transition: {
      from: state.stage,
      to: fallOut.to,
      at,
      actor: 'system',
      reason: fallOut.reason,
      ruleId: fallOut.ruleId,
      agreementVersion,
    },
  };
}
