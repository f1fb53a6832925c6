// Opportunities through the API and from CRM status changes. Opening, winning or losing one moves
// its lead the way a CRM status change does, through commitLeadChanges (load, decide, write).
import type { Agreement } from '../domain/agreement.js';
import type { EngineLead, TransitionActor } from '../domain/engine-lead.js';
import { invalid, notFound } from '../domain/errors.js';
import {
  findOpportunityStage,
  firstStageWith,
  currencyProblem,
  isCurrencyCode,
  leadMoveForOpportunity,
  type OpportunityOutcome,
  workspaceCurrency,
} from '../domain/opportunities.js';
import { getAccount } from '../store/accounts.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { decodeCursor } from '../store/cursor.js';
import type { Queryable } from '../store/db.js';
import { lockEngineLeads } from '../store/lead-state.js';
import {
  findLeadOpportunity,
  getOpportunity,
  getOpportunityView,
  insertOpportunity,
  listOpportunities,
  type Opportunity,
  type OpportunityFields,
  type OpportunityFilter,
  type OpportunityView,
  updateOpportunity,
} from '../store/opportunities.js';
import { getUser } from '../store/users.js';
import { getWorkspace } from '../store/workspaces.js';
import { type ActiveAgreement, loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { commitLeadChanges } from './lead-engine.js';

export type CrmSystem = 'salesforce' | 'hubspot' | 'other';

export interface OpportunityInput {
  name?: string;
  accountId?: string | null;
  leadId?: string | null;
  ownerId?: string | null;
  amount?: number;
  currency?: string;
  stage?: string;
  /** null: back to the stage's default. */
  probability?: number | null;
  closeDate?: Date | null;
  source?: string | null;
  product?: string | null;
  externalId?: string | null;
  externalSystem?: CrmSystem;
}

const outcomeOf = (o: Pick<Opportunity, 'isClosed' | 'isWon'>): OpportunityOutcome =>
  !o.isClosed ? 'open' : o.isWon ? 'won' : 'lost';

/** The stage's canonical name and outcome under the agreement; an unknown stage is a 400 on `stage`. */
function stageOf(agreement: Agreement, name: string) {
  const stage = findOpportunityStage(agreement, name);
  if (!stage) {
    const names = (agreement.opportunities?.stages ?? []).map((s) => s.name);
    throw invalid(
      'stage',
      `"${name}" is not an opportunity stage of the agreement${names.length ? ` (${names.join(', ')})` : ''}`,
    );
  }
  return stage;
}

/** Stage, probability and closing fields for a stage change (or a new opportunity), as stored. */
function stageFields(
  agreement: Agreement,
  stageName: string,
  probability: number | null | undefined,
  before: Opportunity | null,
  now: Date,
): Pick<OpportunityFields, 'stage' | 'probability' | 'isProbabilitySet' | 'isClosed' | 'isWon' | 'closedAt'> {
  const stage = stageOf(agreement, stageName);
  const isClosed = stage.outcome !== 'open';
  const isStageSame = before !== null && before.stage === stage.name;
  // An explicit probability wins; a set one survives moves between open stages; else the default.
  const keep = probability === undefined && before?.isProbabilitySet === true && (isStageSame || !isClosed);
  return {
    stage: stage.name,
    probability:
      typeof probability === 'number' ? probability : keep ? before!.probability : stage.probability,
    isProbabilitySet: typeof probability === 'number' || keep,
    isClosed,
    isWon: stage.outcome === 'won',
    closedAt: isClosed ? (before?.isClosed ? before.closedAt : now) : null,
  };
}

/** A deal's currency as given: a valid code, and the workspace's own (Tandem converts nothing). */
function checkCurrency(currency: string | undefined, workspace: string): string | undefined {
  if (currency === undefined) return undefined;
  const code = currency.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw invalid('currency', `"${currency}" is not an ISO 4217 currency code`);
  const problem = currencyProblem(code, workspace);
  if (problem) throw invalid('currency', problem);
  return code;
}

async function checkOwner(tx: Queryable, workspaceId: string, ownerId: string | null | undefined) {
  if (ownerId && !(await getUser(tx, workspaceId, ownerId))) {
    throw invalid('ownerId', 'is not a member of this workspace');
  }
}

async function checkAccount(tx: Queryable, workspaceId: string, accountId: string | null | undefined) {
  if (!accountId) return null;
  const account = await getAccount(tx, workspaceId, accountId);
  if (!account) throw invalid('accountId', 'is not an account of this workspace');
  return account;
}

async function lockLead(tx: Queryable, workspaceId: string, leadId: string): Promise<EngineLead> {
  const [lead] = await lockEngineLeads(tx, workspaceId, [leadId]);
  if (!lead) throw invalid('leadId', 'is not a lead of this workspace');
  return lead;
}

const transitionActorOf = (actor: AuditActor): TransitionActor => ({
  type: actor.type === 'user' || actor.type === 'api_key' ? actor.type : 'system',
  id: actor.id,
  label: actor.label,
});

/** Moves the lead as its opportunity's outcome says (opened → opportunity, won → customer, lost → lost). */
async function moveLead(
  tx: Queryable,
  ctx: { workspaceId: string; active: ActiveAgreement; now: Date },
  lead: EngineLead,
  outcome: OpportunityOutcome,
  actor: AuditActor,
  opportunity: Opportunity,
): Promise<void> {
  const verb = outcome === 'open' ? 'opened' : outcome;
  const move = leadMoveForOpportunity(lead, outcome, {
    // A deal imported with its own (earlier) date never moves the lead back in time.
    at: new Date(Math.max(ctx.now.getTime(), lead.state.stageEnteredAt.getTime())),
    actor: transitionActorOf(actor),
    reason: `Opportunity "${opportunity.name}" ${verb} (${opportunity.stage})`,
    agreementVersion: ctx.active.version,
  });
  if (!move) return;
  await commitLeadChanges(tx, ctx, [{ lead: move.lead, contributions: [], transitions: [move.transition] }]);
}

export async function createOpportunity(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: OpportunityInput & { amount: number },
): Promise<OpportunityView> {
  return deps.db.transaction(async (tx) => {
    const opportunity = await createOpportunityIn(tx, actor, workspaceId, input, deps.clock());
    await recordAudit(tx, workspaceId, actor, 'opportunity.created', {
      type: 'opportunity',
      id: opportunity.id,
    });
    return (await getOpportunityView(tx, workspaceId, opportunity.id))!;
  });
}

/**
 * Creates an opportunity inside the caller's transaction, moving its lead as its outcome says. `now`
 * is when it happened: the clock for the API, the deal's own date for an import of history.
 */
export async function createOpportunityIn(
  tx: Queryable,
  actor: AuditActor,
  workspaceId: string,
  input: OpportunityInput & { amount: number; createdAt?: Date },
  now: Date,
): Promise<Opportunity> {
  const workspace = await getWorkspace(tx, workspaceId);
  const currency = checkCurrency(input.currency, workspaceCurrency(workspace?.settings ?? {}));
  const active = await loadActiveAgreement(tx, workspaceId);
  const lead = input.leadId ? await lockLead(tx, workspaceId, input.leadId) : null;
  const accountId = input.accountId ?? lead?.accountId ?? null;
  if (!accountId) {
    throw invalid(
      'accountId',
      lead ? 'is required: the lead has no account' : 'is required (or give leadId)',
    );
  }
  const account = await checkAccount(tx, workspaceId, accountId);
  await checkOwner(tx, workspaceId, input.ownerId);
  const stage = stageFields(
    active.agreement,
    input.stage ?? firstStageWith(active.agreement, 'open').name,
    input.probability,
    null,
    now,
  );
  const opportunity = await insertOpportunity(tx, workspaceId, {
    name: input.name ?? `${account!.name} opportunity`,
    leadId: lead?.id ?? null,
    accountId,
    ownerId: input.ownerId ?? lead?.ownerId ?? null,
    amount: input.amount,
    currency: currency ?? workspaceCurrency(workspace?.settings ?? {}),
    ...stage,
    source: input.source ?? lead?.profile.source ?? null,
    product: input.product ?? null,
    createdAt: input.createdAt ?? now,
    closeDate: input.closeDate ?? null,
    externalId: input.externalId ?? null,
    externalSystem: input.externalId ? (input.externalSystem ?? 'other') : null,
  });
  if (lead)
    await moveLead(tx, { workspaceId, active, now }, lead, outcomeOf(opportunity), actor, opportunity);
  return opportunity;
}

export async function changeOpportunity(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  input: OpportunityInput,
): Promise<OpportunityView> {
  return deps.db.transaction(async (tx) => {
    await changeOpportunityIn(tx, actor, workspaceId, id, input, deps.clock());
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'opportunity.updated',
      { type: 'opportunity', id },
      { fields: Object.keys(input) },
    );
    return (await getOpportunityView(tx, workspaceId, id))!;
  });
}

