// What happens when a batch of Segment events arrives: one short transaction that accepts it.
// Read top to bottom: resolve identities, store events, new leads and links (retries skipped), queue
// the work for the fold (src/services/fold.ts), commit. Scores and stages follow in the fold.
import { randomUUID } from 'node:crypto';
import {
  type KnownIdentities,
  type LeadRef,
  type MessageIdentity,
  type ResolutionPlan,
  resolveIdentities,
} from '../domain/identity-resolution.js';
import { normalizeMessage } from '../domain/segment-normalize.js';
import type { ValidMessage } from '../domain/segment-spec.js';
import type { Queryable } from '../store/db.js';
import { moveQueuedWork } from '../store/fold-queue.js';
import { findKnownIdentities, lockIdentities } from '../store/identities.js';
import { lookupIdentitiesAndAgreement, writeBatch } from '../store/ingest-writes.js';
import { mergeLeadInto } from '../store/lead-merge.js';
import { lockEngineLeads } from '../store/lead-state.js';
import type { Deps } from './deps.js';
import { identityOf, type IngestEvent } from './ingest-steps.js';

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
  /** Rows queued for the fold (scores and stages follow within milliseconds). */
  queued: number;
}

export type IngestBatch = (request: IngestRequest) => Promise<IngestResult>;

/** `wake` tells this node's folder that work was committed (other nodes hear the NOTIFY). */
export function createIngestBatch(deps: Deps & { wake: () => void }): IngestBatch {
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
    const result = await deps.db.transaction((tx) => acceptInTransaction(tx, request.workspaceId, events));
    if (result.queued > 0) deps.wake();
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

async function acceptInTransaction(
  tx: Queryable,
  workspaceId: string,
  events: IngestEvent[],
): Promise<{ stored: number; queued: number }> {
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
  const newIds: string[] = plan.newLeads.map(() => randomUUID());
  const idOf = (ref: LeadRef): string => (ref.kind === 'existing' ? ref.id : newIds[ref.key]!);
  // 2. Alias merges: both leads locked (id order) so no folder is midway through either, their
  //    identities, events and queued work moved to the survivor; the fold rescores it.
  if (plan.merges.length > 0) {
    await lockEngineLeads(tx, workspaceId, unique(plan.merges.flatMap((m) => [m.from, m.into])).sort());
    for (const m of plan.merges) {
      await mergeLeadInto(tx, workspaceId, m.from, m.into);
      await moveQueuedWork(tx, workspaceId, m.from, m.into);
    }
  }

  // 3. Store, in one statement: new leads, identities (and e-mails claimed), earlier anonymous
  //    visits attached, the events (SDK retries are skipped by messageId), the fold's work queued.
  const leadOfEvent = events.map((_, i) => (plan.leads[i] ? idOf(plan.leads[i]) : null));
  const { inserted, queued } = await writeBatch(tx, workspaceId, {
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
    emailClaims: emailClaims(plan, identities),
    ignoredEmailMessages: [...plan.ignoredEmails].map((i) => events[i]!.messageId),
    mergedInto: unique(plan.merges.map((m) => m.into)),
  });
  return { stored: inserted.length, queued };
}

/**
 * E-mails an identify gives an existing lead (the last one wins), written with the identities: the
 * e-mail is how the next request finds this person, so it cannot wait for the fold (which applies
 * the rest of the profile). A new lead is inserted with its e-mail already.
 */
function emailClaims(
  plan: ResolutionPlan,
  identities: readonly MessageIdentity[],
): { leadId: string; email: string }[] {
  const claims = new Map<string, string>();
  identities.forEach((m, i) => {
    const ref = plan.leads[i];
    if (m.email && ref?.kind === 'existing' && !plan.ignoredEmails.has(i)) claims.set(ref.id, m.email);
  });
  return [...claims].map(([leadId, email]) => ({ leadId, email }));
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
