// Inviting people: an admin invites an e-mail address with a role; the invitee opens the signed,
// expiring link, chooses a name and password, becomes a member and is signed in. Only the hash of
// the link's token is stored, so the link can be read only when it is made (create or resend).
import { AppError, notFound } from '../domain/errors.js';
import { INVITATION_TTL_MS, assertUsableLink, linkState, memberLink } from '../domain/members.js';
import { invitationMail } from '../domain/member-mail.js';
import type { Role } from '../domain/roles.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import {
  type Invitation,
  findInvitationByToken,
  insertInvitation,
  listOpenInvitations,
  lockInvitation,
  lockInvitationByToken,
  lockOpenInvitationByEmail,
  markInvitationAccepted,
  renewInvitation,
  revokeInvitationRow,
} from '../store/invitations.js';
import { getUser, isEmailTaken } from '../store/users.js';
import { getWorkspace } from '../store/workspaces.js';
import { hashPassword, hashToken, randomToken } from './credentials.js';
import type { Deps } from './deps.js';
import { assertAcceptablePassword } from './members.js';
import { type StartedSession, startSession } from './sessions.js';
import { addUser } from './workspaces.js';

export interface IssuedInvitation {
  invitation: Invitation;
  /** The link to open, readable only now: copy it, or it went out by e-mail. */
  url: string;
  emailed: boolean;
  /** Why the e-mail could not be sent (the link still works: copy it). */
  emailError: string | null;
}

const emailTaken = (email: string) =>
  new AppError('conflict', `${email} is already a member of this workspace.`, [
    { field: 'email', message: 'is already a member of this workspace' },
  ]);

/** Who the e-mail says invited them: the admin's name, or the key's or CLI's label. */
async function inviterName(q: Queryable, workspaceId: string, actor: AuditActor): Promise<string> {
  const user = actor.type === 'user' && actor.id ? await getUser(q, workspaceId, actor.id) : null;
  return user?.name ?? actor.label;
}

/** What a new link stores: the hash of its token, when it was made, and when it stops working. */
const newLink = (token: string, now: Date) => ({
  tokenHash: hashToken(token),
  now,
  expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
});

const auditInvitation = (
  q: Queryable,
  workspaceId: string,
  actor: AuditActor,
  action: 'created' | 'resent' | 'revoked' | 'accepted',
  id: string,
  details: Record<string, unknown>,
) => recordAudit(q, workspaceId, actor, `invitation.${action}`, { type: 'invitation', id }, details);

interface MailWords {
  workspaceName: string;
  inviterName: string;
}

async function mailWords(q: Queryable, workspaceId: string, inviterName: string): Promise<MailWords> {
  const workspace = await getWorkspace(q, workspaceId);
  return { workspaceName: workspace?.name ?? '', inviterName };
}

/**
 * The invitation as issued (made or resent), after its transaction: the link with its token, e-mailed
 * when SMTP is configured; a refusal is reported, not thrown (the link works).
 */
async function issue(
  deps: Deps,
  invitation: Invitation,
  words: MailWords,
  baseUrl: string,
  token: string,
): Promise<IssuedInvitation> {
  const url = memberLink(baseUrl, 'invite', token);
  if (!deps.mailer?.enabled) return { invitation, url, emailed: false, emailError: null };
  const mail = invitationMail({ ...words, role: invitation.role, url, expiresAt: invitation.expiresAt });
  try {
    await deps.mailer.send({ to: invitation.email, ...mail });
    return { invitation, url, emailed: true, emailError: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.log.warn({ err, invitation: invitation.id }, 'the invitation e-mail could not be sent');
    return { invitation, url, emailed: false, emailError: message };
  }
}

export async function inviteMember(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: { email: string; role: Role },
  baseUrl: string,
): Promise<IssuedInvitation> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock();
  const token = randomToken();
  const { invitation, words } = await deps.db.transaction(async (tx) => {
    if (await isEmailTaken(tx, workspaceId, email)) throw emailTaken(email);
    const open = await lockOpenInvitationByEmail(tx, workspaceId, email);
    if (open && linkState({ ...open, usedAt: null }, now) === 'valid') {
      throw new AppError('conflict', `${email} is already invited; resend or revoke that invitation.`, [
        { field: 'email', message: 'already has an open invitation; resend or revoke it' },
      ]);
    }
    // An expired invitation to the address gives way to the new one.
    if (open) await revokeInvitationRow(tx, workspaceId, open.id, now);
    const invitedByName = await inviterName(tx, workspaceId, actor);
    const created = await insertInvitation(tx, {
      workspaceId,
      email,
      role: input.role,
      invitedBy: actor.type === 'user' ? actor.id : null,
      invitedByLabel: invitedByName,
      ...newLink(token, now),
    });
    await auditInvitation(tx, workspaceId, actor, 'created', created.id, {
      email,
      role: input.role,
      ...(open ? { replaced: open.id } : {}),
    });
    return { invitation: created, words: await mailWords(tx, workspaceId, invitedByName) };
  });
  return issue(deps, invitation, words, baseUrl, token);
}

