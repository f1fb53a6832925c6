// Webhook subscriptions, the outbox of deliveries (one row per event and subscription) and their attempts.
import type { Queryable, Row } from './db.js';
import { rowReader } from './rows.js';
import {
  type DeliveryStatus,
  type WebhookPayload,
  webhookDeliveries,
  webhookSubscriptions,
} from './schema/index.js';
import { pageOf } from './cursor.js';

/** A subscription: every column of `webhook_subscriptions` (its signing secret, whsec_…, kept in the clear because signing needs it). */
export type WebhookSubscription = typeof webhookSubscriptions.$inferSelect;

const toSubscription = rowReader(webhookSubscriptions);

export async function insertSubscription(
  q: Queryable,
  input: {
    workspaceId: string;
    url: string;
    description: string | null;
    secret: string;
    eventTypes: string[];
  },
): Promise<WebhookSubscription> {
  const rows = await q.query(
    `insert into webhook_subscriptions (workspace_id, url, description, secret, event_types)
     values ($1, $2, $3, $4, $5::text[]) returning *`,
    [input.workspaceId, input.url, input.description, input.secret, input.eventTypes],
  );
  return toSubscription(rows[0]!);
}

export async function listSubscriptions(q: Queryable, workspaceId: string): Promise<WebhookSubscription[]> {
  const rows = await q.query(
    `select * from webhook_subscriptions where workspace_id = $1 order by created_at, id`,
    [workspaceId],
  );
  return rows.map(toSubscription);
}

