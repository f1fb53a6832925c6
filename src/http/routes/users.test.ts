import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { User } from '../../store/users.js';
import { TEST_PASSWORD, bearer, signIn as signInTo } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest();
let app: FastifyInstance;

/** An app for this test (signIn and whoAmI use it). */
async function start(): Promise<FastifyInstance> {
  app = await t.app();
  return app;
}

const signIn = (user: User, password = TEST_PASSWORD) => signInTo(app, t.ws.workspace.slug, user, password);

const whoAmI = (s: { cookies: Record<string, string> }) =>
  app.inject({ method: 'GET', url: '/api/v1/session', cookies: s.cookies }).then((r) => r.statusCode);

describe('passwords people set', () => {
  it('are refused when short or guessable, on creation and on change, naming the field', async () => {
    await start();
    const admin = bearer(await t.ws.key('admin'));
    for (const password of ['aaaaaaaaaa', 'password12', 'x']) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { email: `weak-${password}@x.test`, name: 'Weak', role: 'sales_rep', password },
      });
      expect(created.statusCode, password).toBe(400);
      expect(created.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    }
    const rep = await t.ws.member('sales_rep');
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.id}`,
      headers: admin,
      payload: { password: 'password12' },
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);

    const strong = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        email: 'strong@x.test',
        name: 'Strong',
        role: 'sales_rep',
        password: 'violet-harbor-92-lamp',
      },
    });
    expect(strong.statusCode).toBe(201);
  });
});

describe('sessions when a password changes or a member is deactivated', () => {
  it('an admin resetting a member’s password ends all of that member’s sessions', async () => {
    await start();
    const rep = await t.ws.member('sales_rep');
    const [a, b] = [await signIn(rep), await signIn(rep)];
    const reset = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.id}`,
      headers: bearer(await t.ws.key('admin')),
      payload: { password: 'granite-otter-57-skyline' },
    });
    expect(reset.statusCode).toBe(200);
    expect([await whoAmI(a), await whoAmI(b)]).toEqual([401, 401]);
    await signIn(rep, 'granite-otter-57-skyline');
  });

  it('members changing their own password keep that session and lose their others', async () => {
    await start();
    const me = await t.ws.member('admin');
    const [here, elsewhere] = [await signIn(me), await signIn(me)];
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      cookies: here.cookies,
      headers: { 'x-csrf-token': here.csrf },
      payload: { password: 'maple-quartz-31-harbor' },
    });
    expect(changed.statusCode).toBe(200);
    expect(await whoAmI(here)).toBe(200);
    expect(await whoAmI(elsewhere)).toBe(401);
  });

  it('a deactivated member’s sessions stop at once', async () => {
    await start();
    const rep = await t.ws.member('sales_rep');
    const session = await signIn(rep);
    expect(await whoAmI(session)).toBe(200);
    const off = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.id}`,
      headers: bearer(await t.ws.key('admin')),
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expect(await whoAmI(session)).toBe(401);
    // Reactivation does not bring an old session back.
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.id}`,
      headers: bearer(await t.ws.key('admin')),
      payload: { disabled: false },
    });
    expect(await whoAmI(session)).toBe(401);
  });
});
