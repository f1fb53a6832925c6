// A sales manager decides a disputed rejection. Upheld: the lead stays where it is. Reversed: the
// lead goes back to the stage it was rejected from, as a recorded transition through the one
// stage-change path (commitLeadChanges, which also hands it off again). Who disputed it hears.
import { AppError, notFound } from '../domain/errors.js';
import {
  type DisputeDecision,
  type DisputeView,
  disputeResolvedEvent,
  planReversal,
} from '../domain/lead-feedback.js';
import type { EngineLead, TransitionRow } from '../domain/engine-lead.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { type Dispute, getDispute, resolveDisputeRow } from '../store/rejection-disputes.js';
import type { Queryable } from '../store/db.js';
import type { Transition } from '../store/transitions.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { commitLeadChanges } from './lead-engine.js';
import { type NamedActor, namedActor } from './named-actor.js';
import { emitEvents } from './outbox.js';
import type { Principal } from './principal.js';

export interface Resolution {
  dispute: Dispute;
  /** The move back to the stage the lead was rejected from; null when upheld. */
  transition: Transition | null;
}

const viewOf = (d: Dispute): DisputeView => ({
  id: d.id,
  rejectedFrom: d.rejectedFrom,
  rejectedTo: d.rejectedTo,
  reasonCode: d.reasonCode,
  openedByLabel: d.openedBy.label,
});

async function reverse(
  tx: Queryable,
  workspaceId: string,
  lead: EngineLead,
  dispute: Dispute,
  by: { actor: NamedActor; now: Date; note: string | null },
): Promise<{ transition: Transition; row: TransitionRow; state: EngineLead['state'] }> {
  const active = await loadActiveAgreement(tx, workspaceId);
  const plan = planReversal(lead, viewOf(dispute), {
    actor: { type: by.actor.type, id: by.actor.id, label: by.actor.label },
    now: by.now,
    agreementVersion: active.version,
    note: by.note,
  });
  if (!plan.ok) throw new AppError('conflict', plan.message);
  const [change] = await commitLeadChanges(tx, { workspaceId, active, now: by.now }, [
    { lead: { ...lead, state: plan.state }, contributions: [], transitions: [plan.transition] },
  ]);
  return { transition: change!.transition, row: plan.transition, state: plan.state };
}

export function resolveDispute(
  deps: Deps,
  principal: Principal,
  disputeId: string,
  input: { decision: DisputeDecision; note: string | null },
): Promise<Resolution> {
  const { workspaceId } = principal;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const actor = await namedActor(tx, principal);
    const found = await getDispute(tx, workspaceId, disputeId);
    if (!found) throw notFound('Dispute');
    const [lead] = await lockEngineLeads(tx, workspaceId, [found.leadId]);
    if (!lead) throw notFound('Lead');
    // Read again under the lead's lock: two managers deciding at once, the second finds it closed.
    const dispute = await getDispute(tx, workspaceId, disputeId);
    if (dispute?.status !== 'open') {
      throw new AppError('conflict', `this dispute was already ${dispute?.status ?? 'closed'}`);
    }
    const reversal =
      input.decision === 'reversed'
        ? await reverse(tx, workspaceId, lead, dispute, { actor, now, note: input.note })
        : null;
    const closed = await resolveDisputeRow(tx, workspaceId, disputeId, {
      status: input.decision,
      by: { type: actor.type, id: actor.id, label: actor.label },
      note: input.note,
      at: now,
      reversalTransitionId: reversal?.transition.id ?? null,
    });
    if (!closed) throw new AppError('conflict', 'this dispute was already closed');
    const opener = dispute.openedBy.type === 'user' && dispute.openedBy.id ? [dispute.openedBy.id] : [];
    const after = reversal ? { ...lead, state: reversal.state } : lead;
    await emitEvents(tx, workspaceId, [
      disputeResolvedEvent(
        after,
        viewOf(dispute),
        {
          decision: input.decision,
          note: input.note,
          at: now,
          byLabel: actor.label,
          reversal: reversal ? { id: reversal.transition.id, row: reversal.row } : null,
        },
        opener.filter((id) => id !== actor.userId),
      ),
    ]);
    return { dispute: closed, transition: reversal?.transition ?? null };
  });
}
