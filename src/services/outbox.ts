// The outbox: a change emits its events in its own transaction, as webhook deliveries and notifications.
import { randomBytes } from 'node:crypto';
import { type WebhookEventType, isSubscribedTo } from '../domain/webhook-events.js';
import type { Queryable } from '../store/db.js';
import { type NewNotification, insertNotifications } from '../store/notifications.js';
import { type NewDelivery, activeSubscriptions, insertDeliveries } from '../store/webhooks.js';

export interface OutboxEvent {
  type: WebhookEventType;
  occurredAt: Date;
  /** The webhook payload's `data`: plain JSON. */
  data: Record<string, unknown>;
  /** In-app notification for these people (null: none). */
  notify: { userIds: string[]; title: string; body: string; leadId: string | null } | null;
}

/** A Standard Webhooks message id (`webhook-id`): stays the same on every attempt of a delivery. */
export const newWebhookId = (): string => `msg_${randomBytes(16).toString('hex')}`;

/**
 * Queues one delivery per event and active subscription that listens to it, and the events'
 * notifications, on `tx`: they commit or roll back with the change that caused them.
 */
export async function emitEvents(
  tx: Queryable,
  workspaceId: string,
  events: readonly OutboxEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // Read inside this transaction, never cached: a subscription made a moment ago receives this event.
  const subscriptions = await activeSubscriptions(tx, workspaceId);
  const deliveries: NewDelivery[] = events.flatMap((event) => {
    const payload = { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data };
    return subscriptions
      .filter((s) => isSubscribedTo(s.eventTypes, event.type))
      .map((s) => ({ id: newWebhookId(), subscriptionId: s.id, payload, occurredAt: event.occurredAt }));
  });
  const notifications: NewNotification[] = events.flatMap((event) => {
    const n = event.notify;
    if (!n) return [];
    return [...new Set(n.userIds)].map((userId) => ({
      userId,
      type: event.type,
      title: n.title,
      body: n.body,
      leadId: n.leadId,
      data: event.data,
      createdAt: event.occurredAt,
    }));
  });
  await insertDeliveries(tx, workspaceId, deliveries);
  await insertNotifications(tx, workspaceId, notifications);
}
