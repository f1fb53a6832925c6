import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { notifications, webhookDeliveries } from '../store/schema/index.js';
import { openTestDb } from '../../test/support/database.js';
import { countingDb, makeWorkspace, testDeps, type TestWorkspace } from '../../test/support/fixtures.js';
import { storedRows } from '../../test/support/stored-rows.js';
import type { Deps } from './deps.js';
import { type OutboxEvent, emitEvents } from './outbox.js';
import { changeSubscription, createSubscription } from './webhooks.js';

let db: Db;
let deps: Deps;
const ACTOR = { type: 'system' as const, id: null, label: 'test' };

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
});
afterAll(async () => {
  await db.close();
});

async function subscribe(ws: TestWorkspace, eventTypes: string[]) {
  const { subscription } = await db.transaction((tx) =>
    createSubscription(tx, ACTOR, ws.workspace.id, {
      url: 'https://hooks.example/in',
      eventTypes,
      description: null,
    }),
  );
  return subscription;
}

const event = (type: OutboxEvent['type'], data: Record<string, unknown> = {}): OutboxEvent => ({
  type,
  occurredAt: new Date('2025-03-04T10:00:00Z'),
  data,
  notify: null,
});

const deliveries = (workspaceId: string) => storedRows(db, webhookDeliveries, { workspaceId });

describe('emitEvents', () => {
  it('queues one delivery per subscription that listens, and none for the others', async () => {
    const ws = await makeWorkspace(deps);
    const leads = await subscribe(ws, ['lead.created', 'lead.assigned']);
    const everything = await subscribe(ws, ['*']);
    const sla = await subscribe(ws, ['sla.breached']);
    const paused = await subscribe(ws, ['*']);
    await changeSubscription(deps, ACTOR, ws.workspace.id, paused.id, { active: false });

    await db.transaction((tx) =>
      emitEvents(tx, ws.workspace.id, [
        event('lead.created', { lead: { id: 'l1' } }),
        event('agreement.activated', { version: 3 }),
      ]),
    );

    const rows = await deliveries(ws.workspace.id);
    const got = rows.map((r) => `${r.subscriptionId === leads.id ? 'leads' : 'all'}:${r.eventType}`).sort();
    expect(got).toEqual(['all:agreement.activated', 'all:lead.created', 'leads:lead.created']);
    expect(rows.some((r) => r.subscriptionId === sla.id || r.subscriptionId === paused.id)).toBe(false);
    expect(rows.every((r) => r.status === 'pending' && /^msg_[0-9a-f]{32}$/.test(r.id))).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    const created = rows.find((r) => r.subscriptionId === everything.id && r.eventType === 'lead.created');
    expect(created?.payload).toEqual({
      type: 'lead.created',
      timestamp: '2025-03-04T10:00:00.000Z',
      data: { lead: { id: 'l1' } },
    });
  });

  it('writes nothing when the change that emitted rolls back', async () => {
    const ws = await makeWorkspace(deps);
    await subscribe(ws, ['*']);
    const failing = db.transaction(async (tx) => {
      await emitEvents(tx, ws.workspace.id, [event('lead.recycled')]);
      throw new Error('the change failed');
    });
    await expect(failing).rejects.toThrow('the change failed');
    expect(await deliveries(ws.workspace.id)).toHaveLength(0);
  });

  it('notifies each person once per event, and runs no query for no events', async () => {
    const ws = await makeWorkspace(deps);
    const rep = await ws.member('sales_rep');
    const manager = await ws.member('sales_manager');
    await db.transaction((tx) =>
      emitEvents(tx, ws.workspace.id, [
        {
          ...event('sla.breached', { leadId: null }),
          notify: {
            userIds: [rep.id, manager.id, rep.id],
            title: 'SLA breached',
            body: 'Call Ana now',
            leadId: null,
          },
        },
        event('lead.stage_changed'),
      ]),
    );
    const rows = await storedRows(db, notifications, { workspaceId: ws.workspace.id });
    expect(rows.map((r) => r.userId).sort()).toEqual([rep.id, manager.id].sort());
    expect(rows.every((r) => r.type === 'sla.breached' && r.title === 'SLA breached')).toBe(true);

    const statements = { count: 0 };
    await emitEvents(countingDb(db, statements), ws.workspace.id, []);
    expect(statements.count).toBe(0);
  });
});
