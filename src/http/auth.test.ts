import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD, bearer } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';

const t = workspaceTest({ server: true });

async function signIn(password = TEST_PASSWORD) {
  return t.server.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { workspace: t.ws.workspace.slug, email: t.ws.admin.email, password },
  });
}

describe('signing in', () => {
  it('sets an HttpOnly session cookie and answers who is signed in', async () => {
    const res = await signIn();
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'tandem_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.server.inject({
      method: 'GET',
      url: '/api/v1/session',
      cookies: { tandem_session: cookie!.value },
    });
    expect(me.json()).toMatchObject({
      user: { email: t.ws.admin.email, role: 'admin' },
      workspace: { slug: t.ws.workspace.slug },
    });
  });

  it('refuses a wrong password with 401 and a message that does not say which part was wrong', async () => {
    const res = await signIn('wrong password!');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('The workspace, e-mail or password is wrong.');
    expect(res.cookies).toHaveLength(0);
  });

  it('needs the CSRF token for changes made with the cookie', async () => {
    const session = await signIn();
    const cookie = session.cookies.find((c) => c.name === 'tandem_session')!.value;
    const csrf = session.json().csrfToken as string;
    const without = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      cookies: { tandem_session: cookie },
      payload: { email: 'csrf@x.io' },
    });
    expect(without.statusCode).toBe(403);
    const withToken = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      cookies: { tandem_session: cookie },
      headers: { 'x-csrf-token': csrf },
      payload: { email: 'csrf@x.io' },
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('ends the session on sign-out', async () => {
    const session = await signIn();
    const cookie = session.cookies.find((c) => c.name === 'tandem_session')!.value;
    const out = await t.server.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      cookies: { tandem_session: cookie },
      headers: { 'x-csrf-token': session.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const me = await t.server.inject({
      method: 'GET',
      url: '/api/v1/session',
      cookies: { tandem_session: cookie },
    });
    expect(me.statusCode).toBe(401);
  });
});

describe('API keys', () => {
  it('answers 401 for a missing, malformed, unknown or revoked key', async () => {
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/leads' })).statusCode).toBe(401);
    expect(
      (
        await t.server.inject({
          method: 'GET',
          url: '/api/v1/leads',
          headers: { authorization: 'Token abc' },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await t.server.inject({ method: 'GET', url: '/api/v1/leads', headers: bearer('tdm_sk_nope') }))
        .statusCode,
    ).toBe(401);
    const admin = bearer(await t.ws.key('admin'));
    const created = await t.server.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin,
      payload: { type: 'secret', role: 'marketing', name: 'temp' },
    });
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json() as { key: { id: string }; secret: string };
    expect(
      (await t.server.inject({ method: 'GET', url: '/api/v1/leads', headers: bearer(secret) })).statusCode,
    ).toBe(200);
    await t.server.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: admin });
    expect(
      (await t.server.inject({ method: 'GET', url: '/api/v1/leads', headers: bearer(secret) })).statusCode,
    ).toBe(401);
  });

  it('never shows a secret key again, but keeps the public write key visible', async () => {
    const list = await t.server.inject({
      method: 'GET',
      url: '/api/v1/api-keys',
      headers: bearer(await t.ws.key('admin')),
    });
    const keys = list.json().data as { type: string; writeKey: string | null }[];
    expect(keys.filter((k) => k.type === 'secret').every((k) => k.writeKey === null)).toBe(true);
    expect(keys.find((k) => k.type === 'write')?.writeKey).toBe(t.ws.writeKey);
  });

  it('refuses a write key on the read API', async () => {
    const res = await t.server.inject({
      method: 'GET',
      url: '/api/v1/leads',
      headers: bearer(t.ws.writeKey),
    });
    expect(res.statusCode).toBe(401);
  });

  it("answers 403 when the key's role may not do it, and records nothing", async () => {
    const rep = bearer(await t.ws.key('sales_rep'));
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: rep,
      payload: { type: 'secret', role: 'admin' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const users = await t.server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: rep,
      payload: { email: 'x@y.z', name: 'X', role: 'admin' },
    });
    expect(users.statusCode).toBe(403);
  });

  it('records key creation and member changes in the audit log', async () => {
    const admin = bearer(await t.ws.key('admin'));
    await t.server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { email: 'new.rep@example.com', name: 'New Rep', role: 'sales_rep' },
    });
    const log = await t.server.inject({ method: 'GET', url: '/api/v1/audit-log', headers: admin });
    const actions = (log.json().data as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'api_key.created', 'workspace.created']));
  });
});

describe('the service document', () => {
  it('serves an OpenAPI 3.1 document naming the lead routes', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/leads', '/api/v1/leads/{id}', '/api/v1/accounts']),
    );
  });

  it('reports health with the database kind and migration version', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toMatchObject({ status: 'ok', database: t.db.kind });
    expect(res.json().migrationVersion).toBeGreaterThan(0);
  });
});
