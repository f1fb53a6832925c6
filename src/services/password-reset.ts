// Resetting a password with a signed, expiring, single-use link: asked for by the member ("forgot
// password", e-mailed when SMTP is configured; the answer never says whether the address is a
// member's) or issued by an admin, who copies it. Using it sets the password and ends every session.
import { AppError, RateLimited, notFound } from '../domain/errors.js';
import {
  ADMIN_RESET_TTL_MS,
  SELF_RESET_TTL_MS,
  assertUsableLink,
  linkState,
  memberLink,
} from '../domain/members.js';
import { passwordResetMail } from '../domain/member-mail.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import {
  type PasswordReset,
  type ResetIssuer,
  findPasswordResetByToken,
  insertPasswordReset,
  lockPasswordResetByToken,
  markPasswordResetUsed,
} from '../store/password-resets.js';
import { deleteUserSessions } from '../store/sessions.js';
import type { SignInLimiter } from '../store/sign-in-limits.js';
import { type User, findUserCredentials, getUser, lockUser, updateUser } from '../store/users.js';
import { type Workspace, findWorkspaceBySlug, getWorkspace } from '../store/workspaces.js';
import { hashPassword, hashToken, randomToken } from './credentials.js';
import type { Deps } from './deps.js';
import { assertAcceptablePassword } from './members.js';

/** How the person gets the link: by e-mail, or (no SMTP configured) from an admin. */
export type ResetDelivery = 'email' | 'admin';

async function issue(
  tx: Queryable,
  user: User,
  issuedBy: ResetIssuer,
  now: Date,
): Promise<{ token: string; reset: PasswordReset }> {
  const token = randomToken();
  const reset = await insertPasswordReset(tx, {
    workspaceId: user.workspaceId,
    userId: user.id,
    tokenHash: hashToken(token),
    issuedBy,
    now,
    expiresAt: new Date(now.getTime() + (issuedBy === 'self' ? SELF_RESET_TTL_MS : ADMIN_RESET_TTL_MS)),
  });
  return { token, reset };
}

/**
 * "Forgot password": throttled like sign-in (per account and per address); the same answer whether
 * or not the address belongs to a member. The e-mail goes out after the answer, so its time does
 * not tell either.
 */
export async function requestPasswordReset(
  deps: Deps & { signInLimiter: SignInLimiter },
  input: { workspace: string; email: string },
  client: { ip: string },
  baseUrl: string,
): Promise<{ delivery: ResetDelivery }> {
  const slug = input.workspace.trim().toLowerCase();
  const email = input.email.trim().toLowerCase();
  const gate = await deps.signInLimiter.attempt(`reset\n${slug}\n${email}`, client.ip);
  if (!gate.ok) {
    throw new RateLimited('Too many password-reset requests; try again later.', gate.retryAfterSeconds);
  }
  if (!deps.mailer?.enabled) return { delivery: 'admin' };
  const workspace = await findWorkspaceBySlug(deps.db, slug);
  const found = workspace ? await findUserCredentials(deps.db, workspace.id, email) : null;
  if (!workspace || !found || found.user.disabledAt) return { delivery: 'email' };
  const user = found.user;
  const now = deps.clock();
  const { token, reset } = await deps.db.transaction(async (tx) => {
    const issued = await issue(tx, user, 'self', now);
    await recordAudit(
      tx,
      workspace.id,
      { type: 'user', id: null, label: email },
      'user.password_reset_requested',
      { type: 'user', id: user.id },
      { ip: client.ip },
    );
    return issued;
  });
  const mail = passwordResetMail({
    workspaceName: workspace.name,
    url: memberLink(baseUrl, 'reset-password', token),
    expiresAt: reset.expiresAt,
  });
  const mailer = deps.mailer;
  void mailer
    .send({ to: user.email, ...mail })
    .catch((err: unknown) =>
      deps.log.warn({ err, userId: user.id }, 'the password-reset e-mail could not be sent'),
    );
  return { delivery: 'email' };
}

