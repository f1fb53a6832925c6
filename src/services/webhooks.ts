// Webhook subscriptions (create, change, rotate the secret, remove), their delivery log and redelivery.
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../domain/errors.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { decodeCursor } from '../store/cursor.js';
import type { Queryable } from '../store/db.js';
import {
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookSubscription,
  deleteSubscription,
  getDelivery,
  getSubscription,
  insertDeliveries,
  insertSubscription,
  listAttempts,
  listDeliveries,
  listSubscriptions,
  requeueDelivery,
  updateSubscription,
} from '../store/webhooks.js';
import type { Deps } from './deps.js';
import { newWebhookId } from './outbox.js';

/** The event type of a test delivery: sent to one subscription on request, never emitted by changes. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  description: string | null;
}

export interface SubscriptionWithSecret {
  subscription: WebhookSubscription;
  /** Shown when created and when rotated; sign-checking receivers need it. */
  secret: string;
}

export const subscriptionsOf = (deps: Deps, workspaceId: string): Promise<WebhookSubscription[]> =>
  listSubscriptions(deps.db, workspaceId);

export async function subscription(
  deps: Deps,
  workspaceId: string,
  id: string,
): Promise<WebhookSubscription> {
  const found = await getSubscription(deps.db, workspaceId, id);
  if (!found) throw notFound('Webhook subscription');
  return found;
}

export async function createSubscription(
  tx: Queryable,
  actor: AuditActor,
  workspaceId: string,
  input: SubscriptionInput,
): Promise<SubscriptionWithSecret> {
  const secret = newSecret();
  const created = await insertSubscription(tx, { workspaceId, ...input, secret });
  await recordAudit(tx, workspaceId, actor, 'webhook.created', target(created.id), {
    url: created.url,
    eventTypes: created.eventTypes,
  });
  return { subscription: created, secret };
}

export async function changeSubscription(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  change: Partial<SubscriptionInput & { active: boolean }>,
): Promise<WebhookSubscription> {
  return deps.db.transaction(async (tx) => {
    const changed = await updateSubscription(tx, workspaceId, id, change);
    if (!changed) throw notFound('Webhook subscription');
    await recordAudit(tx, workspaceId, actor, 'webhook.changed', target(id), { ...change });
    return changed;
  });
}

/** A new secret takes effect at once: the next attempt of every delivery is signed with it. */
export async function rotateSecret(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
): Promise<SubscriptionWithSecret> {
  return deps.db.transaction(async (tx) => {
    const secret = newSecret();
    const changed = await updateSubscription(tx, workspaceId, id, { secret });
    if (!changed) throw notFound('Webhook subscription');
    await recordAudit(tx, workspaceId, actor, 'webhook.secret_rotated', target(id));
    return { subscription: changed, secret };
  });
}

export async function removeSubscription(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
): Promise<WebhookSubscription> {
  return deps.db.transaction(async (tx) => {
    const removed = await deleteSubscription(tx, workspaceId, id);
    if (!removed) throw notFound('Webhook subscription');
    await recordAudit(tx, workspaceId, actor, 'webhook.deleted', target(id), { url: removed.url });
    return removed;
  });
}

/** Queues a `webhook.test` delivery to this subscription alone, whatever event types it takes. */
export async function sendTestDelivery(
  deps: Deps,
  workspaceId: string,
  id: string,
): Promise<WebhookDelivery> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const sub = await getSubscription(tx, workspaceId, id);
    if (!sub) throw notFound('Webhook subscription');
    if (!sub.active) throw inactive();
    const deliveryId = newWebhookId();
    const payload = { type: TEST_EVENT_TYPE, timestamp: now.toISOString(), data: { subscriptionId: id } };
    await insertDeliveries(tx, workspaceId, [
      { id: deliveryId, subscriptionId: id, payload, occurredAt: now },
    ]);
    return (await getDelivery(tx, workspaceId, deliveryId))!;
  });
}

export async function deliveriesOf(
  deps: Deps,
  workspaceId: string,
  subscriptionId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, { at: 'timestamp', id: 'text' });
  await subscription(deps, workspaceId, subscriptionId);
  return listDeliveries(deps.db, workspaceId, subscriptionId, { limit: page.limit, after });
}

export async function deliveryWithAttempts(
  deps: Deps,
  workspaceId: string,
  deliveryId: string,
): Promise<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }> {
  const delivery = await getDelivery(deps.db, workspaceId, deliveryId);
  if (!delivery) throw notFound('Webhook delivery');
  return { delivery, attempts: await listAttempts(deps.db, workspaceId, deliveryId) };
}

/**
 * Sends a delivery again: the same row and webhook id (receivers deduplicate on it), due now, as one
 * more attempt. If that attempt fails, retries go on from where the count stands.
 */
export async function redeliver(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const delivery = await getDelivery(tx, workspaceId, deliveryId);
    if (!delivery) throw notFound('Webhook delivery');
    const sub = await getSubscription(tx, workspaceId, delivery.subscriptionId);
    if (!sub?.active) throw inactive();
    const requeued = await requeueDelivery(tx, workspaceId, deliveryId, now);
    if (!requeued) {
      throw new AppError('conflict', 'This delivery is being sent right now; look at its log in a moment.');
    }
    await recordAudit(tx, workspaceId, actor, 'webhook.redelivered', {
      type: 'webhook_delivery',
      id: deliveryId,
    });
    return requeued;
  });
}

const target = (id: string) => ({ type: 'webhook_subscription', id });

const inactive = (): AppError =>
  new AppError('conflict', 'The subscription is paused (active: false); activate it to send to it.');
