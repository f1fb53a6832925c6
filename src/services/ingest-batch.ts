// What happens when a batch of Segment events arrives: one transaction, a handful of set-based
// statements. Read top to bottom: resolve identities, store (retries skipped), score, move stages.
import { randomUUID } from 'node:crypto';
import { accountDomainFromWebsite } from '../domain/email-domain.js';
import {
  type KnownIdentities,
  type LeadRef,
  type MessageIdentity,
  type ResolutionPlan,
  resolveIdentities,
} from '../domain/identity-resolution.js';
import { applyLeadFields, parseQuantity } from '../domain/lead-traits.js';
import { type LeadStep, advanceLead, rescoreLead } from '../domain/lifecycle.js';
import { normalizeMessage } from '../domain/segment-normalize.js';
import type { ValidMessage } from '../domain/segment-spec.js';
import { accountsForDomains } from '../store/accounts.js';
import type { Queryable } from '../store/db.js';
import { activitiesOfLeads, activityOf } from '../store/events.js';
import { findKnownIdentities, lockIdentities } from '../store/identities.js';
import {
  bareLead,
  lookupIdentitiesAndAgreement,
  upsertGroupAccounts,
  writeBatch,
} from '../store/ingest-writes.js';
import { mergeLeadInto } from '../store/lead-merge.js';
import type { EngineLead } from '../store/lead-state.js';
import { type ActiveAgreement, agreementOfVersion } from './agreements.js';
import type { Deps } from './deps.js';
import { activityOfEvent, evolveLead, identityOf, type IngestEvent } from './ingest-steps.js';
import {
  type EngineContext,
  type LeadChange,
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

export function createIngestBatch(deps: Deps): IngestBatch {
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
  deps: Deps,
  workspaceId: string,
  events: IngestEvent[],
): Promise<{ stored: number; stageChanges: number }> {
  const now = deps.clock();
  // 1. Who is who. Look the batch's ids up; only ids the plan would create get locked (sorted
  //    advisory keys, held to commit) and looked up again in a statement of their own, so two nodes
  //    never both create one person, and batches about known people never wait for each other.
  const identities = events.map(identityOf);
  const first = await lookupIdentitiesAndAgreement(tx, workspaceId, {
    users: unique(identities.flatMap((m) => [m.userId, m.previousId])),
    anonymous: unique(identities.flatMap((m) => [m.anonymousId, m.previousId])),
    emails: unique(identities.map((m) => m.email)),
  });
  let plan = resolveIdentities(identities, first.known);
  const creating = creationKeys(plan, identities, first.known);
  if (creating.length > 0) {
    await lockIdentities(tx, workspaceId, creating);
    const fresh = await findKnownIdentities(tx, workspaceId, keysToIds(creating));
    if (fresh.users.size + fresh.anonymous.size + fresh.emails.size > 0) {
      plan = resolveIdentities(identities, mergeKnown(first.known, fresh));
    }
  }
  const active = await agreementOfVersion(tx, workspaceId, first);
  const newIds: string[] = plan.newLeads.map(() => randomUUID());
  const idOf = (ref: LeadRef): string => (ref.kind === 'existing' ? ref.id : newIds[ref.key]!);
  for (const m of plan.merges) await mergeLeadInto(tx, workspaceId, m.from, m.into);

  // 2. Store, in one statement: new leads, identities, earlier anonymous visits attached, the
  //    events (SDK retries are skipped by messageId), and the touched existing leads, locked.
  const leadOfEvent = events.map((_, i) => (plan.leads[i] ? idOf(plan.leads[i]) : null));
  const newLeadIds = new Set(newIds);
  const merged = new Set(plan.merges.map((m) => m.into));
  const { inserted, attached, locked } = await writeBatch(tx, workspaceId, {
    newLeads: plan.newLeads.map((n) => ({
      id: newIds[n.key]!,
      email: n.email,
      createdAt: events[n.firstMessage]!.timestamp,
    })),
    identities: plan.newIdentities.map((i) => ({ kind: i.kind, value: i.value, leadId: idOf(i.lead) })),
    attach: plan.attachAnonymous.map((a) => ({ anonymousId: a.anonymousId, leadId: idOf(a.lead) })),
    events: events.map((e, i) => ({
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
    lockLeadIds: unique([...leadOfEvent, ...plan.attachAnonymous.map((a) => idOf(a.lead)), ...merged]).filter(
      (id) => !newLeadIds.has(id),
    ),
  });
  if (inserted.length === 0 && attached.length === 0 && merged.size === 0)
    return { stored: 0, stageChanges: 0 };

  // 3. Score and move: each touched lead folds its new activities, in order, under the agreement.
  const idByMessage = new Map(inserted.map((r) => [r.messageId, r.id]));
  const stepsOf = new Map<string, { events: { e: IngestEvent; i: number; id: number }[] }>();
  events.forEach((e, i) => {
    const leadId = leadOfEvent[i];
    const id = idByMessage.get(e.messageId);
    if (!leadId || id === undefined) return;
    const entry = stepsOf.get(leadId) ?? { events: [] };
    entry.events.push({ e, i, id });
    stepsOf.set(leadId, entry);
  });
  const leads = [
    ...locked,
    ...plan.newLeads.map((n) => bareLead(newIds[n.key]!, n.email, events[n.firstMessage]!.timestamp)),
  ];
  const groups = await linkGroups(tx, workspaceId, events, leadOfEvent, idByMessage);
  const history = merged.size > 0 ? await activitiesOfLeads(tx, workspaceId, [...merged]) : new Map();
  const changes: LeadChange[] = [];
  for (const before of leads) {
    const mine = stepsOf.get(before.id)?.events ?? [];
    const earlier = attached.filter((a) => a.leadId === before.id);
    if (mine.length === 0 && earlier.length === 0 && !merged.has(before.id)) continue;
    let lead = before;
    const steps: LeadStep[] = earlier.map((e) => ({ activity: activityOf(e), profile: lead.profile }));
    let lastActivity = lead.lastActivityAt;
    for (const { e, i, id } of mine) {
      lead = evolveLead(lead, e, { ignoreEmail: plan.ignoredEmails.has(i) });
      steps.push({ activity: activityOfEvent(id, e), profile: lead.profile });
      if (!lastActivity || e.timestamp > lastActivity) lastActivity = e.timestamp;
    }
    lead = { ...lead, accountId: groups.get(lead.id) ?? lead.accountId };
    const change = merged.has(lead.id)
      ? rescoreMerged(
          active,
          { ...lead, profile: applyLeadFields(lead.profile, { email: lead.profile.email }, {}) },
          history.get(lead.id) ?? [],
          now,
        )
      : foldSteps(active, lead, steps);
    const created = newLeadIds.has(lead.id)
      ? [
          creationTransition(
            lead.createdAt,
            'ingestion',
            `First seen in a ${mine[0]?.e.type ?? 'Segment'} call`,
            active.version,
          ),
        ]
      : [];
    changes.push({
      ...change,
      lead: { ...change.lead, lastActivityAt: lastActivity },
      transitions: [...created, ...change.transitions],
    });
  }
  await matchAccountsByDomain(tx, workspaceId, changes);
  const ctx: EngineContext = { workspaceId, active, now };
  const stageChanges = await commitLeadChanges(tx, ctx, changes);
  return { stored: inserted.length, stageChanges: stageChanges.length };
}

/**
 * Advisory-lock keys of what the batch would claim: new user and anonymous links, and every e-mail
 * no lead has yet (a new lead's, or one an identify gives an existing lead).
 */
function creationKeys(
  plan: ResolutionPlan,
  identities: readonly MessageIdentity[],
  known: KnownIdentities,
): string[] {
  return [
    ...plan.newIdentities.map((i) => `${i.kind === 'user' ? 'u' : 'a'}:${i.value}`),
    ...identities.flatMap((m) => (m.email && !known.emails.has(m.email) ? [`e:${m.email}`] : [])),
  ];
}

function keysToIds(keys: readonly string[]): { users: string[]; anonymous: string[]; emails: string[] } {
  const of = (prefix: string) => keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(2));
  return { users: of('u:'), anonymous: of('a:'), emails: of('e:') };
}

function mergeKnown(a: KnownIdentities, b: KnownIdentities): KnownIdentities {
  return {
    users: new Map([...a.users, ...b.users]),
    anonymous: new Map([...a.anonymous, ...b.anonymous]),
    emails: new Map([...a.emails, ...b.emails]),
  };
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

/** The accounts of the batch's group calls (one upsert), and the account each lead joins (its last). */
async function linkGroups(
  tx: Queryable,
  workspaceId: string,
  events: readonly IngestEvent[],
  leadOfEvent: readonly (string | null)[],
  stored: ReadonlyMap<string, number>,
): Promise<Map<string, string>> {
  const calls = events
    .map((e, i) => ({ e, leadId: leadOfEvent[i] }))
    .filter(({ e }) => e.type === 'group' && e.groupId && stored.has(e.messageId));
  if (calls.length === 0) return new Map();
  // One row per group (the last call's traits win), so the upsert never touches a row twice.
  const byGroup = new Map<string, Record<string, unknown>>();
  for (const { e } of calls) byGroup.set(e.groupId!, { ...byGroup.get(e.groupId!), ...e.traits });
  const accounts = await upsertGroupAccounts(
    tx,
    workspaceId,
    [...byGroup].map(([groupId, traits]) => ({
      groupId,
      name: typeof traits.name === 'string' ? traits.name : null,
      domain: accountDomainFromWebsite(typeof traits.website === 'string' ? traits.website : null),
      industry: typeof traits.industry === 'string' ? traits.industry : null,
      employees: parseQuantity(traits.employees ?? traits.employee_count),
      traits,
    })),
  );
  const accountOfLead = new Map<string, string>();
  for (const { e, leadId } of calls) {
    const accountId = accounts.get(e.groupId!);
    if (leadId && accountId) accountOfLead.set(leadId, accountId);
  }
  return accountOfLead;
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
