// Events as received from Segment-style SDKs: stored once per messageId, attached to leads.
import type { Activity, ActivityType } from '../domain/engagement.js';
import type { Queryable } from './db.js';
import { pageOf } from './cursor.js';

export interface EventInsert {
  messageId: string;
  type: string;
  event: string | null;
  leadId: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  sentAt: Date | null;
  originalTimestamp: Date | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  messageId: string;
  type: string;
  event: string | null;
  leadId: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

type EventRow = {
  id: number;
  message_id: string;
  type: string;
  event: string | null;
  lead_id: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  occurred_at: Date;
  received_at: Date;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
};

const toEvent = (r: EventRow): StoredEvent => ({
  id: r.id,
  messageId: r.message_id,
  type: r.type,
  event: r.event,
  leadId: r.lead_id,
  userId: r.user_id,
  anonymousId: r.anonymous_id,
  groupId: r.group_id,
  occurredAt: r.occurred_at,
  receivedAt: r.received_at,
  properties: r.properties,
  traits: r.traits,
  context: r.context,
});

/** What the scoring rules see of a stored event. Screens score like pages. */
export function activityOf(e: {
  id: number;
  type: string;
  event: string | null;
  properties: Record<string, unknown>;
  occurredAt: Date;
}): Activity {
  return {
    id: String(e.id),
    type: (e.type === 'screen' ? 'page' : e.type) as ActivityType,
    event: e.event,
    properties: e.properties,
    at: e.occurredAt,
  };
}

/** The message ids of this list that are already stored (SDK retries). */
export async function storedMessageIds(
  q: Queryable,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await q.query<{ message_id: string }>(
    `select message_id from events where workspace_id = $1 and message_id = any($2::text[])`,
    [workspaceId, messageIds],
  );
  return new Set(rows.map((r) => r.message_id));
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * Inserts the events in one statement; a messageId already stored is skipped (a concurrent retry),
 * and only what was really inserted comes back.
 */
export async function insertEvents(
  q: Queryable,
  workspaceId: string,
  events: readonly EventInsert[],
): Promise<{ id: number; messageId: string }[]> {
  if (events.length === 0) return [];
  const col = <T>(f: (e: EventInsert) => T): T[] => events.map(f);
  const rows = await q.query<{ id: number; message_id: string }>(
    `insert into events (workspace_id, message_id, type, event, lead_id, user_id, anonymous_id, group_id,
                         occurred_at, received_at, sent_at, original_timestamp, properties, traits, context)
     select $1, v.message_id, v.type, v.event, v.lead_id, v.user_id, v.anonymous_id, v.group_id, v.occurred_at,
            v.received_at, v.sent_at, v.original_timestamp, v.properties::jsonb, v.traits::jsonb, v.context::jsonb
       from unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[],
                   $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[],
                   $13::text[], $14::text[], $15::text[])
            as v(message_id, type, event, lead_id, user_id, anonymous_id, group_id, occurred_at, received_at,
                 sent_at, original_timestamp, properties, traits, context)
     on conflict (workspace_id, message_id) do nothing
     returning id, message_id`,
    [
      workspaceId,
      col((e) => e.messageId),
      col((e) => e.type),
      col((e) => e.event),
      col((e) => e.leadId),
      col((e) => e.userId),
      col((e) => e.anonymousId),
      col((e) => e.groupId),
      col((e) => e.occurredAt.toISOString()),
      col((e) => e.receivedAt.toISOString()),
      col((e) => iso(e.sentAt)),
      col((e) => iso(e.originalTimestamp)),
      col((e) => JSON.stringify(e.properties)),
      col((e) => JSON.stringify(e.traits)),
      col((e) => JSON.stringify(e.context)),
    ],
  );
  return rows.map((r) => ({ id: r.id, messageId: r.message_id }));
}

/** Gives stored anonymous events of these visitors to their leads; returns them, oldest first. */
export async function attachAnonymousEvents(
  q: Queryable,
  workspaceId: string,
  pairs: readonly { anonymousId: string; leadId: string }[],
): Promise<StoredEvent[]> {
  if (pairs.length === 0) return [];
  const rows = await q.query<EventRow>(
    `update events e set lead_id = v.lead_id
       from unnest($2::text[], $3::uuid[]) as v(anonymous_id, lead_id)
      where e.workspace_id = $1 and e.anonymous_id = v.anonymous_id and e.lead_id is null
      returning e.*`,
    [workspaceId, pairs.map((p) => p.anonymousId), pairs.map((p) => p.leadId)],
  );
  return rows.map(toEvent).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id);
}

/** A lead's timeline, newest first, by keyset on (occurred_at, id). */
export async function leadTimeline(
  q: Queryable,
  workspaceId: string,
  leadId: string,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<{ data: StoredEvent[]; nextCursor: string | null }> {
  const params: unknown[] = [workspaceId, leadId, page.limit + 1];
  let keyset = '';
  if (page.after) {
    params.push(page.after.at, page.after.id);
    keyset = `and (occurred_at, id) < ($4::timestamptz, $5::bigint)`;
  }
  const rows = await q.query<EventRow>(
    `select * from events where workspace_id = $1 and lead_id = $2 ${keyset}
      order by occurred_at desc, id desc limit $3`,
    params,
  );
  return pageOf(rows.map(toEvent), page.limit, (e) => [e.occurredAt, e.id]);
}

/** Every event of these leads, oldest first, as activities (for rescoring). */
export async function activitiesOfLeads(
  q: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<Map<string, Activity[]>> {
  const byLead = new Map<string, Activity[]>();
  if (leadIds.length === 0) return byLead;
  const rows = await q.query<{
    id: number;
    lead_id: string;
    type: string;
    event: string | null;
    properties: Record<string, unknown>;
    occurred_at: Date;
  }>(
    `select id, lead_id, type, event, properties, occurred_at from events
      where workspace_id = $1 and lead_id = any($2::uuid[]) order by occurred_at, id`,
    [workspaceId, leadIds],
  );
  for (const r of rows) {
    const list = byLead.get(r.lead_id) ?? [];
    list.push(
      activityOf({
        id: r.id,
        type: r.type,
        event: r.event,
        properties: r.properties,
        occurredAt: r.occurred_at,
      }),
    );
    byLead.set(r.lead_id, list);
  }
  return byLead;
}