/** A new link for an open invitation (the old one stops working), e-mailed again when SMTP is set. */
export async function resendInvitation(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  baseUrl: string,
): Promise<IssuedInvitation> {
  const now = deps.clock();
  const token = randomToken();
  const { invitation, words } = await deps.db.transaction(async (tx) => {
    const found = await lockInvitation(tx, workspaceId, id);
    if (!found) throw notFound('Invitation');
    if (found.acceptedAt || found.revokedAt) {
      throw new AppError(
        'conflict',
        `This invitation was already ${found.acceptedAt ? 'accepted' : 'revoked'}.`,
        [{ field: 'id', message: found.acceptedAt ? 'was already accepted' : 'was revoked' }],
      );
    }
    const renewed = await renewInvitation(tx, workspaceId, id, newLink(token, now));
    await auditInvitation(tx, workspaceId, actor, 'resent', id, { email: renewed.email });
    return {
      invitation: renewed,
      words: await mailWords(tx, workspaceId, await inviterName(tx, workspaceId, actor)),
    };
  });
  return issue(deps, invitation, words, baseUrl, token);
}

/** The invitation's link stops working; an invitation already accepted cannot be revoked (409). */
export async function revokeInvitation(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
): Promise<Invitation> {
  return deps.db.transaction(async (tx) => {
    const found = await lockInvitation(tx, workspaceId, id);
    if (!found) throw notFound('Invitation');
    if (found.acceptedAt) {
      throw new AppError('conflict', 'This invitation was already accepted; deactivate the member instead.', [
        { field: 'id', message: 'was already accepted' },
      ]);
    }
    if (found.revokedAt) return found;
    const revoked = await revokeInvitationRow(tx, workspaceId, id, deps.clock());
    await auditInvitation(tx, workspaceId, actor, 'revoked', id, { email: found.email });
    return revoked;
  });
}

export const pendingInvitations = (deps: Deps, workspaceId: string): Promise<Invitation[]> =>
  listOpenInvitations(deps.db, workspaceId);

/** What the invitee's page shows before they accept: the workspace, the address and the role. */
export async function previewInvitation(
  deps: Deps,
  token: string,
): Promise<{ invitation: Invitation; workspace: { slug: string; name: string } }> {
  const found = await findInvitationByToken(deps.db, hashToken(token));
  if (!found) throw unknownLink();
  assertUsableLink('invitation', invitationState(found, deps.clock()));
  const workspace = await getWorkspace(deps.db, found.workspaceId);
  if (!workspace) throw unknownLink();
  return { invitation: found, workspace: { slug: workspace.slug, name: workspace.name } };
}

const unknownLink = () =>
  new AppError('not_found', 'This invitation link is not valid; check that it was copied whole.', [
    { field: 'token', message: 'is not a valid invitation link' },
  ]);

const invitationState = (i: Invitation, now: Date) =>
  linkState({ expiresAt: i.expiresAt, usedAt: i.acceptedAt, revokedAt: i.revokedAt }, now);

/** The invitee becomes a member with the invitation's role, and is signed in. */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  input: { name: string; password: string; timeZone?: string },
  sessionTtlMs: number,
): Promise<StartedSession> {
  const tokenHash = hashToken(token);
  // The password is checked and hashed (slow, by design) before the transaction.
  const seen = await findInvitationByToken(deps.db, tokenHash);
  if (!seen) throw unknownLink();
  assertUsableLink('invitation', invitationState(seen, deps.clock()));
  assertAcceptablePassword(input.password, [seen.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const invitation = await lockInvitationByToken(tx, tokenHash);
    if (!invitation) throw unknownLink();
    assertUsableLink('invitation', invitationState(invitation, now));
    const { workspaceId, email } = invitation;
    if (await isEmailTaken(tx, workspaceId, email)) throw emailTaken(email);
    const actor: AuditActor = { type: 'user', id: null, label: email };
    const user = await addUser(tx, actor, workspaceId, {
      email,
      name: input.name,
      role: invitation.role,
      password: null,
      passwordHash,
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    });
    await markInvitationAccepted(tx, workspaceId, invitation.id, { userId: user.id, now });
    await auditInvitation(
      tx,
      workspaceId,
      { type: 'user', id: user.id, label: email },
      'accepted',
      invitation.id,
      {
        userId: user.id,
        role: user.role,
        invitedBy: invitation.invitedByLabel,
      },
    );
    return startSession(tx, user, now, sessionTtlMs);
  });
}