/** One row of a workspace's webhook table by its id, read by the table's reader; null if none. */
async function rowById<T>(
  q: Queryable,
  table: 'webhook_subscriptions' | 'webhook_deliveries',
  read: (row: Row) => T,
  workspaceId: string,
  id: string,
): Promise<T | null> {
  const rows = await q.query(`select * from ${table} where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ? read(rows[0]) : null;
}

export const getSubscription = (
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<WebhookSubscription | null> =>
  rowById(q, 'webhook_subscriptions', toSubscription, workspaceId, id);

/** What the outbox needs to fan an event out: the active subscriptions and what they listen to. */
export async function activeSubscriptions(
  q: Queryable,
  workspaceId: string,
): Promise<{ id: string; eventTypes: string[] }[]> {
  const rows = await q.query<{ id: string; event_types: string[] }>(
    `select id, event_types from webhook_subscriptions where workspace_id = $1 and active`,
    [workspaceId],
  );
  return rows.map((r) => ({ id: r.id, eventTypes: r.event_types }));
}

export type SubscriptionChange = Partial<
  Pick<WebhookSubscription, 'url' | 'description' | 'eventTypes' | 'active' | 'secret'>
>;

export async function updateSubscription(
  q: Queryable,
  workspaceId: string,
  id: string,
  change: SubscriptionChange,
): Promise<WebhookSubscription | null> {
  const rows = await q.query(
    `update webhook_subscriptions set
        url = coalesce($3, url),
        description = case when $4 then $5 else description end,
        event_types = coalesce($6::text[], event_types),
        active = coalesce($7, active),
        secret = coalesce($8, secret)
      where workspace_id = $1 and id = $2 returning *`,
    [
      workspaceId,
      id,
      change.url ?? null,
      change.description !== undefined,
      change.description ?? null,
      change.eventTypes ?? null,
      change.active ?? null,
      change.secret ?? null,
    ],
  );
  return rows[0] ? toSubscription(rows[0]) : null;
}

/** Removes the subscription with its delivery log; what was still pending is never sent. */
export async function deleteSubscription(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<WebhookSubscription | null> {
  await q.query(
    `delete from webhook_attempts a using webhook_deliveries d
      where a.workspace_id = $1 and d.workspace_id = $1 and d.subscription_id = $2 and a.delivery_id = d.id`,
    [workspaceId, id],
  );
  await q.query(`delete from webhook_deliveries where workspace_id = $1 and subscription_id = $2`, [
    workspaceId,
    id,
  ]);
  const rows = await q.query(
    `delete from webhook_subscriptions where workspace_id = $1 and id = $2 returning *`,
    [workspaceId, id],
  );
  return rows[0] ? toSubscription(rows[0]) : null;
}

// ------------------------------------------------------------------------------------------------
// Deliveries

export type { DeliveryStatus, WebhookPayload } from './schema/index.js';

/** A delivery: every column of `webhook_deliveries` but the workspace. */
export type WebhookDelivery = Omit<typeof webhookDeliveries.$inferSelect, 'workspaceId'>;

const toDelivery = rowReader(webhookDeliveries);

export interface NewDelivery {
  id: string;
  subscriptionId: string;
  payload: WebhookPayload;
  occurredAt: Date;
}

/** Queues deliveries, due at once: at the event's moment, or the database's now if that is earlier. */
export async function insertDeliveries(
  q: Queryable,
  workspaceId: string,
  rows: readonly NewDelivery[],
): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (d: NewDelivery) => T): T[] => rows.map(f);
  await q.query(
    `insert into webhook_deliveries (workspace_id, id, subscription_id, event_type, payload, status, next_attempt_at, created_at)
     select $1, v.id, v.subscription_id, v.event_type, v.payload::jsonb, 'pending', least(v.at, now()), v.at
       from unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
            as v(id, subscription_id, event_type, payload, at)`,
    [
      workspaceId,
      col((d) => d.id),
      col((d) => d.subscriptionId),
      col((d) => d.payload.type),
      col((d) => JSON.stringify(d.payload)),
      col((d) => d.occurredAt.toISOString()),
    ],
  );
}

/** A subscription's delivery log, newest first. */
export async function listDeliveries(
  q: Queryable,
  workspaceId: string,
  subscriptionId: string,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
  const rows = await q.query(
    `select * from webhook_deliveries
      where workspace_id = $1 and subscription_id = $2
        and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::text))
      order by created_at desc, id desc limit $5`,
    [workspaceId, subscriptionId, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
  );
  return pageOf(rows.map(toDelivery), page.limit, (d) => [d.createdAt, d.id]);
}

export const getDelivery = (q: Queryable, workspaceId: string, id: string): Promise<WebhookDelivery | null> =>
  rowById(q, 'webhook_deliveries', toDelivery, workspaceId, id);

/** Due again now, on the same row (same webhook id); attempts keep counting. Null while it is leased. */
export async function requeueDelivery(
  q: Queryable,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<WebhookDelivery | null> {
  const rows = await q.query(
    `update webhook_deliveries set status = 'pending', next_attempt_at = $3
      where workspace_id = $1 and id = $2 and (locked_until is null or locked_until < $3) returning *`,
    [workspaceId, id, now.toISOString()],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

export interface ClaimedDelivery {
  workspaceId: string;
  id: string;
  payload: WebhookPayload;
  /** The number of this attempt (1 for the first). */
  attempt: number;
  url: string;
  secret: string;
}

/**
 * Leases due deliveries of active subscriptions until `leaseUntil` and counts the attempt. The lease,
 * not a row lock, keeps other workers off them, so no transaction stays open during the HTTP calls.
 */
export async function claimDueDeliveries(
  q: Queryable,
  opts: { now: Date; leaseUntil: Date; limit: number; workspaceId: string | null },
): Promise<ClaimedDelivery[]> {
  return q.query<ClaimedDelivery>(
    `with due as materialized (
       select d.workspace_id, d.id from webhook_deliveries d
         join webhook_subscriptions s on s.workspace_id = d.workspace_id and s.id = d.subscription_id
        where d.status = 'pending' and d.next_attempt_at <= $1
          and (d.locked_until is null or d.locked_until < $1) and s.active
          and ($4::uuid is null or d.workspace_id = $4)
        order by d.next_attempt_at limit $3
        for update of d skip locked
     ), claimed as (
       update webhook_deliveries d set locked_until = $2, attempts = d.attempts + 1
         from due where d.workspace_id = due.workspace_id and d.id = due.id
       returning d.workspace_id, d.id, d.subscription_id, d.payload, d.attempts
     )
     select c.workspace_id as "workspaceId", c.id, c.payload, c.attempts as attempt, s.url, s.secret
       from claimed c join webhook_subscriptions s on s.workspace_id = c.workspace_id and s.id = c.subscription_id`,
    [opts.now.toISOString(), opts.leaseUntil.toISOString(), opts.limit, opts.workspaceId],
  );
}

export interface AttemptOutcome {
  workspaceId: string;
  deliveryId: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string | null;
  /** Where the delivery stands after this attempt; `nextAttemptAt` only when still pending. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

/**
 * Logs the attempts and moves their deliveries on, releasing the lease. A delivery claimed again
 * meanwhile (its lease ran out) keeps the newer claim's state; the attempt is logged all the same
 * (unless its subscription was deleted meanwhile).
 */
export async function recordAttempts(q: Queryable, outcomes: readonly AttemptOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const col = <T>(f: (o: AttemptOutcome) => T): T[] => outcomes.map(f);
  const params = [
    col((o) => o.workspaceId),
    col((o) => o.deliveryId),
    col((o) => o.attempt),
    col((o) => o.at.toISOString()),
    col((o) => o.statusCode),
    col((o) => o.error),
    col((o) => o.durationMs),
    col((o) => o.responseBody),
    col((o) => o.status),
    col((o) => o.nextAttemptAt?.toISOString() ?? null),
  ];
  const values = `unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::text[], $7::int[],
                         $8::text[], $9::text[], $10::timestamptz[])
                  as v(workspace_id, delivery_id, attempt, at, status_code, error, duration_ms, response_body,
                       status, next_attempt_at)`;
  await q.query(
    `insert into webhook_attempts (workspace_id, delivery_id, attempt, at, status_code, error, duration_ms, response_body)
     select v.workspace_id, v.delivery_id, v.attempt, v.at, v.status_code, v.error, v.duration_ms, v.response_body
       from ${values}
      where exists (select 1 from webhook_deliveries d where d.workspace_id = v.workspace_id and d.id = v.delivery_id)`,
    params,
  );
  await q.query(
    `update webhook_deliveries d set
        status = v.status, next_attempt_at = v.next_attempt_at, locked_until = null,
        last_attempt_at = v.at, last_status_code = v.status_code, last_error = v.error,
        delivered_at = case when v.status = 'delivered' then v.at else d.delivered_at end
       from ${values}
      where d.workspace_id = v.workspace_id and d.id = v.delivery_id and d.attempts = v.attempt`,
    params,
  );
}

export interface WebhookAttempt {
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string | null;
}

export async function listAttempts(
  q: Queryable,
  workspaceId: string,
  deliveryId: string,
): Promise<WebhookAttempt[]> {
  return q.query<WebhookAttempt>(
    `select attempt, at, status_code as "statusCode", error, duration_ms as "durationMs",
            response_body as "responseBody"
       from webhook_attempts where workspace_id = $1 and delivery_id = $2 order by attempt, id`,
    [workspaceId, deliveryId],
  );
}
