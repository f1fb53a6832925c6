// Writing what the lifecycle decided for a set of leads, in the caller's transaction: their new
// state, the ledger rows, the append-only transitions, and then the hand-off those moves set off.
import type { Agreement } from '../domain/agreement.js';
import type { Contribution } from '../domain/engagement.js';
import type { EngineLead, TransitionRow } from '../domain/engine-lead.js';
import type { FeedbackNote } from '../domain/handoff-types.js';
import { fallOutAt } from '../domain/qualification.js';
import type { Queryable } from '../store/db.js';
import { saveLeadChanges } from '../store/lead-changes.js';
import type { Transition, TransitionInsert } from '../store/transitions.js';
import type { ActiveAgreement } from './agreements.js';
import { handOff } from './handoff.js';

export { creationTransition, systemTransition, type TransitionRow } from '../domain/engine-lead.js';

export interface EngineContext {
  workspaceId: string;
  active: ActiveAgreement;
  now: Date;
}

export interface StageChange {
  lead: EngineLead;
  transition: Transition;
}

export interface LeadChange {
  lead: EngineLead;
  contributions: readonly Contribution[];
  transitions: readonly TransitionRow[];
  /** A person's acceptance or rejection: its feedback event goes out with the move. */
  feedback?: FeedbackNote;
}

/** The fall-out timer a lead needs under the agreement (null when it can never fall out). */
export function fallOutTimer(agreement: Agreement, epoch: Date, lead: EngineLead): Date | null {
  return fallOutAt(agreement, lead.state.stage, lead.state.engagementS, epoch);
}

/**
 * Saves the leads' changes in one statement, then hands off every stage change among them
 * (routing, SLA clocks, webhooks, notifications) in three more, whatever the batch's size.
 */
export async function commitLeadChanges(
  tx: Queryable,
  ctx: EngineContext,
  changes: readonly LeadChange[],
): Promise<StageChange[]> {
  const { agreement, version, epoch } = ctx.active;
  const leads = changes.map((c) => ({ ...c.lead, fallOutAt: fallOutTimer(agreement, epoch, c.lead) }));
  const contributions = changes.flatMap((c) =>
    c.contributions.map((k) => ({ ...k, leadId: c.lead.id, agreementVersion: version })),
  );
  const byId = new Map(leads.map((l) => [l.id, l]));
  const feedback = new Map(changes.flatMap((c) => (c.feedback ? [[c.lead.id, c.feedback] as const] : [])));
  const rows = changes.flatMap((c) =>
    c.transitions.map((t): TransitionInsert => ({
      ...t,
      leadId: c.lead.id,
      source: c.lead.profile.source,
      ownerId: c.lead.ownerId,
    })),
  );
  const stored = await saveLeadChanges(tx, ctx.workspaceId, {
    leads,
    version,
    contributions,
    transitions: rows,
  });
  const stageChanges = stored
    .filter((t) => t.fromStage !== null)
    .map((transition) => ({ lead: byId.get(transition.leadId)!, transition }));
  await handOff(
    tx,
    ctx,
    stageChanges.map((c) => ({ kind: 'stage', ...c, feedback: feedback.get(c.lead.id) })),
  );
  return stageChanges;
}
