// Discarding the agreement draft is an admin action like saving one: it leaves an audit entry.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../services/deps.js';
import type { Db } from '../../store/db.js';
import { openTestDb } from '../../../test/support/database.js';
import { bearer, makeWorkspace, testApp, testDeps } from '../../../test/support/fixtures.js';

let db: Db;
let deps: Deps;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
});
afterEach(async () => {
  await app?.close();
});
afterAll(async () => {
  await db.close();
});

describe('DELETE /api/v1/agreement/draft', () => {
  it('deletes the draft and records who discarded which version; a second time it is not found', async () => {
    app = await testApp(deps);
    const ws = await makeWorkspace(deps);
    const admin = bearer(await ws.key('admin'));
    const current = (await app.inject({ method: 'GET', url: '/api/v1/agreement', headers: admin })).json();
    const saved = await app.inject({
      method: 'PUT',
      url: '/api/v1/agreement/draft',
      headers: admin,
      payload: { document: current.active.document, note: 'to throw away' },
    });
    expect(saved.statusCode).toBe(200);
    const version = saved.json().version as number;

    const discarded = await app.inject({ method: 'DELETE', url: '/api/v1/agreement/draft', headers: admin });
    expect(discarded.statusCode).toBe(204);
    const after = (await app.inject({ method: 'GET', url: '/api/v1/agreement', headers: admin })).json();
    expect(after.draft).toBeNull();

    const audit = (await app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: admin })).json();
    const entry = audit.data.find((e: { action: string }) => e.action === 'agreement.draft_discarded');
    expect(entry).toMatchObject({
      actor: { type: 'api_key' },
      targetType: 'agreement',
      targetId: String(version),
    });

    const again = await app.inject({ method: 'DELETE', url: '/api/v1/agreement/draft', headers: admin });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('not_found');
    const audit2 = (await app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: admin })).json();
    expect(
      audit2.data.filter((e: { action: string }) => e.action === 'agreement.draft_discarded'),
    ).toHaveLength(1);
  });
});
