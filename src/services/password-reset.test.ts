// Password resets as the service keeps them: an admin's link to copy (e-mailed too when SMTP is
// configured), a member's "forgot password" that never says whether the address is a member's, and
// a link that sets the password once, ends every session, and is refused expired, used or revoked.
import { describe, expect, it, vi } from 'vitest';
import { ADMIN_RESET_TTL_MS, SELF_RESET_TTL_MS } from '../domain/members.js';
import { DEFAULT_SIGN_IN_THROTTLE } from '../domain/sign-in-throttle.js';
import type { MailMessage, Mailer } from '../jobs/mailer.js';
import { listAudit } from '../store/audit-log.js';
import { createSignInLimiter } from '../store/sign-in-limits.js';
import { findUserCredentials, updateUser } from '../store/users.js';
import { appErrorOf } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { verifyPassword } from './credentials.js';
import {
  issuePasswordReset,
  previewPasswordReset,
  requestPasswordReset,
  resetPassword,
} from './password-reset.js';
import { signIn } from './sessions.js';

let now = new Date('2026-11-23T10:00:00Z');
const t = workspaceTest({ clock: () => new Date(now) });
const ADMIN = { type: 'system' as const, id: null, label: 'Admin' };
const BASE = 'https://tandem.example/';
const NEW_PASSWORD = 'harbour-lantern-93-violet';
const CLIENT = { ip: '203.0.113.7', isLoopback: false };

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** A mailer that keeps what it is asked to send (or refuses, when told to). */
function recordingMailer(refuse = false): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    enabled: true,
    sent,
    send: async (message) => {
      if (refuse) throw new Error('550 mailbox unavailable');
      sent.push(message);
    },
    close: () => undefined,
  };
}

const actions = async (n: number) =>
  (await listAudit(t.db, t.ws.workspace.id, { limit: n, beforeId: null })).map((e) => e.action);

describe('an admin issuing a reset link', () => {
  it('hands back a link to copy when there is no SMTP, valid for a day', async () => {
    const member = await t.ws.member('sales_rep');
    const issued = await issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, member.id, BASE);
    expect(issued).toMatchObject({ emailed: false, emailError: null });
    expect(issued.url.startsWith('https://tandem.example/reset-password/')).toBe(true);
    expect(issued.expiresAt.getTime() - now.getTime()).toBe(ADMIN_RESET_TTL_MS);
    const preview = await previewPasswordReset(t.deps, tokenOf(issued.url));
    expect(preview).toMatchObject({ email: member.email, workspace: { slug: t.ws.workspace.slug } });
    expect(await actions(1)).toEqual(['user.password_reset_issued']);
  });

  it('e-mails the link when SMTP is configured, and says why when the server refuses it', async () => {
    const member = await t.ws.member('marketing');
    const mailer = recordingMailer();
    const sent = await issuePasswordReset({ ...t.deps, mailer }, ADMIN, t.ws.workspace.id, member.id, BASE);
    expect(sent).toMatchObject({ emailed: true, emailError: null });
    expect(mailer.sent.map((m) => m.to)).toEqual([member.email]);
    expect(mailer.sent[0]?.text).toContain(sent.url);

    const refused = await issuePasswordReset(
      { ...t.deps, mailer: recordingMailer(true) },
      ADMIN,
      t.ws.workspace.id,
      member.id,
      BASE,
    );
    expect(refused).toMatchObject({ emailed: false, emailError: '550 mailbox unavailable' });
  });

  it('refuses a deactivated member (on id) and an unknown one (404)', async () => {
    const member = await t.ws.member('sales_rep');
    await updateUser(t.db, t.ws.workspace.id, member.id, { disabled: true });
    const disabled = await appErrorOf(issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, member.id, BASE));
    expect(disabled).toMatchObject({ code: 'validation_failed', errors: [{ field: 'id' }] });
    const unknown = await appErrorOf(
      issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, '00000000-0000-4000-8000-000000000000', BASE),
    );
    expect(unknown.code).toBe('not_found');
  });
});

