// Events as received from Segment-style SDKs: stored once per messageId, attached to leads.
import type { Activity, ActivityType } from '../domain/engagement.js';
import type { Queryable, Row } from './db.js';
import { columnList, rowReader } from './rows.js';
import { events } from './schema/index.js';
import { pageOf } from './cursor.js';

type EventRecord = typeof events.$inferSelect;

/** An event as accepted, before the database numbers it. */
export type EventInsert = Omit<EventRecord, 'workspaceId' | 'id' | 'scoredAt'>;

const STORED_KEYS = [
  'id',
  'messageId',
  'type',
  'event',
  'leadId',
  'userId',
  'anonymousId',
  'groupId',
  'occurredAt',
  'receivedAt',
  /** When the fold scored it; null while it waits (or while it belongs to no lead). */
  'scoredAt',
  'properties',
  'traits',
  'context',
] as const satisfies readonly (keyof EventRecord)[];

/** An event as a lead's timeline shows it. */
export type StoredEvent = Pick<EventRecord, (typeof STORED_KEYS)[number]>;

const toEvent = rowReader(events) as (row: Row) => StoredEvent;
const STORED_SELECT = columnList(events, STORED_KEYS);

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
  const rows = await q.query(
    `select ${STORED_SELECT} from events where workspace_id = $1 and lead_id = $2 ${keyset}
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

/** Which of these message ids the workspace's events hold already, in one read. */
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
