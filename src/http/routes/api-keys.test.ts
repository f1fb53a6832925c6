import { describe, expect, it } from 'vitest';
import { bearer, signIn } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest();

describe('a secret key and the member who created it', () => {
  it('stops working at once when its creator is deactivated, and the list says whose it is', async () => {
    const app = await t.app();
    const creator = await t.ws.member('admin');
    const session = await signIn(app, t.ws.workspace.slug, creator);
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      cookies: session.cookies,
      headers: session.headers,
      payload: { type: 'secret', role: 'admin', name: 'made by a member' },
    });
    expect(made.statusCode).toBe(201);
    const { key, secret } = made.json() as { key: { id: string }; secret: string };
    expect(made.json().key.createdBy).toEqual({
      id: creator.id,
      name: creator.name,
      email: creator.email,
      active: true,
    });
    const use = () => app.inject({ method: 'GET', url: '/api/v1/leads', headers: bearer(secret) });
    expect((await use()).statusCode).toBe(200);

    // A key made by the CLI or the system belongs to nobody and is not affected.
    const ownerless = bearer(await t.ws.key('admin'));
    const off = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${creator.id}`,
      headers: ownerless,
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);

    const refused = await use();
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unauthenticated');
    expect(refused.json().detail).toContain(creator.email);

    const list = await app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: ownerless });
    expect(list.statusCode).toBe(200);
    const listed = (list.json().data as { id: string; createdBy: unknown }[]).find((k) => k.id === key.id);
    expect(listed?.createdBy).toMatchObject({ id: creator.id, active: false });
    expect(
      (list.json().data as { name: string; createdBy: unknown }[]).find((k) => k.name === 'admin key')
        ?.createdBy,
    ).toBeNull();

    // Reactivated, the creator's key works again (it was never revoked).
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${creator.id}`,
      headers: ownerless,
      payload: { disabled: false },
    });
    expect((await use()).statusCode).toBe(200);
  });
});