/** Changes an opportunity inside the caller's transaction (see createOpportunityIn for `now`). */
export async function changeOpportunityIn(
  tx: Queryable,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  input: OpportunityInput,
  now: Date,
): Promise<Opportunity> {
  const currency =
    input.currency === undefined
      ? undefined
      : checkCurrency(
          input.currency,
          workspaceCurrency((await getWorkspace(tx, workspaceId))?.settings ?? {}),
        );
  const before = await getOpportunity(tx, workspaceId, id, { lock: true });
  if (!before) throw notFound('Opportunity');
  const active = await loadActiveAgreement(tx, workspaceId);
  const leadId = input.leadId === undefined ? before.leadId : input.leadId;
  // A lead deleted since keeps its deals editable; a newly named lead must exist.
  const lead = input.leadId
    ? await lockLead(tx, workspaceId, input.leadId)
    : leadId
      ? ((await lockEngineLeads(tx, workspaceId, [leadId]))[0] ?? null)
      : null;
  if (input.accountId === null) throw invalid('accountId', 'an opportunity belongs to an account');
  if (input.accountId !== undefined) await checkAccount(tx, workspaceId, input.accountId);
  await checkOwner(tx, workspaceId, input.ownerId);
  const { stage: stageName, probability, externalSystem, ...rest } = input;
  const patch: Partial<OpportunityFields> = { ...rest, ...(currency ? { currency } : {}) };
  if (stageName !== undefined || probability !== undefined) {
    Object.assign(patch, stageFields(active.agreement, stageName ?? before.stage, probability, before, now));
  }
  if (input.externalId !== undefined) {
    patch.externalSystem = input.externalId ? (externalSystem ?? before.externalSystem ?? 'other') : null;
  } else if (externalSystem !== undefined && before.externalId) {
    patch.externalSystem = externalSystem;
  }
  const after = (await updateOpportunity(tx, workspaceId, id, patch, now))!;
  const outcome = outcomeOf(after);
  if (lead && (outcome !== outcomeOf(before) || leadId !== before.leadId)) {
    await moveLead(tx, { workspaceId, active, now }, lead, outcome, actor, after);
  }
  return after;
}

