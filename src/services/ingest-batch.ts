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
  /** Rows queued for the fold by the transaction that stored it (shared by requests accepted together). */
  queued: number;
}

export type IngestBatch = (request: IngestRequest) => Promise<IngestResult>;

export interface IngestOptions {
  /**
   * Accepting transactions this node runs at once (default: 1 on PGlite, whose one session runs
   * them one after another anyway; 4 on PostgreSQL). Requests that arrive while they are all busy
   * wait, and those of one workspace are then accepted together, in one transaction.
   */
  maxInFlight?: number;
  /** At most this many events in one combined transaction (a single request is never split). */
  maxCombinedEvents?: number;
}

interface Pending {
  workspaceId: string;
  events: IngestEvent[];
  received: number;
  resolve: (result: IngestResult) => void;
  reject: (err: unknown) => void;
}

/**
 * `wake` tells this node's folder that work was committed (other nodes hear the NOTIFY).
 *
 * Requests are accepted as they come while a transaction is free; under load, the requests that
 * queued meanwhile are accepted together (natural batching: no added wait when idle). One
 * transaction for many single-event requests, as analytics.js sends them, costs one identity
 * lookup and one write instead of one each: the same as if they had come as one /v1/batch, in the
 * order they arrived. Each still answers only once its events are committed; if a combined
 * transaction fails, its requests are accepted again one by one, so one cannot fail another.
 */
export function createIngestBatch(
  deps: Deps & { wake: () => void },
  options: IngestOptions = {},
): IngestBatch {
  const maxInFlight = options.maxInFlight ?? (deps.db.kind === 'pglite' ? 1 : 4);
  const maxEvents = options.maxCombinedEvents ?? 1000;
  const waiting: Pending[] = [];
  let inFlight = 0;

  const accept = async (group: Pending[]): Promise<void> => {
    const owner = new Map<string, number>();
    group.forEach((p, i) => p.events.forEach((e) => owner.has(e.messageId) || owner.set(e.messageId, i)));
    const events = group.flatMap((p, i) => p.events.filter((e) => owner.get(e.messageId) === i));
    const workspaceId = group[0]!.workspaceId;
    const result = await deps.db.transaction((tx) => acceptInTransaction(tx, workspaceId, events));
    if (result.queued > 0) deps.wake();
    group.forEach((p, i) => {
      const stored = p.events.filter((e) => owner.get(e.messageId) === i && result.inserted.has(e.messageId));
      p.resolve({
        received: p.received,
        stored: stored.length,
        duplicates: p.received - stored.length,
        queued: result.queued,
      });
    });
  };

  const run = async (group: Pending[]): Promise<void> => {
    try {
      await accept(group);
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      for (const p of group) await accept([p]).catch((e: unknown) => p.reject(e));
    }
  };

  const pump = (): void => {
    while (inFlight < maxInFlight && waiting.length > 0) {
      const first = waiting.shift()!;
      const group = [first];
      let size = first.events.length;
      for (let i = 0; i < waiting.length && size < maxEvents;) {
        const p = waiting[i]!;
        if (p.workspaceId === first.workspaceId && size + p.events.length <= maxEvents) {
          group.push(p);
          size += p.events.length;
          waiting.splice(i, 1);
        } else i++;
      }
      inFlight++;
      void run(group).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };

  // PGlite runs a whole transaction without giving the event loop a turn (its file I/O is
  // synchronous), so a request is started on the next turn: requests whose bytes have already
  // arrived are parsed first and join it.
  let scheduled = false;
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  return (request) => {
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
    return new Promise<IngestResult>((resolve, reject) => {
      waiting.push({
        workspaceId: request.workspaceId,
        events,
        received: request.messages.length,
        resolve,
        reject,
      });
      schedule();
    });
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
): Promise<{ inserted: Set<string>; queued: number }> {
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
  return { inserted: new Set(inserted.map((i) => i.messageId)), queued };
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
