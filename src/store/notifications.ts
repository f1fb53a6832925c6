// In-app notifications: one row per person and event, read or not.
import type { PlannedNotification } from '../domain/handoff-events.js';
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { notifications } from './schema/index.js';
import { pageOf } from './cursor.js';

/** A person's notification: every column of `notifications` but the workspace. */
export type Notification = Omit<typeof notifications.$inferSelect, 'workspaceId'>;

const toNotification = rowReader(notifications);

/** A notification to store is one the hand-off planned. */
export type NewNotification = PlannedNotification;

export async function insertNotifications(
  q: Queryable,
  workspaceId: string,
  rows: readonly NewNotification[],
): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (n: NewNotification) => T): T[] => rows.map(f);
  await q.query(
    `insert into notifications (workspace_id, user_id, type, title, body, lead_id, data, created_at)
     select $1, v.user_id, v.type, v.title, v.body, v.lead_id, v.data::jsonb, v.created_at
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::timestamptz[])
            as v(user_id, type, title, body, lead_id, data, created_at)`,
    [
      workspaceId,
      col((n) => n.userId),
      col((n) => n.type),
      col((n) => n.title),
      col((n) => n.body),
      col((n) => n.leadId),
      col((n) => JSON.stringify(n.data)),
      col((n) => n.createdAt.toISOString()),
    ],
  );
}

/**
 * A person's notifications, newest first, with how many are unread in all; `hiddenTypes` (the ones
 * the person turned off in the app) are left out of both.
 */
export async function listNotifications(
  q: Queryable,
  workspaceId: string,
  userId: string,
  opts: {
    isUnreadOnly: boolean;
    limit: number;
    after: { at: string; id: string } | null;
    hiddenTypes?: readonly string[];
  },
): Promise<{ data: Notification[]; nextCursor: string | null; unreadCount: number }> {
  const hidden = opts.hiddenTypes ?? [];
  const rows = await q.query(
    `select * from notifications
      where workspace_id = $1 and user_id = $2 and (not $3 or read_at is null)
        and ($4::timestamptz is null or (created_at, id) < ($4::timestamptz, $5::bigint))
        and type <> all($7::text[])
      order by created_at desc, id desc limit $6`,
    [
      workspaceId,
      userId,
      opts.isUnreadOnly,
      opts.after?.at ?? null,
      opts.after?.id ?? null,
      opts.limit + 1,
      hidden,
    ],
  );
  const counts = await q.query<{ n: number }>(
    `select count(*)::int as n from notifications
      where workspace_id = $1 and user_id = $2 and read_at is null and type <> all($3::text[])`,
    [workspaceId, userId, hidden],
  );
  return {
    ...pageOf(rows.map(toNotification), opts.limit, (n) => [n.createdAt, n.id]),
    unreadCount: counts[0]?.n ?? 0,
  };
}

/** Marks one of the person's notifications read (the first reading counts); null if not theirs. */
export async function markNotificationRead(
  q: Queryable,
  workspaceId: string,
  userId: string,
  id: number,
  now: Date,
): Promise<Notification | null> {
  const rows = await q.query(
    `update notifications set read_at = coalesce(read_at, $4)
      where workspace_id = $1 and user_id = $2 and id = $3 returning *`,
    [workspaceId, userId, id, now.toISOString()],
  );
  return rows[0] ? toNotification(rows[0]) : null;
}

/** Marks all the person's unread notifications read; returns how many there were. */
export async function markAllNotificationsRead(
  q: Queryable,
  workspaceId: string,
  userId: string,
  now: Date,
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `update notifications set read_at = $3
      where workspace_id = $1 and user_id = $2 and read_at is null returning id`,
    [workspaceId, userId, now.toISOString()],
  );
  return rows.length;
}
