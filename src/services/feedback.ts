// People acting on a lead by hand: accept it, reject it with a reason (it goes back to marketing),
// move it along the funnel, log a first touch (changing its owner is assignment.ts). Each rule has
// one implementation here, whichever route asks for it: /stage to sal IS an acceptance, and /stage
// to nurture or disqualified from a qualified stage IS a rejection.
import { AppError, invalid } from '../domain/errors.js';
import { enterSideStage, enterStage } from '../domain/lifecycle.js';
import { checkManualTransition, manualMoveKind, rejectionOutcome } from '../domain/stage-moves.js';
import type { Role } from '../domain/roles.js';
import { type Stage, isSideStage } from '../domain/stages.js';
import { type EngineLead, type TransitionRow, transitionRow } from '../domain/engine-lead.js';
import type { FeedbackNote } from '../domain/handoff-types.js';
import { insertTouch, markFirstTouch } from '../store/handoff-touches.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { stopClocks } from '../store/sla-clocks.js';
import type { Transition } from '../store/transitions.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { commitLeadChanges } from './lead-engine.js';
import { type HandActor, type Held, handActorOf, withLockedLead } from './lead-lock.js';
import type { Principal } from './principal.js';

type FeedbackDeps = Deps;

const isManager = (role: Role) => role === 'sales_manager' || role === 'admin';

function requireOwnerOrManager(actor: HandActor, lead: EngineLead, what: string): void {
  if (isManager(actor.role)) return;
  if (actor.userId !== null && actor.userId === lead.ownerId) return;
  throw new AppError('forbidden', `Only the lead's owner or a sales manager may ${what} it.`);
}

/** The move the holder's actor makes now, from the lead's stage. */
function manualMove(
  h: Held,
  to: string,
  extra: { reason: string; reasonCode?: string; note?: string | null },
): TransitionRow {
  return transitionRow({
    from: h.lead.state.stage,
    to,
    at: h.now,
    actor: h.actor,
    agreementVersion: h.active.version,
    ...extra,
  });
}

function requireAllowedMove(h: Held, to: Stage): void {
  const check = checkManualTransition(h.active.agreement, h.lead.state.stage, to, h.actor.role);
  if (!check.ok) throw new AppError('transition_not_allowed', check.message);
}

/** A move a rule has allowed, not yet written: the lead's new state, its transition, what sales said. */
interface PlannedMove {
  state: EngineLead['state'];
  row: TransitionRow;
  feedback?: FeedbackNote;
}

async function commitMove(h: Held, move: PlannedMove): Promise<Transition> {
  const ctx = { workspaceId: h.workspaceId, active: h.active, now: h.now };
  const [change] = await commitLeadChanges(h.tx, ctx, [
    {
      lead: { ...h.lead, state: move.state },
      contributions: [],
      transitions: [move.row],
      feedback: move.feedback,
    },
  ]);
  return change!.transition;
}

/** Acceptance: the owner or a manager takes a qualified lead; it becomes a sales-accepted lead (SAL). */
function accept(h: Held, input: { note: string | null; reason?: string }): PlannedMove {
  requireOwnerOrManager(h.actor, h.lead, 'accept');
  requireAllowedMove(h, 'sal');
  return {
    state: enterStage(h.lead.state, 'sal', h.now),
    row: manualMove(h, 'sal', { reason: input.reason ?? 'accepted by sales', note: input.note }),
    feedback: { kind: 'accepted' },
  };
}

/**
 * Rejection: the owner or a manager turns a lead down with one of the agreement's reason codes (and
 * a note where the reason needs one); it goes where the agreement maps the reason, and marketing
 * hears why. `to` is where the caller asked the lead to go (/stage), which the reason must match.
 */
