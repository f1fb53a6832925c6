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
  answered: boolean;
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
 * order they arrived (each request is resolved against what the ones before it created, see
 * resolveInOrder). Each still answers only once its events are committed; if a combined
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

  // Accepts the group's requests in as few transactions as it takes (a request that merges two
  // leads goes alone), answering each once the transaction that stored it has committed.
  const accept = async (group: Pending[]): Promise<void> => {
    const owner = new Map<string, number>();
    group.forEach((p, i) => p.events.forEach((e) => owner.has(e.messageId) || owner.set(e.messageId, i)));
    const own = group.map((p, i) => p.events.filter((e) => owner.get(e.messageId) === i));
    const workspaceId = group[0]!.workspaceId;
    for (let from = 0; from < group.length;) {
      const result = await deps.db.transaction((tx) => acceptInTransaction(tx, workspaceId, own.slice(from)));
      if (result.queued > 0) deps.wake();
      for (let i = from; i < from + result.requests; i++) {
        const p = group[i]!;
        const stored = own[i]!.filter((e) => result.inserted.has(e.messageId)).length;
        p.answered = true;
        p.resolve({ received: p.received, stored, duplicates: p.received - stored, queued: result.queued });
      }
      from += result.requests;
    }
  };

  const run = async (group: Pending[]): Promise<void> => {
    try {
      await accept(group);
    } catch (err) {
      // Those already answered are settled; the rest are accepted again one by one, so a request
      // the database refuses fails alone.
      if (group.length === 1) return group[0]!.reject(err);
      for (const p of group) if (!p.answered) await accept([p]).catch((e: unknown) => p.reject(e));
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
        answered: false,
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

/** A group's requests as accepted: how many of them (from the first), and what was stored. */
interface Accepted {
  requests: number;
  inserted: Set<string>;
  queued: number;
}

async function acceptInTransaction(
  tx: Queryable,
  workspaceId: string,
  requests: readonly IngestEvent[][],
): Promise<Accepted> {
  // 1. Who is who. Look the group's ids up once; only ids a plan would create get locked (sorted
  //    advisory keys, held to commit) and looked up again in a statement of their own, so two nodes
  //    never both create one person, and batches about known people never wait for each other.
  const identities = requests.map((events) => events.map(identityOf));
  const all = identities.flat();
  const first = await lookupIdentitiesAndAgreement(tx, workspaceId, {
    users: unique(all.flatMap((m) => [m.userId, m.previousId])),
    anonymous: unique(all.flatMap((m) => [m.anonymousId, m.previousId])),
    emails: unique(all.map((m) => m.email)),
  });
  let resolved = resolveInOrder(identities, first.known);
  if (resolved.creating.length > 0) {
    await lockIdentities(tx, workspaceId, unique(resolved.creating));
    const fresh = await findKnownIdentities(tx, workspaceId, keysToIds(unique(resolved.creating)));
    if (fresh.users.size + fresh.anonymous.size + fresh.emails.size > 0) {
      resolved = resolveInOrder(identities, mergeKnown(first.known, fresh));
    }
  }
  const taken = requests.slice(0, resolved.requests);
  const events = taken.flat();
  // 2. Alias merges (a request that merges is accepted alone, see resolveInOrder): both leads
  //    locked (id order) so no folder is midway through either, their identities, events and
  //    queued work moved to the survivor; the fold rescores it.
  if (resolved.merges.length > 0) {
    await lockEngineLeads(tx, workspaceId, unique(resolved.merges.flatMap((m) => [m.from, m.into])).sort());
    for (const m of resolved.merges) {
      await mergeLeadInto(tx, workspaceId, m.from, m.into);
      await moveQueuedWork(tx, workspaceId, m.from, m.into);
    }
  }

  // 3. Store, in one statement: new leads, identities (and e-mails claimed), earlier anonymous
  //    visits attached, the events (SDK retries are skipped by messageId), the fold's work queued.
  const { inserted, queued } = await writeBatch(tx, workspaceId, {
    newLeads: resolved.newLeads.map((n) => ({
      id: n.id,
      email: resolved.emails.get(n.id) ?? null,
      createdAt: events[n.firstEvent]!.timestamp,
    })),
    identities: resolved.identities,
    attach: resolved.attach,
    events: events.map((e, i) => ({
      messageId: e.messageId,
      type: e.type,
      event: e.event,
      leadId: resolved.leads[i] ?? null,
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
    emailClaims: [...resolved.emails]
      .filter(([leadId]) => !resolved.isNew.has(leadId))
      .map(([leadId, email]) => ({ leadId, email })),
    ignoredEmailMessages: resolved.ignoredEvents.map((i) => events[i]!.messageId),
    mergedInto: unique(resolved.merges.map((m) => m.into)),
  });
  return { requests: taken.length, inserted: new Set(inserted.map((i) => i.messageId)), queued };
}

/** The requests of a group resolved one after another, as separate transactions would see them. */
interface GroupResolution {
  /** How many requests, from the first, this transaction accepts. */
  requests: number;
  /** Per event of those requests (in order), its lead id (null: an anonymous visitor). */
  leads: (string | null)[];
  newLeads: { id: string; firstEvent: number }[];
  isNew: Set<string>;
  identities: { kind: 'user' | 'anonymous'; value: string; leadId: string }[];
  attach: { anonymousId: string; leadId: string }[];
  /** Each lead's e-mail after the group (a new lead's, or one claimed for an existing lead). */
  emails: Map<string, string>;
  ignoredEvents: number[];
  merges: { from: string; into: string }[];
  /** Advisory-lock keys of what the plans create. */
  creating: string[];
}

/**
 * Resolves each request against what the database knows plus what the requests before it in the
 * group created or claimed, so the same person in two requests is one lead, exactly as if they ran
 * one after another in arrival order. A request whose plan merges two leads is accepted alone (its
 * merge runs against the database's rows): the group stops before it, or after it if it is first.
 */
function resolveInOrder(requests: readonly MessageIdentity[][], known: KnownIdentities): GroupResolution {
  const users = new Map(known.users);
  const anonymous = new Map(known.anonymous);
  const emails = new Map(known.emails);
  const anonymousOf: (string | null)[] = [];
  const out: GroupResolution = {
    requests: 0,
    leads: [],
    newLeads: [],
    isNew: new Set(),
    identities: [],
    attach: [],
    emails: new Map(),
    ignoredEvents: [],
    merges: [],
    creating: [],
  };
  for (const [k, identities] of requests.entries()) {
    const now: KnownIdentities = { users, anonymous, emails };
    const plan = resolveIdentities(identities, now);
    if (plan.merges.length > 0 && k > 0) break;
    const offset = out.leads.length;
    const newIds = plan.newLeads.map(() => randomUUID());
    const idOf = (ref: LeadRef): string => (ref.kind === 'existing' ? ref.id : newIds[ref.key]!);
    out.creating.push(...creationKeys(plan, identities, now));
    for (const n of plan.newLeads) {
      out.newLeads.push({ id: newIds[n.key]!, firstEvent: offset + n.firstMessage });
      out.isNew.add(newIds[n.key]!);
    }
    out.leads.push(...plan.leads.map((ref) => (ref ? idOf(ref) : null)));
    anonymousOf.push(...identities.map((m) => m.anonymousId));
    for (const i of plan.newIdentities) {
      const leadId = idOf(i.lead);
      out.identities.push({ kind: i.kind, value: i.value, leadId });
      (i.kind === 'user' ? users : anonymous).set(i.value, leadId);
    }
    // A visitor identified now owns its stored anonymous events and those of the requests before
    // this one in the group (written by the same statement, so set here rather than attached).
    for (const a of plan.attachAnonymous) {
      const leadId = idOf(a.lead);
      out.attach.push({ anonymousId: a.anonymousId, leadId });
      for (let j = 0; j < offset; j++) {
        if (out.leads[j] === null && anonymousOf[j] === a.anonymousId) out.leads[j] = leadId;
      }
    }
    out.ignoredEvents.push(...[...plan.ignoredEmails].map((i) => offset + i));
    out.merges.push(...plan.merges);
    // A new lead starts with its first message's e-mail; an identify's e-mail then claims the key
    // (the last one wins), and the lead's previous e-mail no longer finds it.
    const claims = new Map<string, string>(
      plan.newLeads.flatMap((n) => (n.email ? [[newIds[n.key]!, n.email] as const] : [])),
    );
    identities.forEach((m, i) => {
      const ref = plan.leads[i];
      if (m.email && ref && !plan.ignoredEmails.has(i)) claims.set(idOf(ref), m.email);
    });
    for (const [leadId, email] of claims) {
      for (const [e, owner] of emails) if (owner === leadId && e !== email) emails.delete(e);
      emails.set(email, leadId);
      out.emails.set(leadId, email);
    }
    out.requests = k + 1;
    if (plan.merges.length > 0) break;
  }
  return out;
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
