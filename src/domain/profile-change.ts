// When a lead's attributes change without an event (API, CSV, CRM): new fit, and maybe a stage.
import type { Agreement } from './agreement.js';
import { engagementAt } from './engagement.js';
import { scoreFit } from './fit-score.js';
import type { LeadProfile } from './lead-profile.js';
import { enterStage, type LeadScoringState, type TransitionDraft } from './lifecycle.js';
import { evaluateQualification, type PqlUsage } from './qualification.js';

const later = (a: Date, b: Date | null): Date => (b !== null && b.getTime() > a.getTime() ? b : a);

/**
 * Rescore fit from the new profile and check qualification at `at` (never before the lead's last
 * points or its entry into the current stage, as the event fold does). A better title can make an
 * engaged lead an MQL on the spot; a worse one never demotes it.
 */
export function reevaluateProfile(
  agreement: Agreement,
  agreementVersion: number,
  epoch: Date,
  state: LeadScoringState,
  profile: LeadProfile,
  usage: PqlUsage,
  at: Date,
): { state: LeadScoringState; transitions: TransitionDraft[] } {
  const fit = scoreFit(agreement, profile);
  const next: LeadScoringState = { ...state, fitGrade: fit.grade, fitPoints: fit.points };
  const when = later(later(at, state.lastContributionAt), state.stageEnteredAt);
  const halfLife = agreement.engagement.halfLifeDays;
  const q = evaluateQualification({
    agreement,
    stage: next.stage,
    context: { recycledAt: next.recycledAt, recyclable: next.recyclable, rejectReason: next.rejectReason },
    fitGrade: next.fitGrade,
    engagement: engagementAt(next.engagementS, when, epoch, halfLife),
    freshEngagement: engagementAt(next.freshS, when, epoch, halfLife),
    activity: null,
    pqlUsage: usage,
    at: when,
  });
  if (!q) return { state: next, transitions: [] };
  return {
    state: enterStage(next, q.to, when),
    transitions: [
      {
        from: next.stage,
        to: q.to,
        at: when,
        actor: 'system',
        reason: q.reason,
        ruleId: q.ruleId,
        agreementVersion,
      },
    ],
  };
}
