// The alert outbox: notifications still to plan, the e-mails and Slack posts planned from them,
// claiming due ones under a lease (FOR UPDATE SKIP LOCKED) and recording how each attempt went.
import type { Queryable } from './db.js';

export interface UnplannedNotification {
  workspaceId: string;
  id: number;
  userId: string;
  type: string;
}

/** Locks up to `limit` notifications whose alerts are not planned yet; another node skips them. */
export async function claimUnplannedNotifications(
  q: Queryable,
  opts: { limit: number; workspaceId: string | null },
): Promise<UnplannedNotification[]> {
  return q.query<UnplannedNotification>(
    `select workspace_id as "workspaceId", id, user_id as "userId", type
       from notifications
      where alerts_planned_at is null and ($2::uuid is null or workspace_id = $2)
      order by id limit $1
      for update skip locked`,
    [opts.limit, opts.workspaceId],
  );
}

export interface NewAlertDelivery {
  workspaceId: string;
  notificationId: number;
  userId: string;
  channel: 'email' | 'slack';
  target: string;
}

/** Queues the planned deliveries (never twice per notification and channel) and marks the notifications planned. */
export async function queueAlertDeliveries(
  q: Queryable,
  planned: readonly { workspaceId: string; id: number }[],
  rows: readonly NewAlertDelivery[],
  now: Date,
): Promise<void> {
  if (rows.length > 0) {
    await q.query(
      `insert into alert_deliveries (workspace_id, notification_id, user_id, channel, target, next_attempt_at)
       select v.workspace_id, v.notification_id, v.user_id, v.channel, v.target, $6
         from unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::text[])
              as v(workspace_id, notification_id, user_id, channel, target)
       on conflict (workspace_id, notification_id, channel) do nothing`,
      [
        rows.map((r) => r.workspaceId),
        rows.map((r) => r.notificationId),
        rows.map((r) => r.userId),
        rows.map((r) => r.channel),
        rows.map((r) => r.target),
        now.toISOString(),
      ],
    );
  }
  if (planned.length > 0) {
    await q.query(
      `update notifications n set alerts_planned_at = $3
         from unnest($1::uuid[], $2::bigint[]) as k(workspace_id, id)
        where n.workspace_id = k.workspace_id and n.id = k.id`,
      [planned.map((p) => p.workspaceId), planned.map((p) => p.id), now.toISOString()],
    );
  }
}

export interface ClaimedAlert {
  workspaceId: string;
  id: number;
  channel: 'email' | 'slack';
  target: string;
  attempt: number;
  recipientName: string;
  type: string;
  title: string;
  body: string;
  leadId: string | null;
}

/**
 * Leases up to `limit` due deliveries (attempts + 1, locked until `leaseUntil`) and commits with the
 * caller: the sending happens outside any transaction, and another node skips leased rows.
 */
export async function claimDueAlerts(
  q: Queryable,
  opts: { now: Date; leaseUntil: Date; limit: number; workspaceId: string | null },
): Promise<ClaimedAlert[]> {
  return q.query<ClaimedAlert>(
    `with due as materialized (
       select workspace_id, id from alert_deliveries
        where status = 'pending' and next_attempt_at <= $1
          and (locked_until is null or locked_until < $1)
          and ($4::uuid is null or workspace_id = $4)
        order by next_attempt_at limit $3
        for update skip locked
     ), claimed as (
       update alert_deliveries d set locked_until = $2, attempts = d.attempts + 1
         from due where d.workspace_id = due.workspace_id and d.id = due.id
       returning d.workspace_id, d.id, d.channel, d.target, d.attempts, d.notification_id, d.user_id
     )
     select c.workspace_id as "workspaceId", c.id, c.channel, c.target, c.attempts as attempt,
            u.name as "recipientName", n.type, n.title, n.body, n.lead_id as "leadId"
       from claimed c
       join notifications n on n.workspace_id = c.workspace_id and n.id = c.notification_id
       join users u on u.workspace_id = c.workspace_id and u.id = c.user_id`,
    [opts.now.toISOString(), opts.leaseUntil.toISOString(), opts.limit, opts.workspaceId],
  );
}

export interface AlertOutcome {
  workspaceId: string;
  id: number;
  attempt: number;
  at: Date;
  status: 'sent' | 'pending' | 'failed';
  error: string | null;
  nextAttemptAt: Date | null;
}

/** Moves the attempted deliveries on and releases their leases; a newer claim's state wins. */
export async function recordAlertOutcomes(q: Queryable, outcomes: readonly AlertOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const col = <T>(f: (o: AlertOutcome) => T): T[] => outcomes.map(f);
  await q.query(
    `update alert_deliveries d set
        status = v.status, locked_until = null, last_error = v.error,
        next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
        sent_at = case when v.status = 'sent' then v.at else d.sent_at end
       from unnest($1::uuid[], $2::bigint[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::timestamptz[])
            as v(workspace_id, id, attempt, at, status, error, next_attempt_at)
      where d.workspace_id = v.workspace_id and d.id = v.id and d.attempts = v.attempt`,
    [
      col((o) => o.workspaceId),
      col((o) => o.id),
      col((o) => o.attempt),
      col((o) => o.at.toISOString()),
      col((o) => o.status),
      col((o) => o.error),
      col((o) => o.nextAttemptAt?.toISOString() ?? null),
    ],
  );
}

export interface AlertDeliveryView {
  id: number;
  notificationId: number;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  title: string;
}

/** A person's most recent e-mails and Slack posts, newest first (their preferences page shows them). */
export async function recentAlertDeliveries(
  q: Queryable,
  workspaceId: string,
  userId: string,
  limit: number,
): Promise<AlertDeliveryView[]> {
  return q.query<AlertDeliveryView>(
    `select d.id, d.notification_id as "notificationId", d.channel, d.status, d.attempts,
            d.last_error as "lastError", d.sent_at as "sentAt", d.created_at as "createdAt", n.title
       from alert_deliveries d
       join notifications n on n.workspace_id = d.workspace_id and n.id = d.notification_id
      where d.workspace_id = $1 and d.user_id = $2
      order by d.created_at desc, d.id desc limit $3`,
    [workspaceId, userId, limit],
  );
}
