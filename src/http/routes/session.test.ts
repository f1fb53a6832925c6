import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../cli/seed-demo.js';
import { hashPassword } from '../../services/credentials.js';
import { DEMO_PASSWORD, ensureDemoWorkspace } from '../../services/demo-workspace.js';
import type { Deps } from '../../services/deps.js';
import { listAudit } from '../../store/audit-log.js';
import type { Db } from '../../store/db.js';
import { insertUser } from '../../store/users.js';
import { openTestDb } from '../../../test/support/database.js';
import { makeWorkspace, testApp, testDeps, type TestWorkspace } from '../../../test/support/fixtures.js';

let db: Db;
let deps: Deps;
let ws: TestWorkspace;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
  ws = await makeWorkspace(deps);
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});
afterAll(async () => {
  await db.close();
});

async function app(): Promise<FastifyInstance> {
  const a = await testApp(deps);
  apps.push(a);
  return a;
}

// A documentation address (RFC 5737): only a string in the injected request, no traffic.
const REMOTE = '203.0.113.50';

describe('the demo sign-in', () => {
  it('is offered by /api/v1/meta on this machine only', async () => {
    // On the shared PostgreSQL database the browser tests want the demo's full story, so seed it the
    // same way; a private PGlite copy needs only the workspace.
    await ensureDemoWorkspace(deps, {
      replace: false,
      seed: db.kind === 'postgres' ? seedDemo : async () => undefined,
    });
    const a = await app();
    const local = await a.inject({ method: 'GET', url: '/api/v1/meta' });
    expect(local.json().demo).toMatchObject({ workspace: 'demo', password: DEMO_PASSWORD });
    const remote = await a.inject({ method: 'GET', url: '/api/v1/meta', remoteAddress: REMOTE });
    expect(remote.statusCode).toBe(200);
    expect(remote.json().demo).toBeNull();
    const spoofed = await a.inject({
      method: 'GET',
      url: '/api/v1/meta',
      remoteAddress: REMOTE,
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(spoofed.json().demo).toBeNull();
  }, 120_000);

  it('refuses the demo password from another machine, and says so in the audit log', async () => {
    const member = await insertUser(db, {
      workspaceId: ws.workspace.id,
      email: `demo-pw@${ws.workspace.slug}.test`,
      name: 'Demo password',
      role: 'admin',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      timeZone: 'UTC',
    });
    const a = await app();
    const body = { workspace: ws.workspace.slug, email: member.email, password: DEMO_PASSWORD };
    const remote = await a.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: body,
      remoteAddress: REMOTE,
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().code).toBe('demo_password_remote');
    expect(remote.cookies).toHaveLength(0);
    const audit = await listAudit(db, ws.workspace.id, { limit: 20, beforeId: null });
    expect(audit.find((e) => e.action === 'session.refused')).toMatchObject({
      details: { reason: 'demo_password_remote', ip: REMOTE },
    });

    const local = await a.inject({ method: 'POST', url: '/api/v1/session', payload: body });
    expect(local.statusCode).toBe(200);
  });
});
