// The commitment job: once a period has ended, a missed commitment emits one webhook delivery and
// one notification per marketer and manager, however many times (or nodes) the job runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../services/deps.js';
import { createSubscription } from '../services/webhooks.js';
import type { Db } from '../store/db.js';
import { listNotifications } from '../store/notifications.js';
import { listDeliveries } from '../store/webhooks.js';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { commitmentCheckTick } from './commitment-check.js';

let db: Db;
let now: Date;
let deps: Deps;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db, () => now);
});
afterAll(async () => {
  await db.close();
});

describe('commitment check', () => {
  it('judges the ended month once: one event, one notification per marketer and manager', async () => {
    now = new Date();
    const ws = await makeWorkspace(deps);
    const marketer = await ws.member('marketing');
    const manager = await ws.member('sales_manager');
    const rep = await ws.member('sales_rep');
    const sub = await db.transaction((tx) =>
      createSubscription(tx, { type: 'system', id: null, label: 'test' }, ws.workspace.id, {
        url: 'https://hooks.example.com/x',
        eventTypes: ['marketing.commitment_missed'],
        description: null,
      }),
    );
    // Still inside the month the workspace was made in: nothing has ended yet.
    expect(await commitmentCheckTick(deps, { workspaceId: ws.workspace.id })).toEqual([]);

    // Two months on, the whole month after creation has ended with no MQLs (150 committed).
    const created = ws.workspace.createdAt;
    now = new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth() + 2, 1, 0, 5));
    const month = new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth() + 1, 1));
    const period = `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
    const runs = await Promise.all([
      commitmentCheckTick(deps, { workspaceId: ws.workspace.id }),
      commitmentCheckTick(deps, { workspaceId: ws.workspace.id }),
    ]);
    expect(runs.flat()).toEqual([{ workspaceId: ws.workspace.id, period, isMissed: true }]);
    expect(await commitmentCheckTick(deps, { workspaceId: ws.workspace.id })).toEqual([]);

    for (const user of [marketer, manager]) {
      const { data } = await listNotifications(db, ws.workspace.id, user.id, {
        isUnreadOnly: false,
        limit: 10,
        after: null,
      });
      expect(data).toMatchObject([
        {
          type: 'marketing.commitment_missed',
          leadId: null,
          data: { reasons: ['mql_volume'], shortfall: 150 },
        },
      ]);
    }
    const repNotes = await listNotifications(db, ws.workspace.id, rep.id, {
      isUnreadOnly: false,
      limit: 10,
      after: null,
    });
    expect(repNotes.data).toEqual([]);
    const deliveries = await listDeliveries(db, ws.workspace.id, sub.subscription.id, {
      limit: 10,
      after: null,
    });
    expect(deliveries.data.map((d) => d.eventType)).toEqual(['marketing.commitment_missed']);
  });
});
