// A lead held by hand: who is acting (a member or an API key, by its role) and the lead under its
// row lock with the agreement in force, in one transaction. Every hand-made change (feedback.ts,
// assignment.ts) starts here.
import { notFound } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import type { EngineLead } from '../domain/engine-lead.js';
import type { Queryable } from '../store/db.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { type ActiveAgreement, loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import type { Principal } from './principal.js';

/** A person or an API key acting by hand; a key has a role but no user, so it never owns a lead. */
export interface HandActor {
  type: 'user' | 'api_key';
  id: string;
  label: string;
  role: Role;
  userId: string | null;
}

export function handActorOf(p: Principal): HandActor {
  return p.kind === 'user'
    ? { type: 'user', id: p.userId, label: p.label, role: p.role, userId: p.userId }
    : { type: 'api_key', id: p.keyId, label: p.label, role: p.role, userId: null };
}

/** A lead under its row lock, with everything a rule needs to decide about it. */
export interface Held {
  tx: Queryable;
  deps: Deps;
  workspaceId: string;
  lead: EngineLead;
  active: ActiveAgreement;
  actor: HandActor;
  now: Date;
}

export function withLockedLead<T>(
  deps: Deps,
  principal: Principal,
  leadId: string,
  work: (held: Held) => Promise<T>,
): Promise<T> {
  const actor = handActorOf(principal);
  const { workspaceId } = principal;
  return deps.db.transaction(async (tx) => {
    const [lead] = await lockEngineLeads(tx, workspaceId, [leadId]);
    if (!lead) throw notFound('Lead');
    const active = await loadActiveAgreement(tx, workspaceId);
    return work({ tx, deps, workspaceId, lead, active, actor, now: deps.clock() });
  });
}
