// Changing a lead's owner by hand: /assign, and an ownerId sent when creating or updating a lead.
import { AppError } from '../domain/errors.js';
import { can } from '../domain/roles.js';
import type { EngineLead } from '../domain/engine-lead.js';
import type { Queryable } from '../store/db.js';
import { getUser } from '../store/users.js';
import type { ActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { handOff } from './handoff.js';
import { type HandActor, withLockedLead } from './lead-lock.js';
import type { Principal } from './principal.js';

/**
 * The one way a person changes a lead's owner (/assign, and an ownerId sent when creating or
 * updating a lead): only roles with leads:assign, only to an active member (or null: back to the
 * queue); the assignment is recorded with its reason, the running SLA clocks move to the new owner
 * and the new owner hears about it. The caller holds the lead's row lock.
 */
export async function assignOwner(
  tx: Queryable,
  by: { workspaceId: string; active: ActiveAgreement; actor: HandActor; now: Date },
  lead: EngineLead,
  input: { ownerId: string | null; reason: string },
): Promise<void> {
  const { workspaceId, actor } = by;
  if (!can(actor.role, 'leads:assign'))
    throw new AppError('forbidden', `The ${actor.role} role may not assign leads.`);
  if (input.ownerId) {
    const owner = await getUser(tx, workspaceId, input.ownerId);
    if (!owner || owner.disabledAt) {
      throw new AppError('validation_failed', 'ownerId: not an active member of this workspace', [
        { field: 'ownerId', message: 'is not an active member of this workspace' },
      ]);
    }
  }
  await handOff(tx, by, [
    {
      kind: 'assign',
      lead,
      ownerId: input.ownerId,
      reason: input.reason,
      actor: { type: actor.type, id: actor.id, label: actor.label },
    },
  ]);
}

/** A manager hands a lead to another rep (or back to the queue); the new owner gets fresh SLA clocks. */
export function reassignLead(
  deps: Deps,
  principal: Principal,
  leadId: string,
  input: { ownerId: string | null; reason: string },
): Promise<{ ownerId: string | null }> {
  return withLockedLead(deps, principal, leadId, async (h) => {
    await assignOwner(h.tx, h, h.lead, input);
    return { ownerId: input.ownerId };
  });
}
