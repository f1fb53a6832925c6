// Input PostgreSQL cannot take, tampered cursors, numbers out of range and duplicate keys: each a
// 4xx naming the field, never a 500, and nothing written.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, bearer } from '../../test/support/fixtures.js';
import { storedCount } from '../../test/support/stored-rows.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { accounts, leads } from '../store/schema/index.js';

const t = workspaceTest();
let app: FastifyInstance;
let admin: Record<string, string>;

beforeAll(async () => {
  admin = bearer(await t.ws.key('admin'));
});
beforeEach(async () => {
  app = await t.app();
});

const count = {
  leads: () => storedCount(t.db, leads, { workspaceId: t.ws.workspace.id }),
  accounts: () => storedCount(t.db, accounts, { workspaceId: t.ws.workspace.id }),
};

/** The one field a 400 names. */
async function refusedField(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { code: string; errors: { field: string }[] };
  expect(body.code).toBe('validation_failed');
  return body.errors[0]?.field;
}

describe('NUL and lone surrogates are refused at the edge, naming the field', () => {
  it('in a body, a key, a query and a path, on any route, writing nothing', async () => {
    const session = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { workspace: 'demo\u0000', email: 'a@b.c', password: 'x' },
    });
    expect(await refusedField(session)).toBe('body.workspace');

    const leads = await count.leads();
    const lead = await app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: admin,
      payload: { firstName: 'Ana', traits: { name: 'a\uD800b' } },
    });
    expect(await refusedField(lead)).toBe('body.traits.name');
    const key = await app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: admin,
      payload: { traits: { ['\uDC00']: 1 } },
    });
    expect(await refusedField(key)).toBe('body.traits.\uDC00');
    expect(await count.leads()).toBe(leads);

    const search = await app.inject({ method: 'GET', url: '/api/v1/leads?q=a%00', headers: admin });
    expect(await refusedField(search)).toBe('query.q');
    const path = await app.inject({ method: 'GET', url: '/v1/projects/k%00/settings' });
    expect(await refusedField(path)).toBe('path.writeKey');

    const accounts = await count.accounts();
    const account = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: admin,
      payload: { name: 'Acme\u0000' },
    });
    expect(await refusedField(account)).toBe('body.name');
    expect(await count.accounts()).toBe(accounts);
  });

  it('and JSON nested 5,000 levels deep is a 400, not a stack overflow', async () => {
    const deep = `{"traits":{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: deep,
    });
    expect(await refusedField(res)).toMatch(/^body\.traits\.x\.0\.0/);
  });
});

describe('a tampered cursor is a 400 on `cursor`', () => {
  it('on leads, accounts, events, notifications and deliveries', async () => {
    const tampered = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
    // A real time but an id no list has (NUL is not even storable); and a date that does not exist.
    const wrongId = Buffer.from(JSON.stringify([new Date().toISOString(), '1\u0000'])).toString('base64url');
    const noSuchDay = Buffer.from(JSON.stringify(['2026-02-31T00:00:00.000Z', '1'])).toString('base64url');
    const lead = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: admin, payload: {} });
    const hook = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin,
      payload: { url: 'https://hooks.example/in', eventTypes: ['lead.assigned'] },
    });
    const user = await t.ws.member('sales_rep');
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { workspace: t.ws.workspace.slug, email: user.email, password: TEST_PASSWORD },
    });
    const session = {
      cookies: { tandem_session: signIn.cookies.find((c) => c.name === 'tandem_session')!.value },
    };
    const lists = [
      { url: '/api/v1/leads', headers: admin },
      { url: '/api/v1/accounts', headers: admin },
      { url: `/api/v1/leads/${lead.json<{ id: string }>().id}/events`, headers: admin },
      { url: '/api/v1/notifications', ...session },
      {
        url: `/api/v1/webhooks/${hook.json<{ subscription: { id: string } }>().subscription.id}/deliveries`,
        headers: admin,
      },
    ];
    for (const list of lists) {
      for (const cursor of [tampered, wrongId, noSuchDay]) {
        const res = await app.inject({ method: 'GET', ...list, url: `${list.url}?cursor=${cursor}` });
        expect(await refusedField(res), list.url).toBe('cursor');
      }
      const fine = await app.inject({ method: 'GET', ...list });
      expect(fine.statusCode, list.url).toBe(200);
    }
  });
});

describe('numbers out of range', () => {
  it('a period in a year no date can hold is a 400 on period', async () => {
    for (const period of ['9999-Q4', '9999-12', '0000-Q1']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/commitments/marketing?period=${period}`,
        headers: admin,
      });
      expect(await refusedField(res)).toBe('period');
    }
  });

  it('a date-time outside the years 1 to 9999 is a 400 on its field, wherever an instant is taken', async () => {
    const lead = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: admin, payload: {} });
    const leadId = lead.json<{ id: string }>().id;
    const user = await t.ws.member('sales_rep');
    for (const at of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00']) {
      const search = await app.inject({
        method: 'GET',
        url: `/api/v1/leads?createdAfter=${encodeURIComponent(at)}`,
        headers: admin,
      });
      expect(await refusedField(search)).toBe('query.createdAfter');
      const touch = await app.inject({
        method: 'POST',
        url: `/api/v1/leads/${leadId}/touches`,
        headers: admin,
        payload: { kind: 'call', at },
      });
      expect(await refusedField(touch)).toBe('body.at');
      const away = await app.inject({
        method: 'POST',
        url: '/api/v1/out-of-office',
        headers: admin,
        payload: { userId: user.id, startsAt: at, endsAt: '9999-12-31T23:59:59Z' },
      });
      expect(await refusedField(away)).toBe('body.startsAt');
    }
  });

  it('a head-count over the column is a 400 on employees, on leads and accounts', async () => {
    for (const [url, extra] of [
      ['/api/v1/leads', {}],
      ['/api/v1/accounts', { name: 'Big' }],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: admin,
        payload: { ...extra, employees: 3_000_000_000 },
      });
      expect(await refusedField(res)).toBe('body.employees');
    }
  });
});

describe('a duplicate key is a 409 naming the field', () => {
  it('externalId or email on leads, whichever was taken', async () => {
    const externalId = `crm-${randomUUID()}`;
    const email = `${randomUUID().slice(0, 8)}@initech.com`;
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/leads', headers: admin, payload });
    expect((await post({ externalId, email })).statusCode).toBe(201);
    const leads = await count.leads();
    for (const [payload, field] of [
      [{ externalId }, 'externalId'],
      [{ externalId, email: `other-${email}` }, 'externalId'],
      [{ email }, 'email'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'conflict', errors: [{ field }] });
    }
    const other = await post({});
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/leads/${other.json<{ id: string }>().id}`,
      headers: admin,
      payload: { externalId },
    });
    expect(patched.json()).toMatchObject({ code: 'conflict', errors: [{ field: 'externalId' }] });
    expect(await count.leads()).toBe(leads + 1);
  });

  it('domain or externalId on accounts', async () => {
    const domain = `${randomUUID().slice(0, 8)}.example`;
    const externalId = `crm-${randomUUID()}`;
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/accounts', headers: admin, payload });
    expect((await post({ name: 'A', domain, externalId })).statusCode).toBe(201);
    for (const [payload, field] of [
      [{ name: 'B', externalId }, 'externalId'],
      [{ name: 'C', domain }, 'domain'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'conflict', errors: [{ field }] });
    }
  });
});
