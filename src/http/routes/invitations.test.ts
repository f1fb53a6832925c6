// Invitations end to end: the e-mail arrives at a real SMTP server in this process, its link signs
// the invitee up and in; used, revoked, replaced and expired links are refused with their reason.
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS } from '../../domain/members.js';
import { invitations } from '../../store/schema/index.js';
import { mailTest } from '../../../test/support/mail-test.js';
import { storedRows } from '../../../test/support/stored-rows.js';
import { bearer, makeWorkspace, type TestWorkspace } from '../../../test/support/fixtures.js';

const t = mailTest();
let app: FastifyInstance;
let ws: TestWorkspace;
let admin: Record<string, string>;

const PASSWORD = 'lantern-meadow-48-copper';

beforeEach(async () => {
  const deps = t.deps();
  app = await t.app(deps);
  ws = await makeWorkspace(deps);
  admin = bearer(await ws.key('admin'));
});

const invite = (email: string, role = 'sales_rep', headers = admin) =>
  app.inject({ method: 'POST', url: '/api/v1/invitations', headers, payload: { email, role } });

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

const accept = (token: string, name = 'Rita Rep') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload: { token, name, password: PASSWORD },
  });

async function audit(): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: admin });
  return (res.json().data as { action: string }[]).map((e) => e.action);
}

describe('inviting a person', () => {
  it('e-mails a link that makes the invitee a member with the role, signed in', async () => {
    const res = await invite('Rita@Example.test');
    expect(res.statusCode).toBe(201);
    const issued = res.json();
    expect(issued).toMatchObject({
      emailed: true,
      emailError: null,
      invitation: { email: 'rita@example.test', role: 'sales_rep', status: 'pending' },
    });
    expect(new Date(issued.invitation.expiresAt).getTime() - t.now.getTime()).toBe(INVITATION_TTL_MS);
    // The link points at the server the request came to (no PUBLIC_URL here).
    expect(issued.url).toMatch(/^http:\/\/localhost(:\d+)?\/invite\/[A-Za-z0-9_-]{43}$/);

    const mail = await t.smtp.waitFor((m) => m.to.includes('rita@example.test'));
    expect(mail.subject).toContain(ws.workspace.name);
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBe(issued.url);
    expect(mail.html).toContain(issued.url);

    // Only the hash is stored: the token is nowhere in the database.
    const stored = await storedRows(t.db, invitations, { id: issued.invitation.id });
    expect(stored[0]!.tokenHash).not.toContain(tokenOf(link!));

    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/preview',
      payload: { token: tokenOf(link!) },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      email: 'rita@example.test',
      role: 'sales_rep',
      workspace: { slug: ws.workspace.slug, name: ws.workspace.name },
    });

    const accepted = await accept(tokenOf(link!));
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({
      email: 'rita@example.test',
      name: 'Rita Rep',
      role: 'sales_rep',
    });
    const cookie = accepted.cookies.find((c) => c.name === 'tandem_session')!;
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/session',
      cookies: { tandem_session: cookie.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('rita@example.test');

    // The invitation is used up, and no longer listed as open.
    const again = await accept(tokenOf(link!));
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('link_used');
    const open = await app.inject({ method: 'GET', url: '/api/v1/invitations', headers: admin });
    expect(open.json().data).toEqual([]);
    expect(await audit()).toEqual(
      expect.arrayContaining([
        'invitation.created',
        'user.created',
        'invitation.accepted',
        'session.created',
      ]),
    );
  });

  it('refuses a member’s address and a second open invitation with 409 naming email', async () => {
    const member = await invite(ws.admin.email, 'marketing');
    expect(member.statusCode).toBe(409);
    expect(member.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
    expect((await invite('twice@example.test')).statusCode).toBe(201);
    const twice = await invite('TWICE@example.test');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('refuses a weak password naming the field, and leaves the invitation open', async () => {
    const { url } = (await invite('weak@example.test')).json();
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: { token: tokenOf(url), name: 'Weak', password: 'password12' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    expect((await accept(tokenOf(url))).statusCode).toBe(200);
  });

  it('refuses an expired link (410 link_expired); a resend makes a new link and the old one stops', async () => {
    const issued = (await invite('late@example.test')).json();
    t.now = new Date(t.now.getTime() + INVITATION_TTL_MS + 1000);
    const expired = await accept(tokenOf(issued.url));
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('link_expired');
    const listed = await app.inject({ method: 'GET', url: '/api/v1/invitations', headers: admin });
    expect(listed.json().data).toEqual([
      expect.objectContaining({ id: issued.invitation.id, status: 'expired' }),
    ]);

    const resent = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${issued.invitation.id}/resend`,
      headers: admin,
    });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ emailed: true, invitation: { status: 'pending' } });
    expect(resent.json().url).not.toBe(issued.url);
    await t.smtp.waitFor((m) => m.text.includes(resent.json().url));
    expect((await accept(tokenOf(issued.url))).statusCode).toBe(404);
    expect((await accept(tokenOf(resent.json().url))).statusCode).toBe(200);
    expect(await audit()).toContain('invitation.resent');
  });

  it('refuses a revoked link with 410 link_revoked', async () => {
    const issued = (await invite('gone@example.test')).json();
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${issued.invitation.id}`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    const res = await accept(tokenOf(issued.url));
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('link_revoked');
    expect(await audit()).toContain('invitation.revoked');
    // The address may be invited again.
    expect((await invite('gone@example.test')).statusCode).toBe(201);
  });

  it('refuses a link that is not one (404 naming token), and a malformed one (400)', async () => {
    const unknown = await accept('A'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'token' })]);
    const malformed = await accept('not a token!');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ field: 'body.token' })]);
  });
});

describe('without SMTP', () => {
  it('sends nothing and gives the admin the link to copy, which works', async () => {
    app = await t.app(t.deps(false));
    const res = await invite('copy@example.test');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ emailed: false, emailError: null });
    expect((await accept(tokenOf(res.json().url))).statusCode).toBe(200);
    expect(t.smtp.received).toEqual([]);
  });
});
