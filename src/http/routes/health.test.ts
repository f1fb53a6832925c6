import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { openTestDb } from '../../../test/support/database.js';
import { bearer, makeWorkspace, testDeps } from '../../../test/support/fixtures.js';
import { unreachablePostgres } from '../../../test/support/unreachable-database.js';
import type { Deps } from '../../services/deps.js';
import { buildApp } from '../app.js';

const apps: FastifyInstance[] = [];
const opened: Db[] = [];

let logged: string[] = [];

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  logged = [];
  for (const db of opened.splice(0)) await db.close().catch(() => undefined);
});

/** The app, its error log kept in `logged`: the driver's detail belongs there. */
async function testApp(deps: Deps): Promise<FastifyInstance> {
  const app = await buildApp(deps, {
    bodyLimitBytes: 1024 * 1024,
    sessionTtlMs: 3600_000,
    secureCookies: false,
    logger: { level: 'error', stream: { write: (line: string) => void logged.push(line) } },
    webDist: '/nonexistent',
  });
  apps.push(app);
  return app;
}

/** A database that refuses every statement (closed after the test). */
function unreachableDb(): Db {
  const db = unreachablePostgres();
  opened.push(db);
  return db;
}

function expectNoDriverText(body: string) {
  expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|is closed|pool/i);
}

describe('GET /healthz', () => {
  it('reports the database and migration version while the database is up', async () => {
    const db = await openTestDb();
    opened.push(db);
    const app = await testApp(testDeps(db));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: db.kind });
  });

  it('answers 503 without the driver error when the database has gone away', async () => {
    const closed = await openTestDb();
    opened.push(closed);
    const apps = [await testApp(testDeps(closed)), await testApp(testDeps(unreachableDb()))];
    await closed.close();
    for (const [a, kind] of [
      [apps[0]!, closed.kind],
      [apps[1]!, 'postgres'],
    ] as const) {
      const res = await a.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: kind, error: 'database unavailable' });
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expectNoDriverText(res.body);
    }
    expect(logged.join('')).toMatch(/PGlite is closed|Cannot use a pool/);
    expect(logged.join('')).toMatch(/ECONNREFUSED/);
  });
});

describe('the API while the database is away', () => {
  it('answers 503 unavailable with Retry-After, not 500 with the driver text', async () => {
    const db = await openTestDb();
    opened.push(db);
    const deps = testDeps(db);
    const ws = await makeWorkspace(deps);
    const key = await ws.key('admin');
    const app = await testApp(deps);
    await db.close();
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/leads', headers: bearer(key) },
      {
        method: 'POST' as const,
        url: '/v1/track',
        headers: { 'content-type': 'application/json' },
        payload: { writeKey: ws.writeKey, userId: 'u1', event: 'Signed Up', messageId: 'm1' },
      },
    ]) {
      const res = await app.inject(request);
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.json()).toMatchObject({ status: 503, code: 'unavailable' });
      expectNoDriverText(res.body);
    }
  });

  it('answers 503 when the PostgreSQL server refuses the connection', async () => {
    const app = await testApp(testDeps(unreachableDb()));
    const res = await app.inject({ method: 'GET', url: '/api/v1/leads', headers: bearer('tdm_sk_whatever') });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'unavailable' });
    expectNoDriverText(res.body);
  });
});