function reject(
  h: Held,
  input: { reasonCode: string; note: string | null; field: string; to?: Stage; why?: string },
): PlannedMove {
  requireOwnerOrManager(h.actor, h.lead, 'reject');
  const { agreement } = h.active;
  const outcome = rejectionOutcome(agreement, input.reasonCode, input.note);
  if (!outcome.ok) {
    throw invalid(outcome.code === 'note_required' ? 'note' : input.field, outcome.message);
  }
  if (input.to !== undefined && input.to !== outcome.to) {
    throw invalid(input.field, `"${outcome.reasonCode}" sends a lead to ${outcome.to}, not ${input.to}`);
  }
  requireAllowedMove(h, outcome.to);
  const { label } = outcome;
  const recycle = outcome.recyclable
    ? `; may re-qualify after ${outcome.coolOffDays} days with fresh engagement`
    : '';
  return {
    state: enterSideStage(h.lead.state, outcome.to, h.now, {
      recyclable: outcome.recyclable,
      reasonCode: outcome.reasonCode,
    }),
    row: manualMove(h, outcome.to, {
      reason: `rejected by sales: ${label}${recycle}${input.why ? ` — ${input.why}` : ''}`,
      reasonCode: outcome.reasonCode,
      note: input.note,
    }),
    feedback: { kind: 'rejected', reasonCode: outcome.reasonCode, label, note: input.note },
  };
}

/** The owner (or a manager) accepts a qualified lead. */
export function acceptLead(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  note: string | null,
): Promise<Transition> {
  return withLockedLead(deps, principal, leadId, (h) => commitMove(h, accept(h, { note })));
}

/** The owner (or a manager) rejects a qualified lead with a reason code. */
export function rejectLead(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  input: { reason: string; note: string | null },
): Promise<Transition> {
  return withLockedLead(deps, principal, leadId, (h) =>
    commitMove(h, reject(h, { reasonCode: input.reason, note: input.note, field: 'reason' })),
  );
}

const VERBS = { acceptance: 'accept', rejection: 'reject', move: 'move' } as const;

/**
 * A person (or an API key with a role) moves a lead to a stage. What the move amounts to decides
 * its rules (see manualMoveKind): an acceptance or a rejection follows exactly the rules of /accept
 * and /reject; any other move needs the agreement to allow it for the role, and a sales rep may
 * only move their own leads. A refused move changes nothing.
 */
export function moveLeadStage(
  deps: FeedbackDeps,
  principal: Principal,
  leadId: string,
  input: StageMoveInput,
): Promise<Transition> {
  return withLockedLead(deps, principal, leadId, (h) => commitMove(h, planStageMove(h, input)));
}

type StageMoveInput = { to: Stage; reason: string; reasonCode?: string; note?: string | null };

function planStageMove(h: Held, input: StageMoveInput): PlannedMove {
  const note = input.note ?? null;
  const kind = manualMoveKind(h.lead.state.stage, input.to);
  // Who may comes first: a caller who may not make the move learns nothing about its inputs.
  if (kind !== 'move' || h.actor.role === 'sales_rep') requireOwnerOrManager(h.actor, h.lead, VERBS[kind]);
  if (kind === 'rejection') {
    if (!input.reasonCode) {
      const stage = h.lead.state.stage;
      throw invalid('reasonCode', `moving a ${stage} to ${input.to} rejects it: give a reject reason`);
    }
    return reject(h, {
      reasonCode: input.reasonCode,
      note,
      field: 'reasonCode',
      to: input.to,
      why: input.reason,
    });
  }
  if (input.reasonCode !== undefined) {
    throw invalid('reasonCode', 'only a rejection (mql or pql to nurture or disqualified) takes one');
  }
  if (kind === 'acceptance') return accept(h, { note, reason: input.reason });
  requireAllowedMove(h, input.to);
  const state = isSideStage(input.to)
    ? enterSideStage(h.lead.state, input.to, h.now, {
        recyclable: input.to !== 'disqualified',
        reasonCode: null,
      })
    : enterStage(h.lead.state, input.to, h.now);
  return { state, row: manualMove(h, input.to, { reason: input.reason, note }) };
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
  return withLockedLead(deps, principal, leadId, (h) => recordTouch(h, input));
}

