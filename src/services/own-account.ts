// People change their own account: name and time zone, and their password (the current one
// required, counted against sign-in's throttle; their other sessions end).
import { AppError, RateLimited } from '../domain/errors.js';
import { recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { revokePasswordResets } from '../store/password-resets.js';
import { deleteUserSessions } from '../store/sessions.js';
import type { SignInLimiter } from '../store/sign-in-limits.js';
import { type User, findUserCredentials, getUser, updateUser } from '../store/users.js';
import { getWorkspace } from '../store/workspaces.js';
import { hashPassword, verifyPassword } from './credentials.js';
import type { Deps } from './deps.js';
import { assertAcceptablePassword } from './members.js';
import { type Principal, auditActorOf } from './principal.js';

type Person = Principal & { kind: 'user' };

/** An audit entry about the person's own account, written by that person. */
const auditSelf = (q: Queryable, me: Person, action: string, details?: Record<string, unknown>) =>
  recordAudit(q, me.workspaceId, auditActorOf(me), action, { type: 'user', id: me.userId }, details);

export async function updateOwnAccount(
  deps: Deps,
  me: Person,
  patch: { name?: string; timeZone?: string },
): Promise<User> {
  return deps.db.transaction(async (tx) => {
    const before = await getUser(tx, me.workspaceId, me.userId);
    if (!before) throw new AppError('unauthenticated', 'Sign in again.');
    const user = (await updateUser(tx, me.workspaceId, me.userId, patch))!;
    const changed = {
      ...(patch.name !== undefined && patch.name !== before.name ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined && patch.timeZone !== before.timeZone
        ? { timeZone: patch.timeZone }
        : {}),
    };
    if (Object.keys(changed).length) {
      await auditSelf(tx, me, 'user.updated', changed);
    }
    return user;
  });
}

/**
 * A new password, with the current one: a wrong current password is a failed sign-in for the
 * account's throttle (a stolen session cannot guess it), and answers 400 naming `currentPassword`.
 */
export async function changeOwnPassword(
  deps: Deps & { signInLimiter: SignInLimiter },
  me: Person,
  input: { currentPassword: string; password: string },
  client: { ip: string },
): Promise<{ sessionsEnded: number }> {
  const workspace = await getWorkspace(deps.db, me.workspaceId);
  const found = await findUserCredentials(deps.db, me.workspaceId, me.label);
  if (!workspace || !found) throw new AppError('unauthenticated', 'Sign in again.');
  const account = `${workspace.slug}\n${found.user.email}`;
  const gate = await deps.signInLimiter.attempt(account, client.ip);
  if (!gate.ok) throw new RateLimited('Too many wrong passwords; try again later.', gate.retryAfterSeconds);
  if (!(await verifyPassword(found.passwordHash, input.currentPassword))) {
    await deps.signInLimiter.failed(account, client.ip);
    await auditSelf(deps.db, me, 'user.password_change_failed');
    throw new AppError('validation_failed', 'currentPassword: is not your current password', [
      { field: 'currentPassword', message: 'is not your current password' },
    ]);
  }
  await deps.signInLimiter.succeeded(account, client.ip);
  assertAcceptablePassword(input.password, [found.user.email, found.user.name, workspace.slug]);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    await updateUser(tx, me.workspaceId, me.userId, { passwordHash });
    const sessionsEnded = await deleteUserSessions(tx, me.workspaceId, me.userId, me.sessionId);
    await revokePasswordResets(tx, me.workspaceId, me.userId, deps.clock());
    await auditSelf(tx, me, 'user.password_changed', { sessionsEnded });
    return { sessionsEnded };
  });
}
