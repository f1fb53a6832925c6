// Invitations as the service keeps them (no SMTP here: the link is handed back to copy): one open
// invitation per address, a resend makes the old link stop working, a revoked, expired or used link
// is refused with its own code, and accepting makes a member with the invitation's role.
import { describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS } from '../domain/members.js';
import { listAudit } from '../store/audit-log.js';
import { getUser } from '../store/users.js';
import { appErrorOf } from '../../test/support/fixtures.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import {
  acceptInvitation,
  inviteMember,
  pendingInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from './invitations.js';

let now = new Date('2026-11-23T10:00:00Z');
const t = workspaceTest({ clock: () => new Date(now) });
const SYSTEM = { type: 'system' as const, id: null, label: 'Setup script' };
const BASE = 'https://tandem.example/';
const PASSWORD = 'lantern-meadow-48-copper';
const DAY = 86_400_000;
let seq = 0;

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const invite = (email = `invitee-${++seq}@example.test`, role: 'sales_rep' | 'marketing' = 'sales_rep') =>
  inviteMember(t.deps, SYSTEM, t.ws.workspace.id, { email, role }, BASE);
const actions = async (n: number) =>
  (await listAudit(t.db, t.ws.workspace.id, { limit: n, beforeId: null })).map((e) => e.action);

describe('inviting', () => {
  it('hands back a link to copy when there is no SMTP, and stores only its hash', async () => {
    const issued = await invite(`  Mixed.Case-${++seq}@Example.TEST `);
    expect(issued).toMatchObject({ emailed: false, emailError: null });
    expect(issued.url.startsWith('https://tandem.example/invite/')).toBe(true);
    expect(issued.invitation.email).toBe(`mixed.case-${seq}@example.test`);
    expect(issued.invitation.expiresAt.getTime() - now.getTime()).toBe(INVITATION_TTL_MS);
    expect(issued.invitation.invitedByLabel).toBe('Setup script');
    expect(JSON.stringify(issued.invitation)).not.toContain(tokenOf(issued.url));
    const preview = await previewInvitation(t.deps, tokenOf(issued.url));
    expect(preview.workspace.slug).toBe(t.ws.workspace.slug);
    expect(await actions(1)).toEqual(['invitation.created']);
  });

  it('refuses a member’s address and an address with an open invitation (409 on email)', async () => {
    const member = await appErrorOf(invite(t.ws.admin.email));
    expect(member).toMatchObject({ code: 'conflict', errors: [{ field: 'email' }] });
    const { invitation } = await invite();
    const twice = await appErrorOf(invite(invitation.email));
    expect(twice).toMatchObject({ code: 'conflict', errors: [{ field: 'email' }] });
  });

  it('lets a new invitation replace an expired one, whose link stays refused', async () => {
    const old = await invite();
    now = new Date(now.getTime() + INVITATION_TTL_MS + DAY);
    expect((await appErrorOf(previewInvitation(t.deps, tokenOf(old.url)))).code).toBe('link_expired');
    const fresh = await invite(old.invitation.email);
    expect(fresh.invitation.id).not.toBe(old.invitation.id);
    expect((await appErrorOf(previewInvitation(t.deps, tokenOf(old.url)))).code).toBe('link_revoked');
    const open = await pendingInvitations(t.deps, t.ws.workspace.id);
    expect(open.filter((i) => i.email === old.invitation.email).map((i) => i.id)).toEqual([
      fresh.invitation.id,
    ]);
  });
});

describe('resending and revoking', () => {
  it('a resend gives a new link and the old one stops working', async () => {
    const first = await invite();
    const again = await resendInvitation(t.deps, SYSTEM, t.ws.workspace.id, first.invitation.id, BASE);
    expect(again.url).not.toBe(first.url);
    expect((await appErrorOf(previewInvitation(t.deps, tokenOf(first.url)))).code).toBe('not_found');
    expect((await previewInvitation(t.deps, tokenOf(again.url))).invitation.id).toBe(first.invitation.id);
    expect(await actions(1)).toEqual(['invitation.resent']);
  });

  it('a revoked link is refused as revoked; revoking twice changes nothing; it cannot be resent', async () => {
    const issued = await invite();
    const revoked = await revokeInvitation(t.deps, SYSTEM, t.ws.workspace.id, issued.invitation.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await revokeInvitation(t.deps, SYSTEM, t.ws.workspace.id, issued.invitation.id)).toEqual(revoked);
    expect(await actions(1)).toEqual(['invitation.revoked']);
    expect((await appErrorOf(previewInvitation(t.deps, tokenOf(issued.url)))).code).toBe('link_revoked');
    const resend = await appErrorOf(
      resendInvitation(t.deps, SYSTEM, t.ws.workspace.id, issued.invitation.id, BASE),
    );
    expect(resend).toMatchObject({ code: 'conflict', errors: [{ field: 'id' }] });
  });
});

describe('accepting', () => {
  it('makes a member with the role, signs them in, and the link is then used up', async () => {
    const issued = await invite(undefined, 'marketing');
    const started = await acceptInvitation(
      t.deps,
      tokenOf(issued.url),
      { name: 'Maria Marketer', password: PASSWORD },
      3_600_000,
    );
    expect(started.principal).toMatchObject({
      kind: 'user',
      role: 'marketing',
      label: issued.invitation.email,
    });
    const member = await getUser(t.db, t.ws.workspace.id, started.principal.userId);
    expect(member).toMatchObject({
      email: issued.invitation.email,
      name: 'Maria Marketer',
      role: 'marketing',
    });
    expect((await actions(2)).sort()).toEqual(['invitation.accepted', 'session.created']);

    const reuse = await appErrorOf(
      acceptInvitation(t.deps, tokenOf(issued.url), { name: 'Again', password: PASSWORD }, 3_600_000),
    );
    expect(reuse).toMatchObject({ code: 'link_used', errors: [{ field: 'token' }] });
    const revoke = await appErrorOf(
      revokeInvitation(t.deps, SYSTEM, t.ws.workspace.id, issued.invitation.id),
    );
    expect(revoke).toMatchObject({ code: 'conflict', errors: [{ field: 'id' }] });
    const resend = await appErrorOf(
      resendInvitation(t.deps, SYSTEM, t.ws.workspace.id, issued.invitation.id, BASE),
    );
    expect(resend.code).toBe('conflict');
  });

  it('an unknown link is not_found on token', async () => {
    const err = await appErrorOf(previewInvitation(t.deps, 'no-such-token'));
    expect(err).toMatchObject({ code: 'not_found', errors: [{ field: 'token' }] });
  });
});
