import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { EMPTY_DEMO, seedTestDemo } from '../../../test/support/demo-seed.js';
import { loadConfig } from '../../config.js';
import { hashPassword } from '../../services/credentials.js';
import { DEMO_PASSWORD, ensureDemoWorkspace } from '../../services/demo-workspace.js';
import { listAudit } from '../../store/audit-log.js';
import { insertUser } from '../../store/users.js';
import { TEST_PASSWORD } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest();

const app = (signInThrottle?: { addressFailures: number }): Promise<FastifyInstance> =>
  t.app(signInThrottle ? { signInThrottle } : {});

// A documentation address (RFC 5737): only a string in the injected request, no traffic.
const REMOTE = '203.0.113.50';

describe('the demo sign-in', () => {
  it('is offered by /api/v1/meta on this machine only', async () => {
    // On the shared PostgreSQL database the browser tests want the demo's full story, so seed it the
    // same way; a private PGlite copy needs only the workspace.
    await ensureDemoWorkspace(t.deps, {
      replace: false,
      seed: t.db.kind === 'postgres' ? seedTestDemo : EMPTY_DEMO,
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
    const member = await insertUser(t.db, {
      workspaceId: t.ws.workspace.id,
      email: `demo-pw@${t.ws.workspace.slug}.test`,
      name: 'Demo password',
      role: 'admin',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      timeZone: 'UTC',
    });
    const a = await app();
    const body = { workspace: t.ws.workspace.slug, email: member.email, password: DEMO_PASSWORD };
    const remote = await a.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: body,
      remoteAddress: REMOTE,
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().code).toBe('demo_password_remote');
    expect(remote.cookies).toHaveLength(0);
    const audit = await listAudit(t.db, t.ws.workspace.id, { limit: 20, beforeId: null });
    expect(audit.find((e) => e.action === 'session.refused')).toMatchObject({
      details: { reason: 'demo_password_remote', ip: REMOTE },
    });

    const local = await a.inject({ method: 'POST', url: '/api/v1/session', payload: body });
    expect(local.statusCode).toBe(200);
  });
});

// Each test signs in from an address of its own (IPv6 documentation prefix: only a string here), so
// that address counters on a shared PostgreSQL database never carry over between tests or runs.
const freshAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

function attempt(a: FastifyInstance, from: string, email: string, password: string) {
  return a.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { workspace: t.ws.workspace.slug, email, password },
    remoteAddress: from,
  });
}

const auditOf = async (userId: string) =>
  (await listAudit(t.db, t.ws.workspace.id, { limit: 500, beforeId: null })).filter(
    (e) => e.targetId === userId,
  );

describe('sign-in throttling', () => {
  it('after 100 wrong passwords the right one is refused with 429 and Retry-After; the audit log counts them', async () => {
    const a = await app();
    const from = freshAddress();
    const rep = await t.ws.member('sales_rep');
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await attempt(a, from, rep.email, `wrong-${i}`)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));

    const right = await attempt(a, from, rep.email, TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('rate_limited');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(right.cookies).toHaveLength(0);

    const audit = await auditOf(rep.id);
    expect(audit.filter((e) => e.action === 'session.failed')).toHaveLength(5);
    expect(audit.filter((e) => e.action === 'session.locked_out')).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ scope: 'account', lockout: 1, ip: from }),
      }),
    ]);
  }, 120_000);

  it('a success starts the account’s count of consecutive failures over', async () => {
    const a = await app();
    const from = freshAddress();
    const rep = await t.ws.member('sales_rep');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect((await attempt(a, from, rep.email, 'not it!')).statusCode).toBe(401);
      expect((await attempt(a, from, rep.email, TEST_PASSWORD)).statusCode).toBe(200);
    }
  }, 120_000);

  it('failures from one address add up across accounts, and a success in between does not wipe them', async () => {
    const a = await app({ addressFailures: 3 });
    const from = freshAddress();
    const rep = await t.ws.member('sales_rep');
    const other = (n: number) => `nobody-${n}@${t.ws.workspace.slug}.test`;
    expect((await attempt(a, from, other(1), 'guess-one')).statusCode).toBe(401);
    expect((await attempt(a, from, other(2), 'guess-two')).statusCode).toBe(401);
    expect((await attempt(a, from, rep.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await attempt(a, from, other(3), 'guess-three')).statusCode).toBe(401);
    const refused = await attempt(a, from, rep.email, TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    // Another address is not affected.
    expect((await attempt(a, freshAddress(), rep.email, TEST_PASSWORD)).statusCode).toBe(200);
  }, 120_000);

  it.skipIf(loadConfig().database.kind !== 'postgres')(
    'holds across two app instances on one PostgreSQL database',
    async () => {
      const [one, two] = [await app(), await app()];
      const from = freshAddress();
      const rep = await t.ws.member('sales_rep');
      for (let i = 0; i < 5; i++)
        expect((await attempt(one, from, rep.email, 'nope, wrong')).statusCode).toBe(401);
      expect((await attempt(two, freshAddress(), rep.email, TEST_PASSWORD)).statusCode).toBe(429);
    },
    120_000,
  );
});
