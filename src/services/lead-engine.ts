// Writing what the lifecycle decided for a set of leads, in the caller's transaction: their new
// state, the ledger rows, the append-only transitions, and what stage changes set off (hooks).
import type { Agreement } from '../domain/agreement.js';
import type { Contribution } from '../domain/engagement.js';
import type { TransitionDraft } from '../domain/lifecycle.js';
import { fallOutAt } from '../domain/qualification.js';
import type { Queryable } from '../store/db.js';
import { saveLeadChanges } from '../store/lead-changes.js';
import type { EngineLead } from '../store/lead-state.js';
import type { Transition, TransitionInsert } from '../store/transitions.js';
import type { ActiveAgreement } from './agreements.js';

export interface EngineContext {
  workspaceId: string;
  active: ActiveAgreement;
  now: Date;
}

export interface StageChange {
  lead: EngineLead;
  transition: Transition;
}

/** What happens next when leads change stage (routing, SLA clocks, webhooks): same transaction. */
export interface LifecycleHooks {
  afterStageChanges(tx: Queryable, ctx: EngineContext, changes: readonly StageChange[]): Promise<void>;
}

export type TransitionRow = Omit<TransitionInsert, 'source' | 'ownerId' | 'leadId'>;

/** A stage change the agreement decided, as a transition row (actor: the agreement itself). */
export function systemTransition(t: TransitionDraft, suffix = ''): TransitionRow {
  return {
    fromStage: t.from,
    toStage: t.to,
    at: t.at,
    actorType: 'system',
    actorId: null,
    actorLabel: 'agreement',
    reason: t.reason + suffix,
    reasonCode: null,
    ruleId: t.ruleId,
    note: null,
    agreementVersion: t.agreementVersion,
  };
}

/** The first row of every lead's history: it entered `lead`. */
export function creationTransition(
  at: Date,
  actorLabel: string,
  reason: string,
  agreementVersion: number,
  actor?: { type: TransitionInsert['actorType']; id: string | null },
): TransitionRow {
  return {
    fromStage: null,
    toStage: 'lead',
    at,
    actorType: actor?.type ?? 'system',
    actorId: actor?.id ?? null,
    actorLabel,
    reason,
    reasonCode: null,
    ruleId: null,
    note: null,
    agreementVersion,
  };
}

export interface LeadChange {
  lead: EngineLead;
  contributions: readonly Contribution[];
  transitions: readonly TransitionRow[];
}

/** The fall-out timer a lead needs under the agreement (null when it can never fall out). */
export function fallOutTimer(agreement: Agreement, epoch: Date, lead: EngineLead): Date | null {
  return fallOutAt(agreement, lead.state.stage, lead.state.engagementS, epoch);
}

export async function commitLeadChanges(
  tx: Queryable,
  ctx: EngineContext,
  hooks: LifecycleHooks,
  changes: readonly LeadChange[],
): Promise<StageChange[]> {
  const { agreement, version, epoch } = ctx.active;
  const leads = changes.map((c) => ({ ...c.lead, fallOutAt: fallOutTimer(agreement, epoch, c.lead) }));
  const contributions = changes.flatMap((c) =>
    c.contributions.map((k) => ({ ...k, leadId: c.lead.id, agreementVersion: version })),
  );
  const byId = new Map(leads.map((l) => [l.id, l]));
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
  if (stageChanges.length > 0) await hooks.afterStageChanges(tx, ctx, stageChanges);
  return stageChanges;
}
