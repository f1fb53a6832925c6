// What happens when a batch of Segment events arrives: one transaction, a handful of set-based
// statements. Read top to bottom: deduplicate, resolve identities, store, score, move stages.
import { randomUUID } from 'node:crypto';
import { accountDomainFromWebsite } from '../domain/email-domain.js';
import { type LeadRef, resolveIdentities } from '../domain/identity-resolution.js';
import { applyLeadFields, mapTraits, parseQuantity } from '../domain/lead-traits.js';
import { type LeadStep, advanceLead, rescoreLead } from '../domain/lifecycle.js';
import { normalizeMessage, type ValidMessage } from '../domain/segment-spec.js';
import { accountsForDomains, upsertGroupAccount } from '../store/accounts.js';
import type { Queryable } from '../store/db.js';
import {
  activitiesOfLeads,
  activityOf,
  attachAnonymousEvents,
  insertEvents,
  storedMessageIds,
} from '../store/events.js';
import { findKnownIdentities, insertIdentities, lockIdentities } from '../store/identities.js';
import { mergeLeadInto } from '../store/lead-merge.js';
import { type EngineLead, insertBareLeads, lockEngineLeads } from '../store/lead-state.js';
import { type ActiveAgreement, loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import {
  activityOfEvent,
  evolveLead,
  identityLockKeys,
  identityOf,
  type IngestEvent,
} from './ingest-steps.js';
import {
  type EngineContext,
  type LeadChange,
  type LifecycleHooks,
  commitLeadChanges,
  creationTransition,
  systemTransition,
} from './lead-engine.js';

export interface IngestRequest {
  workspaceId: string;
  messages: readonly ValidMessage[];
  receivedAt: Date;
  batchSentAt?: string;
}

export interface IngestResult {
  received: number;
  stored: number;
  /** Messages whose messageId was already stored (SDK retries): acknowledged, not stored again. */
  duplicates: number;
  stageChanges: number;
}

export type IngestBatch = (request: IngestRequest) => Promise<IngestResult>;

export function createIngestBatch(deps: Deps & { hooks: LifecycleHooks }): IngestBatch {
  return async (request) => {
    const events = dedupe(
      request.messages.map((m) => {
        const e = normalizeMessage(m, {
          receivedAt: request.receivedAt,
          ...(request.batchSentAt ? { batchSentAt: request.batchSentAt } : {}),
        });
        // No messageId from the SDK: nothing to deduplicate against, so any fresh id will do.
        return { ...e, messageId: e.messageId ?? randomUUID() };
      }),
    );
    const result = await deps.db.transaction((tx) =>
      ingestInTransaction(tx, deps, request.workspaceId, events),
    );
    return {
      ...result,
      received: request.messages.length,
      duplicates: request.messages.length - result.stored,
    };
  };
}

function dedupe(events: IngestEvent[]): IngestEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.messageId) && seen.add(e.messageId));
}

async function ingestInTransaction(
  tx: Queryable,
  deps: Deps & { hooks: LifecycleHooks },
  workspaceId: string,
  all: IngestEvent[],
): Promise<{ stored: number; stageChanges: number }> {
  // 1. SDK retries: what is already stored is acknowledged and left alone.
  const already = await storedMessageIds(
    tx,
    workspaceId,
    all.map((e) => e.messageId),
  );
  const events = all.filter((e) => !already.has(e.messageId));
  if (events.length === 0) return { stored: 0, stageChanges: 0 };
  const active = await loadActiveAgreement(tx, workspaceId);
  const now = deps.clock();

  // 2. Who is who: lock the ids (so two nodes never both create a lead for one), look them up, plan.
  const identities = events.map(identityOf);
  await lockIdentities(tx, workspaceId, identityLockKeys(identities));
  const known = await findKnownIdentities(tx, workspaceId, {
    users: unique(identities.flatMap((m) => [m.userId, m.previousId])),
    anonymous: unique(identities.flatMap((m) => [m.anonymousId, m.previousId])),
    emails: unique(identities.map((m) => m.email)),
  });
  const plan = resolveIdentities(identities, known);
  const newIds = plan.newLeads.map(() => randomUUID());
  const idOf = (ref: LeadRef): string => (ref.kind === 'existing' ? ref.id : newIds[ref.key]!);

  for (const m of plan.merges) await mergeLeadInto(tx, workspaceId, m.from, m.into);
  await insertBareLeads(
    tx,
    workspaceId,
    plan.newLeads.map((n) => ({
      id: newIds[n.key]!,
      email: n.email,
      createdAt: events[n.firstMessage]!.timestamp,
      fitGrade: 'D',
      fitPoints: 0,
    })),
  );
  await insertIdentities(
    tx,
    workspaceId,
    plan.newIdentities.map((i) => ({ kind: i.kind, value: i.value, leadId: idOf(i.lead) })),
  );

  // 3. Store: earlier anonymous visits join their lead; the new events go in with their leads.
  const attached = await attachAnonymousEvents(
    tx,
    workspaceId,
    plan.attachAnonymous.map((a) => ({ anonymousId: a.anonymousId, leadId: idOf(a.lead) })),
  );
  const leadOfEvent = events.map((_, i) => (plan.leads[i] ? idOf(plan.leads[i]) : null));
  const inserted = await insertEvents(
    tx,
    workspaceId,
    events.map((e, i) => ({
      messageId: e.messageId,
      type: e.type,
      event: e.event,
      leadId: leadOfEvent[i] ?? null,
      userId: e.userId,
      anonymousId: e.anonymousId,
      groupId: e.groupId,
      occurredAt: e.timestamp,
      receivedAt: e.receivedAt,
      sentAt: e.sentAt,
      originalTimestamp: e.originalTimestamp,
      properties: e.properties,
      traits: e.traits,
      context: e.context,
    })),
  );
  const idByMessage = new Map(inserted.map((r) => [r.messageId, r.id]));

  // 4. Score and move: each touched lead folds its new activities, in order, under the agreement.
  const merged = new Set(plan.merges.map((m) => m.into));
  const touched = unique([
    ...leadOfEvent.filter((_, i) => idByMessage.has(events[i]!.messageId)),
    ...attached.map((e) => e.leadId),
    ...merged,
  ]);
  const locked = await lockEngineLeads(tx, workspaceId, touched);
  const newLeadIds = new Set<string>(newIds);
  const ctx: EngineContext = { workspaceId, active, now };
  const history = merged.size > 0 ? await activitiesOfLeads(tx, workspaceId, [...merged]) : new Map();

  const changes: LeadChange[] = [];
  for (const before of locked) {
    let lead = before;
    const steps: LeadStep[] = [];
    for (const e of attached.filter((a) => a.leadId === lead.id))
      steps.push({ activity: activityOf(e), profile: lead.profile });
    const groupIds: string[] = [];
    let lastActivity = lead.lastActivityAt;
    events.forEach((e, i) => {
      const id = idByMessage.get(e.messageId);
      if (leadOfEvent[i] !== lead.id || id === undefined) return;
      lead = evolveLead(lead, e, { ignoreEmail: plan.ignoredEmails.has(i) });
      if (e.type === 'group' && e.groupId) groupIds.push(e.groupId);
      steps.push({ activity: activityOfEvent(id, e), profile: lead.profile });
      if (!lastActivity || e.timestamp > lastActivity) lastActivity = e.timestamp;
    });
    for (const groupId of groupIds) lead = await linkGroupAccount(tx, workspaceId, lead, groupId, events);
    const change = merged.has(lead.id)
      ? rescoreMerged(
          active,
          { ...lead, profile: applyLeadFields(lead.profile, { email: lead.profile.email }, {}) },
          history.get(lead.id) ?? [],
          now,
        )
      : foldSteps(active, lead, steps);
    const firstType = events.find((_, i) => leadOfEvent[i] === lead.id)?.type ?? 'Segment';
    const created = newLeadIds.has(lead.id)
      ? [creationTransition(lead.createdAt, 'ingestion', `First seen in a ${firstType} call`, active.version)]
      : [];
    changes.push({
      ...change,
      lead: { ...change.lead, lastActivityAt: lastActivity },
      transitions: [...created, ...change.transitions],
    });
  }
  await matchAccountsByDomain(tx, workspaceId, changes);
  const stageChanges = await commitLeadChanges(tx, ctx, deps.hooks, changes);
  return { stored: inserted.length, stageChanges: stageChanges.length };
}

