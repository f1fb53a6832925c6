// When a lead's attributes change without an event (API, CSV, CRM): new fit, and maybe a stage.
import type { Agreement } from './agreement.js';
import { type EngineLead, type TransitionRow, creationTransition, systemTransition } from './engine-lead.js';
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

/** Who created a lead (a person, an API key, else the system) and why, as its first history row says. */
export interface LeadCreation {
  actor: { type: string; id: string | null; label: string };
  reason: string;
}

/**
 * A lead whose fields changed without an event (the API, an import), rescored under the active
 * agreement by reevaluateProfile; `created` puts its creation row first. The history rows it answers
 * are in the order they happened.
 */
export function rescoreChangedLead(
  active: { agreement: Agreement; version: number; epoch: Date },
  lead: EngineLead,
  now: Date,
  created: LeadCreation | null,
): { lead: EngineLead; transitions: TransitionRow[] } {
  const r = reevaluateProfile(
    active.agreement,
    active.version,
    active.epoch,
    lead.state,
    lead.profile,
    lead.usage,
    now,
  );
  const transitions = r.transitions.map((t) => systemTransition(t));
  if (created) {
    const { type, id, label } = created.actor;
    const by = { type: type === 'user' || type === 'api_key' ? type : 'system', id } as const;
    transitions.unshift(creationTransition(lead.createdAt, label, created.reason, active.version, by));
  }
  return { lead: { ...lead, state: r.state }, transitions };
}
