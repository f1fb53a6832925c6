import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps, type TestWorkspace } from '../../test/support/fixtures.js';
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

async function deliveries(workspaceId: string) {
  return db.query<{
    id: string;
    subscription_id: string;
    event_type: string;
    status: string;
    payload: unknown;
  }>(
    `select id, subscription_id, event_type, status, payload from webhook_deliveries where workspace_id = $1`,
    [workspaceId],
  );
}

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
    const got = rows.map((r) => `${r.subscription_id === leads.id ? 'leads' : 'all'}:${r.event_type}`).sort();
    expect(got).toEqual(['all:agreement.activated', 'all:lead.created', 'leads:lead.created']);
    expect(rows.some((r) => r.subscription_id === sla.id || r.subscription_id === paused.id)).toBe(false);
    expect(rows.every((r) => r.status === 'pending' && /^msg_[0-9a-f]{32}$/.test(r.id))).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    const created = rows.find((r) => r.subscription_id === everything.id && r.event_type === 'lead.created');
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
    const rows = await db.query<{ user_id: string; type: string; title: string }>(
      `select user_id, type, title from notifications where workspace_id = $1 order by user_id`,
      [ws.workspace.id],
    );
    expect(rows.map((r) => r.user_id).sort()).toEqual([rep.id, manager.id].sort());
    expect(rows.every((r) => r.type === 'sla.breached' && r.title === 'SLA breached')).toBe(true);

    let queries = 0;
    const counting: Queryable = {
      query: (sql, params) => {
        queries++;
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
    };
    await emitEvents(counting, ws.workspace.id, []);
    expect(queries).toBe(0);
  });
});
