// When a lead's attributes change without an event (API, CSV, CRM): new fit, and maybe a stage.
import type { Agreement } from './agreement.js';
import { scoreFit } from './fit-score.js';
import type { LeadProfile } from './lead-profile.js';
import {
  enterStage,
  evaluationTime,
  type LeadScoringState,
  qualificationAt,
  type TransitionDraft,
} from './lifecycle.js';
import type { PqlUsage } from './qualification.js';

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
  const when = evaluationTime(state, at);
  const q = qualificationAt(agreement, epoch, next, usage, null, when);
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