export async function readOpportunity(deps: Deps, workspaceId: string, id: string): Promise<OpportunityView> {
  const opportunity = await getOpportunityView(deps.db, workspaceId, id);
  if (!opportunity) throw notFound('Opportunity');
  return opportunity;
}

export function findOpportunities(
  deps: Deps,
  workspaceId: string,
  filter: OpportunityFilter,
  page: { limit: number; cursor?: string },
): Promise<{ data: OpportunityView[]; nextCursor: string | null }> {
  return listOpportunities(deps.db, workspaceId, filter, {
    limit: page.limit,
    after: decodeCursor(page.cursor, { at: 'timestamp', id: 'uuid' }),
  });
}

/** What a CRM status change says about the lead's opportunity. */
export interface CrmOpportunityDetails {
  amount?: number;
  currency?: string;
  closeDate?: Date | null;
  externalId?: string;
  name?: string;
}

/**
 * The lead's opportunity after a CRM status change mapped to opportunity, customer or lost (the
 * caller has moved the lead already): the CRM's record (by its id, else the lead's newest open
 * one) takes the amount, currency, close date and the outcome's stage; a new one is opened when
 * there is none and the change carries an amount. Null when there is nothing to write.
 */
export async function recordCrmOpportunity(
  tx: Queryable,
  ctx: { workspaceId: string; agreement: Agreement; now: Date; currency: string },
  lead: EngineLead,
  change: { system: CrmSystem; outcome: OpportunityOutcome; at: Date; details: CrmOpportunityDetails | null },
): Promise<Opportunity | null> {
  const { workspaceId, agreement, now } = ctx;
  const details = change.details ?? {};
  const external = details.externalId ? { system: change.system, id: details.externalId } : null;
  const found = await findLeadOpportunity(tx, workspaceId, lead.id, external);
  // A closed deal is not reopened by a new "opportunity" status: that is a new deal.
  const existing = found && !(change.outcome === 'open' && found.isClosed && !external) ? found : null;
  const currency = checkCurrency(details.currency, ctx.currency);
  const stage = stageFields(
    agreement,
    firstStageWith(agreement, change.outcome).name,
    undefined,
    existing,
    change.at,
  );
  const isNewOutcome = !existing || outcomeOf(existing) !== change.outcome;
  const fields: Partial<OpportunityFields> = {
    ...(isNewOutcome ? stage : {}),
    ...(details.amount !== undefined ? { amount: details.amount } : {}),
    ...(currency ? { currency } : {}),
    ...(details.closeDate !== undefined ? { closeDate: details.closeDate } : {}),
    ...(details.name ? { name: details.name } : {}),
  };
  if (existing) return updateOpportunity(tx, workspaceId, existing.id, fields, now);
  if (details.amount === undefined) return null;
  const account = lead.accountId ? await getAccount(tx, workspaceId, lead.accountId) : null;
  return insertOpportunity(tx, workspaceId, {
    ...stage,
    name: details.name ?? `${account?.name ?? lead.profile.email ?? 'Lead'} opportunity`,
    leadId: lead.id,
    accountId: lead.accountId,
    ownerId: lead.ownerId,
    amount: details.amount,
    currency: currency ?? ctx.currency,
    source: lead.profile.source,
    createdAt: change.at,
    closeDate: details.closeDate ?? null,
    externalId: details.externalId ?? null,
    externalSystem: details.externalId ? change.system : null,
  });
}
