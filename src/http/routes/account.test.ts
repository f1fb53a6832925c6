// Your own account (password, time zone) and forgot/reset password: the reset e-mail arrives at a
// real SMTP server in this process, the answer never says whether the address is a member's, the
// link is single-use and expires, and using it ends every session.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SELF_RESET_TTL_MS } from '../../domain/members.js';
import type { User } from '../../store/users.js';
import { mailTest } from '../../../test/support/mail-test.js';
import { TEST_PASSWORD, bearer, makeWorkspace, type TestWorkspace } from '../../../test/support/fixtures.js';

const t = mailTest();
let app: FastifyInstance;
let ws: TestWorkspace;

const NEW_PASSWORD = 'saffron-glacier-62-pilot';

async function start(withMail: boolean) {
  const deps = t.deps(withMail);
  app = await t.app(deps, { signInThrottle: { accountFailures: 3 } });
  ws = await makeWorkspace(deps);
}

async function signIn(user: User, password = TEST_PASSWORD) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { workspace: ws.workspace.slug, email: user.email, password },
  });
  return res.statusCode === 200
    ? {
        cookie: `tandem_session=${res.cookies.find((c) => c.name === 'tandem_session')!.value}`,
        'x-csrf-token': res.json().csrfToken as string,
      }
    : null;
}

const whoAmI = (headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/api/v1/session', headers }).then((r) => r.statusCode);

const forgot = (email: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/password-resets',
    payload: { workspace: ws.workspace.slug, email },
  });

const complete = (token: string, password = NEW_PASSWORD) =>
  app.inject({ method: 'POST', url: '/api/v1/password-resets/complete', payload: { token, password } });

const tokenOf = (text: string) => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

async function actions(): Promise<string[]> {
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/audit-log',
    headers: bearer(await ws.key('admin')),
  });
  return (res.json().data as { action: string }[]).map((e) => e.action);
}

describe('your own account', () => {
  it('changes your time zone (an IANA zone, else 400 naming it)', async () => {
    await start(false);
    const rep = await ws.member('sales_rep');
    const me = (await signIn(rep))!;
    const bad = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: me,
      payload: { timeZone: 'Mars/Base' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'body.timeZone' })]);
    const ok = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: me,
      payload: { timeZone: 'Europe/Berlin' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().timeZone).toBe('Europe/Berlin');
    expect(await actions()).toContain('user.updated');
    // An API key has no account of its own.
    const key = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(await ws.key('sales_rep')),
      payload: { timeZone: 'UTC' },
    });
    expect(key.statusCode).toBe(401);
  });

  it('changes your password with the current one; your other sessions end, this one stays', async () => {
    await start(false);
    const rep = await ws.member('sales_rep');
    const [here, elsewhere] = [(await signIn(rep))!, (await signIn(rep))!];
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: here,
      payload: { currentPassword: 'not my password', password: NEW_PASSWORD },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: here,
      payload: { currentPassword: TEST_PASSWORD, password: 'password12' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: here,
      payload: { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ sessionsEnded: 1 });
    expect([await whoAmI(here), await whoAmI(elsewhere)]).toEqual([200, 401]);
    expect(await signIn(rep)).toBeNull();
    expect(await signIn(rep, NEW_PASSWORD)).not.toBeNull();
    expect(await actions()).toEqual(
      expect.arrayContaining(['user.password_change_failed', 'user.password_changed']),
    );
  });
});

describe('forgot password, with SMTP', () => {
  it('e-mails a single-use link that sets the password and ends every session', async () => {
    await start(true);
    const rep = await ws.member('sales_rep');
    const session = (await signIn(rep))!;
    const asked = await forgot(rep.email.toUpperCase());
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ delivery: 'email' });
    const mail = await t.smtp.waitFor((m) => m.to.includes(rep.email));
    const token = tokenOf(mail.text);

    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/password-resets/preview',
      payload: { token },
    });
    expect(preview.json()).toMatchObject({ email: rep.email, workspace: { slug: ws.workspace.slug } });
    const done = await complete(token);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ email: rep.email, sessionsEnded: 1 });
    expect(await whoAmI(session)).toBe(401);
    expect(await signIn(rep, NEW_PASSWORD)).not.toBeNull();

    const again = await complete(token, 'another-harbor-77-violet');
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('link_used');
    expect(await actions()).toEqual(
      expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']),
    );
  });

  it('answers the same for an address that is no member, and sends nothing', async () => {
    await start(true);
    const rep = await ws.member('sales_rep');
    const unknown = await forgot('nobody@example.test');
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual({ delivery: 'email' });
    await forgot(rep.email);
    await t.smtp.waitFor((m) => m.to.includes(rep.email));
    expect(t.smtp.received.flatMap((m) => m.to)).toEqual([rep.email]);
  });

  it('refuses an expired link, and an earlier link once a newer one was sent', async () => {
    await start(true);
    const rep = await ws.member('sales_rep');
    await forgot(rep.email);
    const first = tokenOf((await t.smtp.waitFor((m) => m.to.includes(rep.email))).text);
    await forgot(rep.email);
    const second = tokenOf(
      (await t.smtp.waitFor((m) => m.to.includes(rep.email) && !m.text.includes(first))).text,
    );
    expect((await complete(first)).json().code).toBe('link_revoked');
    t.now = new Date(t.now.getTime() + SELF_RESET_TTL_MS + 1000);
    const late = await complete(second);
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('link_expired');
  });

  it('is throttled like sign-in: too many requests for one account get 429', async () => {
    await start(true);
    const rep = await ws.member('sales_rep');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await forgot(rep.email)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe('without SMTP', () => {
  it('tells the person to ask an admin, whose copied link works', async () => {
    await start(false);
    const rep = await ws.member('sales_rep');
    const session = (await signIn(rep))!;
    expect((await forgot(rep.email)).json()).toEqual({ delivery: 'admin' });

    const issued = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${rep.id}/password-reset`,
      headers: bearer(await ws.key('admin')),
    });
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({ emailed: false, emailError: null });
    const done = await complete(tokenOf(issued.json().url));
    expect(done.statusCode).toBe(200);
    expect(await whoAmI(session)).toBe(401);
    expect(await signIn(rep, NEW_PASSWORD)).not.toBeNull();
    expect(await actions()).toEqual(
      expect.arrayContaining(['user.password_reset_issued', 'user.password_reset']),
    );
    expect(t.smtp.received).toEqual([]);
  });

  it('refuses a link for a member deactivated since it was issued', async () => {
    await start(false);
    const rep = await ws.member('sales_rep');
    const admin = bearer(await ws.key('admin'));
    const issued = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${rep.id}/password-reset`,
      headers: admin,
    });
    await app.inject({ method: 'POST', url: `/api/v1/users/${rep.id}/deactivate`, headers: admin });
    const res = await complete(tokenOf(issued.json().url));
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('link_revoked');
  });
});