async function recordTouch(
  { tx, workspaceId, lead, actor, now }: Held,
  input: { kind: TouchKind; note: string | null; at: Date | null },
): Promise<{ id: string; firstTouch: boolean }> {
  requireOwnerOrManager(actor, lead, 'log a touch on');
  const at = input.at && input.at < now ? input.at : now;
  const id = await insertTouch(tx, workspaceId, {
    leadId: lead.id,
    kind: input.kind,
    at,
    userId: actor.userId,
    note: input.note,
  });
  const isTouch = input.kind !== 'note';
  const isFirst = isTouch && (await markFirstTouch(tx, workspaceId, lead.id, at));
  if (isTouch) {
    await stopClocks(
      tx,
      workspaceId,
      lead.id,
      { clocks: ['first_touch'] },
      { status: 'met', reason: `first touch: ${input.kind}`, at },
    );
  }
  return { id, firstTouch: isFirst };
}

/** One move by hand in a batch (applyHandMoves): who makes it, when, and the touch logged before it. */
export interface HandMove {
  principal: Principal;
  leadId: string;
  at: Date;
  action:
    | { kind: 'accept'; note: string | null }
    | { kind: 'reject'; reason: string; note: string | null }
    | { kind: 'move'; to: Stage; reason: string };
  touch?: { kind: TouchKind; note: string | null; at: Date };
}

export type HandMoveOutcome = { ok: true } | { ok: false; code: string; message: string };

/**
 * Many moves by hand in one transaction (a CRM sync, an owner working through a day's inbox, the demo's
 * sales team): each follows exactly the rules of the one-lead calls above, at its own moment `at`, and
 * a refused one changes nothing and says why. The leads are locked at once and written together, so
 * the batch costs a handful of statements however many leads it moves. Moves are applied in the order
 * given; a lead may appear more than once.
 */
export function applyHandMoves(
  deps: FeedbackDeps,
  workspaceId: string,
  moves: readonly HandMove[],
): Promise<HandMoveOutcome[]> {
  if (moves.some((m) => m.principal.workspaceId !== workspaceId))
    throw new AppError('forbidden', 'every move must be made by a member of the workspace');
  if (moves.length === 0) return Promise.resolve([]);
  return deps.db.transaction(async (tx) => {
    const leads = new Map(
      (await lockEngineLeads(tx, workspaceId, [...new Set(moves.map((m) => m.leadId))])).map((l) => [
        l.id,
        l,
      ]),
    );
    const active = await loadActiveAgreement(tx, workspaceId);
    const changes = new Map<string, { lead: EngineLead; rows: TransitionRow[]; feedback?: FeedbackNote }>();
    const outcomes: HandMoveOutcome[] = [];
    let latest = moves[0]!.at;
    for (const m of moves) {
      const lead = leads.get(m.leadId);
      if (!lead) {
        outcomes.push({ ok: false, code: 'not_found', message: 'Lead not found' });
        continue;
      }
      const h: Held = { tx, deps, workspaceId, lead, active, actor: handActorOf(m.principal), now: m.at };
      try {
        if (m.touch) await recordTouch(h, m.touch);
        const a = m.action;
        const planned =
          a.kind === 'accept'
            ? accept(h, { note: a.note })
            : a.kind === 'reject'
              ? reject(h, { reasonCode: a.reason, note: a.note, field: 'reason' })
              : planStageMove(h, { to: a.to, reason: a.reason });
        const next = { ...lead, state: planned.state };
        leads.set(lead.id, next);
        const change = changes.get(lead.id) ?? { lead: next, rows: [] };
        changes.set(lead.id, {
          lead: next,
          rows: [...change.rows, planned.row],
          feedback: planned.feedback ?? change.feedback,
        });
        if (m.at > latest) latest = m.at;
        outcomes.push({ ok: true });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcomes.push({ ok: false, code: err.code, message: err.message });
      }
    }
    await commitLeadChanges(
      tx,
      { workspaceId, active, now: latest },
      [...changes.values()].map((c) => ({
        lead: c.lead,
        contributions: [],
        transitions: c.rows,
        feedback: c.feedback,
      })),
    );
    return outcomes;
  });
}
