// The outbox: a change emits its events in its own transaction, as webhook deliveries and notifications.
// The hand-off plans its events with everything else (src/services/handoff.ts); this is for the rest.
import { randomBytes } from 'node:crypto';
import { type OutboxEvent, fanOut } from '../domain/handoff-events.js';
import type { Queryable } from '../store/db.js';
import { insertNotifications } from '../store/notifications.js';
import { activeSubscriptions, insertDeliveries } from '../store/webhooks.js';

export type { OutboxEvent } from '../domain/handoff-events.js';

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
  const { deliveries, notifications } = fanOut(events, await activeSubscriptions(tx, workspaceId));
  await insertDeliveries(
    tx,
    workspaceId,
    deliveries.map((d) => ({ ...d, id: newWebhookId() })),
  );
  await insertNotifications(tx, workspaceId, notifications);
}
