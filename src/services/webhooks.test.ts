// Webhook subscriptions as the services keep them: a paused subscription is sent nothing (409), a
// delivery leased to a worker cannot be sent again until its lease ends (409), a rotated secret
// replaces the old one, and removing a subscription removes its delivery log; each change audited.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../store/audit-log.js';
import { claimDueDeliveries } from '../store/webhooks.js';
import { appErrorOf } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import {
  TEST_EVENT_TYPE,
  changeSubscription,
  createSubscription,
  deliveryWithAttempts,
  redeliver,
  removeSubscription,
  rotateSecret,
  sendTestDelivery,
  subscription,
} from './webhooks.js';

let now = new Date('2026-11-23T10:00:00Z');
const t = workspaceTest({ clock: () => new Date(now) });
const SYSTEM = { type: 'system' as const, id: null, label: 'test' };
const MINUTE = 60_000;

const subscribe = () =>
  t.db.transaction((tx) =>
    createSubscription(tx, SYSTEM, t.ws.workspace.id, {
      url: 'https://hooks.example/in',
      description: null,
      eventTypes: ['lead.assigned'],
    }),
  );

const lastAction = async () =>
  (await listAudit(t.db, t.ws.workspace.id, { limit: 1, beforeId: null }))[0]?.action;

describe('webhook subscriptions', () => {
  it('send a test delivery only while active, whatever event types they take', async () => {
    const { subscription: sub, secret } = await subscribe();
    expect(secret).toMatch(/^whsec_/);
    expect(await lastAction()).toBe('webhook.created');

    await changeSubscription(t.deps, SYSTEM, t.ws.workspace.id, sub.id, { active: false });
    expect(await lastAction()).toBe('webhook.changed');
    expect((await appErrorOf(sendTestDelivery(t.deps, t.ws.workspace.id, sub.id))).code).toBe('conflict');

    await changeSubscription(t.deps, SYSTEM, t.ws.workspace.id, sub.id, { active: true });
    const delivery = await sendTestDelivery(t.deps, t.ws.workspace.id, sub.id);
    expect(delivery).toMatchObject({ subscriptionId: sub.id, status: 'pending', attempts: 0 });
    expect(delivery.payload).toMatchObject({ type: TEST_EVENT_TYPE, data: { subscriptionId: sub.id } });
    expect(await deliveryWithAttempts(t.deps, t.ws.workspace.id, delivery.id)).toEqual({
      delivery,
      attempts: [],
    });
  });

  it('redeliver only what no worker holds, and only to an active subscription', async () => {
    const { subscription: sub } = await subscribe();
    const delivery = await sendTestDelivery(t.deps, t.ws.workspace.id, sub.id);
    const claimed = await claimDueDeliveries(t.db, {
      now,
      leaseUntil: new Date(now.getTime() + 5 * MINUTE),
      limit: 100,
      workspaceId: t.ws.workspace.id,
    });
    expect(claimed.map((c) => c.id)).toContain(delivery.id);
    const leased = await appErrorOf(redeliver(t.deps, SYSTEM, t.ws.workspace.id, delivery.id));
    expect(leased.code).toBe('conflict');

    now = new Date(now.getTime() + 6 * MINUTE);
    const again = await redeliver(t.deps, SYSTEM, t.ws.workspace.id, delivery.id);
    expect(again).toMatchObject({ id: delivery.id, status: 'pending', attempts: 1, nextAttemptAt: now });
    expect(await lastAction()).toBe('webhook.redelivered');

    await changeSubscription(t.deps, SYSTEM, t.ws.workspace.id, sub.id, { active: false });
    const paused = await appErrorOf(redeliver(t.deps, SYSTEM, t.ws.workspace.id, delivery.id));
    expect(paused.code).toBe('conflict');
  });

  it('rotate the secret at once, and take their delivery log with them when removed', async () => {
    const { subscription: sub, secret } = await subscribe();
    const rotated = await rotateSecret(t.deps, SYSTEM, t.ws.workspace.id, sub.id);
    expect(rotated.secret).not.toBe(secret);
    expect((await subscription(t.deps, t.ws.workspace.id, sub.id)).secret).toBe(rotated.secret);
    expect(await lastAction()).toBe('webhook.secret_rotated');

    const delivery = await sendTestDelivery(t.deps, t.ws.workspace.id, sub.id);
    await removeSubscription(t.deps, SYSTEM, t.ws.workspace.id, sub.id);
    expect(await lastAction()).toBe('webhook.deleted');
    const ws = t.ws.workspace.id;
    for (const gone of [
      () => subscription(t.deps, ws, sub.id),
      () => deliveryWithAttempts(t.deps, ws, delivery.id),
      () => rotateSecret(t.deps, SYSTEM, ws, sub.id),
      () => removeSubscription(t.deps, SYSTEM, ws, sub.id),
      () => changeSubscription(t.deps, SYSTEM, ws, sub.id, { active: true }),
    ]) {
      expect((await appErrorOf(gone())).code).toBe('not_found');
    }
  });
});