const unique = <T>(values: readonly (T | null | undefined)[]): T[] => [
  ...new Set(values.filter((v): v is T => v !== null && v !== undefined)),
];

function foldSteps(active: ActiveAgreement, lead: EngineLead, steps: LeadStep[]): LeadChange {
  const r = advanceLead(
    active.agreement,
    active.version,
    active.epoch,
    lead.state,
    steps,
    lead.counters,
    lead.usage,
  );
  return {
    lead: { ...lead, state: r.state, counters: r.counters, usage: r.usage },
    contributions: r.contributions,
    transitions: r.transitions.map((t) => systemTransition(t)),
  };
}

// A lead that absorbed another: its ledger is rebuilt from all the events both of them had.
function rescoreMerged(
  active: ActiveAgreement,
  lead: EngineLead,
  activities: ReturnType<typeof activityOf>[],
  now: Date,
): LeadChange {
  const r = rescoreLead(
    active.agreement,
    active.version,
    active.epoch,
    lead.profile,
    activities,
    lead.state,
    now,
  );
  return {
    lead: { ...lead, state: r.state, counters: r.counters, usage: r.usage },
    contributions: r.contributions,
    transitions: r.transitions.map((t) => systemTransition(t, ' (after merging an aliased lead)')),
  };
}

async function linkGroupAccount(
  tx: Queryable,
  workspaceId: string,
  lead: EngineLead,
  groupId: string,
  events: IngestEvent[],
): Promise<EngineLead> {
  const group = events.find((e) => e.type === 'group' && e.groupId === groupId);
  const traits = group?.traits ?? {};
  const { fields } = mapTraits({ company: traits.name, industry: traits.industry, website: traits.website });
  const accountId = await upsertGroupAccount(tx, workspaceId, groupId, {
    name: typeof traits.name === 'string' ? traits.name : null,
    domain: accountDomainFromWebsite(typeof traits.website === 'string' ? traits.website : null),
    industry: fields.industry ?? null,
    employees: parseQuantity(traits.employees ?? traits.employee_count),
    traits,
  });
  return { ...lead, accountId };
}

/** Leads with a business e-mail and no account join (or found) the account of their domain. */
async function matchAccountsByDomain(
  tx: Queryable,
  workspaceId: string,
  changes: LeadChange[],
): Promise<void> {
  const wanting = changes.filter(
    (c) => !c.lead.accountId && c.lead.profile.emailDomain && c.lead.profile.emailDomainType === 'business',
  );
  const accounts = await accountsForDomains(
    tx,
    workspaceId,
    wanting.map(({ lead: { profile: p } }) => ({
      domain: p.emailDomain!,
      name: p.company ?? p.emailDomain!,
      industry: p.industry,
      employees: p.employees,
      country: p.country,
      region: p.region,
    })),
  );
  for (const c of wanting) {
    const accountId = accounts.get(c.lead.profile.emailDomain!);
    if (accountId) Object.assign(c, { lead: { ...c.lead, accountId } });
  }
}
