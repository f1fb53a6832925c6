// Sales' side of the hand-off: accept a lead, reject it with a reason (it goes back to marketing),
// log a first touch, and managers reassigning. Only the owner or a manager may accept or reject.
import { AppError, notFound } from '../domain/errors.js';
import { checkManualTransition, enterSideStage, enterStage, rejectionOutcome } from '../domain/lifecycle.js';
import type { Role } from '../domain/roles.js';
import { recordAssignment, setLeadOwner } from '../store/assignments.js';
import type { Queryable } from '../store/db.js';
import { type EngineLead, lockEngineLeads } from '../store/lead-state.js';
import { stopClocks } from '../store/sla-clocks.js';
import { teamOfUser } from '../store/teams.js';
import type { Transition } from '../store/transitions.js';
import { getUser } from '../store/users.js';
import { type ActiveAgreement, loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { assigned, leadName, leadPayload, membersWithRole, transitionPayload } from './handoff-events.js';
import { type LifecycleHooks, commitLeadChanges } from './lead-engine.js';
import { emitEvents } from './outbox.js';
import type { Principal } from './principal.js';
import { moveClocksToOwner } from './sla.js';

type FeedbackDeps = Deps & { hooks: LifecycleHooks };

interface Actor {
  type: 'user' | 'api_key';
  id: string;
  label: string;
  role: Role;
  userId: string | null;
}

function actorOf(p: Principal): Actor {
  if (p.kind === 'write_key') throw new AppError('forbidden', 'A write key can only send events.');
  return p.kind === 'user'
    ? { type: 'user', id: p.userId, label: p.label, role: p.role, userId: p.userId }
    : { type: 'api_key', id: p.keyId, label: p.label, role: p.role, userId: null };
}

const isManager = (role: Role) => role === 'sales_manager' || role === 'admin';

function requireOwnerOrManager(actor: Actor, lead: EngineLead, what: string): void {
  if (isManager(actor.role)) return;
  if (actor.userId !== null && actor.userId === lead.ownerId) return;
  throw new AppError('forbidden', `Only the lead's owner or a sales manager may ${what} it.`);
}

async function withLockedLead<T>(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  work: (tx: Queryable, lead: EngineLead, active: ActiveAgreement, actor: Actor, now: Date) => Promise<T>,
): Promise<T> {
  const actor = actorOf(principal);
  return deps.db.transaction(async (tx) => {
    const [lead] = await lockEngineLeads(tx, principal.workspaceId, [leadId]);
    if (!lead) throw notFound('Lead');
    const active = await loadActiveAgreement(tx, principal.workspaceId);
    return work(tx, lead, active, actor, deps.clock());
  });
}

function transitionRow(
  actor: Actor,
  lead: EngineLead,
  to: string,
  now: Date,
  version: number,
  extra: { reason: string; reasonCode?: string; note?: string | null },
) {
  return {
    fromStage: lead.state.stage,
    toStage: to,
    at: now,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    reason: extra.reason,
    reasonCode: extra.reasonCode ?? null,
    ruleId: null,
    note: extra.note ?? null,
    agreementVersion: version,
  };
}

/** The owner (or a manager) accepts a qualified lead: it becomes a sales-accepted lead (SAL). */
export function acceptLead(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  note: string | null,
): Promise<Transition> {
  return withLockedLead(deps, principal, leadId, async (tx, lead, active, actor, now) => {
    requireOwnerOrManager(actor, lead, 'accept');
    const check = checkManualTransition(active.agreement, lead.state.stage, 'sal', actor.role);
    if (!check.ok) throw new AppError('transition_not_allowed', check.message);
    const ctx = { workspaceId: principal.workspaceId, active, now };
    const [change] = await commitLeadChanges(tx, ctx, deps.hooks, [
      {
        lead: { ...lead, state: enterStage(lead.state, 'sal', now) },
        contributions: [],
        transitions: [
          transitionRow(actor, lead, 'sal', now, active.version, { reason: 'accepted by sales', note }),
        ],
      },
    ]);
    await emitEvents(tx, principal.workspaceId, [
      {
        type: 'feedback.accepted',
        occurredAt: now,
        data: { lead: leadPayload(lead), transition: transitionPayload(change!.transition) },
        notify: null,
      },
    ]);
    return change!.transition;
  });
}

/**
 * Sales rejects a qualified lead with one of the agreement's reason codes (and a note where the
 * reason needs one): it goes back to nurture or out to disqualified, as the agreement maps the reason,
 * and marketing hears why.
 */
export function rejectLead(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  input: { reason: string; note: string | null },
): Promise<Transition> {
  return withLockedLead(deps, principal, leadId, async (tx, lead, active, actor, now) => {
    requireOwnerOrManager(actor, lead, 'reject');
    const outcome = rejectionOutcome(active.agreement, input.reason, input.note);
    if (!outcome.ok) {
      const field = outcome.code === 'note_required' ? 'note' : 'reason';
      throw new AppError('validation_failed', `${field}: ${outcome.message}`, [
        { field, message: outcome.message },
      ]);
    }
    const check = checkManualTransition(active.agreement, lead.state.stage, outcome.to, actor.role);
    if (!check.ok) throw new AppError('transition_not_allowed', check.message);
    const label = active.agreement.feedback.rejectReasons[outcome.reasonCode].label;
    const state = enterSideStage(lead.state, outcome.to, now, {
      recyclable: outcome.recyclable,
      reasonCode: outcome.reasonCode,
    });
    const ctx = { workspaceId: principal.workspaceId, active, now };
    const recycle = outcome.recyclable
      ? `; may re-qualify after ${outcome.coolOffDays} days with fresh engagement`
      : '';
    const [change] = await commitLeadChanges(tx, ctx, deps.hooks, [
      {
        lead: { ...lead, state },
        contributions: [],
        transitions: [
          transitionRow(actor, lead, outcome.to, now, active.version, {
            reason: `rejected by sales: ${label}${recycle}`,
            reasonCode: outcome.reasonCode,
            note: input.note,
          }),
        ],
      },
    ]);
    const marketing = await membersWithRole(tx, principal.workspaceId, 'marketing');
    await emitEvents(tx, principal.workspaceId, [
      {
        type: 'feedback.rejected',
        occurredAt: now,
        data: {
          lead: leadPayload(lead),
          transition: transitionPayload(change!.transition),
          reason: outcome.reasonCode,
          note: input.note,
        },
        notify: marketing.length
          ? {
              userIds: marketing,
              title: `Rejected: ${leadName(lead)} (${label})`,
              body: input.note ?? label,
              leadId: lead.id,
            }
          : null,
      },
    ]);
    return change!.transition;
  });
}

export const TOUCH_KINDS = ['call', 'email', 'meeting', 'linkedin', 'note'] as const;
export type TouchKind = (typeof TOUCH_KINDS)[number];

/** A logged call, e-mail or meeting; the first real touch stops the lead's first-touch clocks. */
export function logTouch(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  input: { kind: TouchKind; note: string | null; at: Date | null },
): Promise<{ id: string; firstTouch: boolean }> {
  return withLockedLead(deps, principal, leadId, async (tx, lead, _active, actor, now) => {
    requireOwnerOrManager(actor, lead, 'log a touch on');
    const at = input.at && input.at < now ? input.at : now;
    const rows = await tx.query<{ id: string }>(
      `insert into activities (workspace_id, lead_id, kind, at, user_id, note) values ($1, $2, $3, $4, $5, $6) returning id`,
      [principal.workspaceId, lead.id, input.kind, at.toISOString(), actor.userId, input.note],
    );
    const isTouch = input.kind !== 'note';
    const updated = isTouch
      ? await tx.query(
          `update leads set first_touch_at = $3 where workspace_id = $1 and id = $2 and first_touch_at is null returning id`,
          [principal.workspaceId, lead.id, at.toISOString()],
        )
      : [];
    if (isTouch) {
      await stopClocks(
        tx,
        principal.workspaceId,
        lead.id,
        { clocks: ['first_touch'] },
        { status: 'met', reason: `first touch: ${input.kind}`, at },
      );
    }
    return { id: rows[0]!.id, firstTouch: updated.length > 0 };
  });
}

/** A manager hands a lead to another rep (or back to the queue); the new owner gets fresh SLA clocks. */
export function reassignLead(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  input: { ownerId: string | null; reason: string },
): Promise<{ ownerId: string | null }> {
  return withLockedLead(deps, principal, leadId, async (tx, lead, active, actor, now) => {
    if (!isManager(actor.role))
      throw new AppError('forbidden', 'Only a sales manager or an admin may reassign leads.');
    if (input.ownerId) {
      const owner = await getUser(tx, principal.workspaceId, input.ownerId);
      if (!owner || owner.disabledAt) {
        throw new AppError('validation_failed', 'ownerId: not an active member of this workspace', [
          { field: 'ownerId', message: 'is not an active member of this workspace' },
        ]);
      }
    }
    const team = input.ownerId ? await teamOfUser(tx, principal.workspaceId, input.ownerId) : null;
    const teamId = team?.id ?? null;
    await setLeadOwner(tx, principal.workspaceId, lead.id, input.ownerId, teamId, now);
    const reason = `reassigned by ${actor.label}: ${input.reason}`;
    await recordAssignment(tx, principal.workspaceId, {
      leadId: lead.id,
      ownerId: input.ownerId,
      previousOwnerId: lead.ownerId,
      teamId,
      kind: 'manual',
      ruleId: null,
      reason,
      actorType: actor.type,
      actorId: actor.id,
      at: now,
    });
    await moveClocksToOwner(tx, active.agreement, {
      workspaceId: principal.workspaceId,
      leadId: lead.id,
      ownerId: input.ownerId,
      teamId,
      at: now,
      reason,
      agreementVersion: active.version,
    });
    const a = { ownerId: input.ownerId, teamId, kind: 'manual', reason };
    await emitEvents(tx, principal.workspaceId, [
      assigned(lead, a, now, input.ownerId ? [input.ownerId] : [], 'lead.reassigned'),
    ]);
    return { ownerId: input.ownerId };
  });
}