/** An admin issues a reset link for a member (to copy; e-mailed too when SMTP is configured). */
export async function issuePasswordReset(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  userId: string,
  baseUrl: string,
): Promise<{ url: string; expiresAt: Date; emailed: boolean; emailError: string | null }> {
  const now = deps.clock();
  const { token, reset, user, workspace } = await deps.db.transaction(async (tx) => {
    const member = await lockUser(tx, workspaceId, userId);
    if (!member) throw notFound('User');
    if (member.disabledAt) {
      throw new AppError('validation_failed', 'id: is deactivated; reactivate the member first', [
        { field: 'id', message: 'is deactivated; reactivate the member first' },
      ]);
    }
    const issued = await issue(tx, member, 'admin', now);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'user.password_reset_issued',
      { type: 'user', id: userId },
      {
        expiresAt: issued.reset.expiresAt.toISOString(),
      },
    );
    return { ...issued, user: member, workspace: await getWorkspace(tx, workspaceId) };
  });
  const url = memberLink(baseUrl, 'reset-password', token);
  let emailed = false;
  let emailError: string | null = null;
  if (deps.mailer?.enabled) {
    const mail = passwordResetMail({ workspaceName: workspace?.name ?? '', url, expiresAt: reset.expiresAt });
    try {
      await deps.mailer.send({ to: user.email, ...mail });
      emailed = true;
    } catch (err) {
      emailError = err instanceof Error ? err.message : String(err);
      deps.log.warn({ err, userId }, 'the password-reset e-mail could not be sent');
    }
  }
  return { url, expiresAt: reset.expiresAt, emailed, emailError };
}

const unknownLink = () =>
  new AppError('not_found', 'This reset link is not valid; check that it was copied whole.', [
    { field: 'token', message: 'is not a valid reset link' },
  ]);

/** The link, usable now, with its member (active) and workspace; refused with why otherwise. */
async function usableLink(
  q: Queryable,
  found: PasswordReset | null,
  now: Date,
): Promise<{ reset: PasswordReset; user: User; workspace: Workspace }> {
  if (!found) throw unknownLink();
  assertUsableLink('reset link', linkState(found, now));
  const [user, workspace] = await Promise.all([
    getUser(q, found.workspaceId, found.userId),
    getWorkspace(q, found.workspaceId),
  ]);
  if (!user || !workspace) throw unknownLink();
  // A member deactivated after the link was made cannot use it (deactivation revokes it, too).
  if (user.disabledAt) assertUsableLink('reset link', 'revoked');
  return { reset: found, user, workspace };
}

export async function previewPasswordReset(
  deps: Deps,
  token: string,
): Promise<{ email: string; expiresAt: Date; workspace: { slug: string; name: string } }> {
  const { reset, user, workspace } = await usableLink(
    deps.db,
    await findPasswordResetByToken(deps.db, hashToken(token)),
    deps.clock(),
  );
  return {
    email: user.email,
    expiresAt: reset.expiresAt,
    workspace: { slug: workspace.slug, name: workspace.name },
  };
}

/** Sets the new password, uses the link up and ends every session of the member. */
export async function resetPassword(
  deps: Deps,
  token: string,
  password: string,
): Promise<{ email: string; workspace: { slug: string; name: string }; sessionsEnded: number }> {
  const tokenHash = hashToken(token);
  const seen = await usableLink(deps.db, await findPasswordResetByToken(deps.db, tokenHash), deps.clock());
  assertAcceptablePassword(password, [seen.user.email, seen.user.name, seen.workspace.slug]);
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const { reset, user, workspace } = await usableLink(
      tx,
      await lockPasswordResetByToken(tx, tokenHash),
      now,
    );
    await updateUser(tx, user.workspaceId, user.id, { passwordHash });
    await markPasswordResetUsed(tx, user.workspaceId, reset.id, now);
    const sessionsEnded = await deleteUserSessions(tx, user.workspaceId, user.id, null);
    await recordAudit(
      tx,
      user.workspaceId,
      { type: 'user', id: user.id, label: user.email },
      'user.password_reset',
      { type: 'user', id: user.id },
      { issuedBy: reset.issuedBy, sessionsEnded },
    );
    return { email: user.email, workspace: { slug: workspace.slug, name: workspace.name }, sessionsEnded };
  });
}
