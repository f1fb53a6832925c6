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
  /** When the fold scored it; null while it waits (or while it belongs to no lead). */
  scoredAt: Date | null;
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
  scored_at: Date | null;
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
  scoredAt: r.scored_at,
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

/**
 * Every event of these leads the fold has scored, oldest first, as activities (for rescoring).
 * Events still waiting are left out: their fold adds them on top of the rescored state.
 */
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
      where workspace_id = $1 and lead_id = any($2::uuid[]) and scored_at is not null
      order by occurred_at, id`,
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