describe('using a reset link', () => {
  it('sets the password, ends every session of the member, and works only once', async () => {
    const member = await t.ws.member('sales_rep');
    const limiter = { ...t.deps, signInLimiter: createSignInLimiter(t.db, DEFAULT_SIGN_IN_THROTTLE) };
    await signIn(
      limiter,
      { workspace: t.ws.workspace.slug, email: member.email, password: 'correct horse battery' },
      CLIENT,
      3600_000,
    );
    const { url } = await issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, member.id, BASE);

    const done = await resetPassword(t.deps, tokenOf(url), NEW_PASSWORD);
    expect(done).toMatchObject({ email: member.email, sessionsEnded: 1 });
    const credentials = await findUserCredentials(t.db, t.ws.workspace.id, member.email);
    expect(await verifyPassword(credentials?.passwordHash ?? null, NEW_PASSWORD)).toBe(true);
    expect(await actions(1)).toEqual(['user.password_reset']);

    expect((await appErrorOf(resetPassword(t.deps, tokenOf(url), `${NEW_PASSWORD}-again`))).code).toBe(
      'link_used',
    );
  });

  it('refuses an expired link, a link of a member deactivated since, and a link that is not one', async () => {
    const member = await t.ws.member('sales_rep');
    const old = await issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, member.id, BASE);
    now = new Date(now.getTime() + ADMIN_RESET_TTL_MS + 1000);
    expect((await appErrorOf(previewPasswordReset(t.deps, tokenOf(old.url)))).code).toBe('link_expired');

    const fresh = await issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, member.id, BASE);
    await updateUser(t.db, t.ws.workspace.id, member.id, { disabled: true });
    expect((await appErrorOf(resetPassword(t.deps, tokenOf(fresh.url), NEW_PASSWORD))).code).toBe(
      'link_revoked',
    );

    const forged = await appErrorOf(previewPasswordReset(t.deps, 'not-a-token'));
    expect(forged).toMatchObject({ code: 'not_found', errors: [{ field: 'token' }] });
  });

  it('refuses a weak password and leaves the link usable', async () => {
    const member = await t.ws.member('marketing');
    const { url } = await issuePasswordReset(t.deps, ADMIN, t.ws.workspace.id, member.id, BASE);
    const weak = await appErrorOf(resetPassword(t.deps, tokenOf(url), 'password'));
    expect(weak.code).toBe('validation_failed');
    await expect(previewPasswordReset(t.deps, tokenOf(url))).resolves.toMatchObject({ email: member.email });
  });
});

describe('a member asking for a reset ("forgot password")', () => {
  const asking = (mailer?: Mailer) => ({
    ...t.deps,
    ...(mailer ? { mailer } : {}),
    signInLimiter: createSignInLimiter(t.db, DEFAULT_SIGN_IN_THROTTLE),
  });

  it('without SMTP, says an admin issues the link and sends nothing', async () => {
    const member = await t.ws.member('sales_rep');
    const answer = await requestPasswordReset(
      asking(),
      { workspace: t.ws.workspace.slug, email: member.email },
      CLIENT,
      BASE,
    );
    expect(answer).toEqual({ delivery: 'admin' });
  });

  it('with SMTP, gives the same answer for a member and a stranger, and e-mails only the member', async () => {
    const member = await t.ws.member('sales_rep');
    const mailer = recordingMailer();
    const deps = asking(mailer);
    const forMember = await requestPasswordReset(
      deps,
      { workspace: ` ${t.ws.workspace.slug.toUpperCase()} `, email: member.email.toUpperCase() },
      CLIENT,
      BASE,
    );
    const forStranger = await requestPasswordReset(
      deps,
      { workspace: t.ws.workspace.slug, email: 'nobody@example.test' },
      CLIENT,
      BASE,
    );
    expect(forMember).toEqual({ delivery: 'email' });
    expect(forStranger).toEqual(forMember);
    await vi.waitFor(() => expect(mailer.sent.map((m) => m.to)).toEqual([member.email]));
    const url = /https:\/\/tandem\.example\/reset-password\/\S+/.exec(mailer.sent[0]?.text ?? '')?.[0] ?? '';
    const preview = await previewPasswordReset(t.deps, tokenOf(url));
    expect(preview.expiresAt.getTime() - now.getTime()).toBe(SELF_RESET_TTL_MS);
    expect(await actions(1)).toEqual(['user.password_reset_requested']);
  });
});
