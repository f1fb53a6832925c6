// Marketing disputes a rejection, with a note: only a lead sales rejected (and still where the
// rejection sent it), only once while a dispute is open. The sales managers hear of it by name.
import { AppError, notFound } from '../domain/errors.js';
import { disputableRejection, rejectionDisputedEvent } from '../domain/lead-feedback.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { type Dispute, insertDispute, openDisputeOfLead } from '../store/rejection-disputes.js';
import { leadTransitions } from '../store/transitions.js';
import { listUsers } from '../store/users.js';
import type { Deps } from './deps.js';
import { namedActor } from './named-actor.js';
import { emitEvents } from './outbox.js';
import type { Principal } from './principal.js';

export function disputeRejection(
  deps: Deps,
  principal: Principal,
  leadId: string,
  input: { note: string },
): Promise<Dispute> {
  const { workspaceId } = principal;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const actor = await namedActor(tx, principal);
    // The lead's row lock orders two disputes of one lead: the second sees the first.
    const [lead] = await lockEngineLeads(tx, workspaceId, [leadId]);
    if (!lead) throw notFound('Lead');
    const check = disputableRejection(lead.state.stage, await leadTransitions(tx, workspaceId, leadId));
    if (!check.ok) throw new AppError('conflict', check.message);
    if (await openDisputeOfLead(tx, workspaceId, leadId)) {
      throw new AppError('conflict', 'this rejection is already disputed; a sales manager has yet to decide');
    }
    const { rejection } = check;
    const dispute = await insertDispute(tx, workspaceId, {
      leadId,
      rejectionTransitionId: rejection.id,
      rejectedFrom: rejection.fromStage,
      rejectedTo: rejection.toStage,
      reasonCode: rejection.reasonCode,
      openedBy: { type: actor.type, id: actor.id, label: actor.label },
      note: input.note,
      at: now,
    });
    const members = (await listUsers(tx, workspaceId)).filter((u) => !u.disabledAt);
    const rejecter =
      rejection.actorType === 'user' ? members.find((u) => u.id === rejection.actorId) : undefined;
    const managers = members.filter((u) => u.role === 'sales_manager').map((u) => u.id);
    const notify = [...managers, ...(rejecter ? [rejecter.id] : [])].filter((id) => id !== actor.userId);
    await emitEvents(tx, workspaceId, [
      rejectionDisputedEvent(
        lead,
        {
          id: dispute.id,
          rejectedFrom: dispute.rejectedFrom,
          rejectedTo: dispute.rejectedTo,
          reasonCode: dispute.reasonCode,
          openedByLabel: actor.label,
          note: input.note,
          at: now,
          rejectedByLabel: rejecter?.name ?? rejection.actorLabel,
        },
        notify,
      ),
    ]);
    return dispute;
  });
}
