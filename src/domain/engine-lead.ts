// The lead as the engine works on it (profile, scoring state, owner), and the one way to describe
// a stage move as a history row, whoever makes it: the agreement, a person, a CRM or a creation.
import type { CapCounters } from './engagement.js';
import type { LeadProfile } from './lead-profile.js';
import type { LeadScoringState, TransitionDraft } from './lifecycle.js';
import type { PqlUsage } from './qualification.js';

export interface EngineLead {
  id: string;
  profile: LeadProfile;
  phone: string | null;
  website: string | null;
  accountId: string | null;
  ownerId: string | null;
  state: LeadScoringState;
  counters: CapCounters;
  usage: PqlUsage;
  createdAt: Date;
  lastActivityAt: Date | null;
  scoredVersion: number;
  fallOutAt: Date | null;
}

export type ActorType = 'system' | 'user' | 'api_key' | 'crm' | 'import';

/** Who made a move: the agreement (system), a person or API key, a CRM, an import. */
export interface TransitionActor {
  type: ActorType;
  id: string | null;
  label: string;
}

/** A stage move as stored in the append-only history, before the lead's id, source and owner are added. */
export interface TransitionRow {
  fromStage: string | null;
  toStage: string;
  at: Date;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  reason: string;
  reasonCode: string | null;
  ruleId: string | null;
  note: string | null;
  agreementVersion: number;
}

/** The agreement itself, as the actor of the moves it decides. */
export const AGREEMENT_ACTOR: TransitionActor = { type: 'system', id: null, label: 'agreement' };

/**
 * The one constructor of transition rows. `from: null` is a creation (the lead entered `lead`);
 * the optional fields are null unless given.
 */
export function transitionRow(input: {
  from: string | null;
  to: string;
  at: Date;
  actor: TransitionActor;
  reason: string;
  agreementVersion: number;
  reasonCode?: string | null;
  ruleId?: string | null;
  note?: string | null;
}): TransitionRow {
  return {
    fromStage: input.from,
    toStage: input.to,
    at: input.at,
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    reason: input.reason,
    reasonCode: input.reasonCode ?? null,
    ruleId: input.ruleId ?? null,
    note: input.note ?? null,
    agreementVersion: input.agreementVersion,
  };
}

/** A stage change the agreement decided (the lifecycle's draft), as a transition row. */
export function systemTransition(t: TransitionDraft, suffix = ''): TransitionRow {
  return transitionRow({
    from: t.from,
    to: t.to,
    at: t.at,
    actor: AGREEMENT_ACTOR,
    reason: t.reason + suffix,
    ruleId: t.ruleId,
    agreementVersion: t.agreementVersion,
  });
}

/** The first row of every lead's history: it entered `lead` (made by the system unless `actor` says who). */
export function creationTransition(
  at: Date,
  actorLabel: string,
  reason: string,
  agreementVersion: number,
  actor?: { type: ActorType; id: string | null },
): TransitionRow {
  const by = { type: actor?.type ?? 'system', id: actor?.id ?? null, label: actorLabel };
  return transitionRow({ from: null, to: 'lead', at, actor: by, reason, agreementVersion });
}

/** "Ana Silva", else the e-mail, else a short id: how people see a lead in notifications. */
export function leadName(lead: Pick<EngineLead, 'id' | 'profile'>): string {
  const p = lead.profile;
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return name || p.email || `lead ${lead.id.slice(0, 8)}`;
}
