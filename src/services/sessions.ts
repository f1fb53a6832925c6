// Signing in and out of the web UI, and resolving a session cookie to a principal.
import { AppError, RateLimited } from '../domain/errors.js';
import { recordAudit } from '../store/audit-log.js';
import { deleteSession, findLiveSession, insertSession } from '../store/sessions.js';
import type { SignInLimiter } from '../store/sign-in-limits.js';
import type { Queryable } from '../store/db.js';
import { type User, findUserCredentials, getUser } from '../store/users.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import type { Deps } from './deps.js';
import { hashToken, randomToken, verifyPassword } from './credentials.js';
import { DEMO_PASSWORD } from './demo-workspace.js';
import type { Principal } from './principal.js';

export interface SignInInput {
  workspace: string;
  email: string;
  password: string;
}

/** Where a sign-in comes from: its address, and whether it is this machine (see client-address.ts). */
export interface SignInClient {
  ip: string;
  isLoopback: boolean;
}

const WRONG = 'The workspace, e-mail or password is wrong.';

/** What signing in needs besides the database: the shared throttle (one per process, see app.ts). */
export interface SignInDeps extends Deps {
  signInLimiter: SignInLimiter;
}

type AttemptAudit = { workspaceId: string; email: string; userId: string | null; ip: string };

const auditAttempt = (deps: Deps, a: AttemptAudit, action: string, details: Record<string, unknown>) =>
  recordAudit(
    deps.db,
    a.workspaceId,
    { type: 'user', id: a.userId, label: a.email },
    action,
    { type: 'user', id: a.userId },
    { email: a.email, ip: a.ip, ...details },
  );

export async function signIn(
  deps: SignInDeps,
  input: SignInInput,
  client: SignInClient,
  ttlMs: number,
): Promise<StartedSession> {
  const slug = input.workspace.trim().toLowerCase();
  const email = input.email.trim().toLowerCase();
  const workspace = await findWorkspaceBySlug(deps.db, slug);
  const attempt = { workspaceId: workspace?.id ?? '', email, userId: null, ip: client.ip };

  // The demo's shared password is printed on the console and in the README: from another machine
  // it would let anyone in, so it only works on the machine the demo runs on.
  if (!client.isLoopback && input.password === DEMO_PASSWORD) {
    if (workspace) await auditAttempt(deps, attempt, 'session.refused', { reason: 'demo_password_remote' });
    throw new AppError(
      'demo_password_remote',
      'The demo password only works on the machine the demo runs on. Set a password of your own.',
    );
  }

  // Counted before the password is checked, so parallel guesses cannot all slip through at once.
  const account = `${slug}\n${email}`;
  const gate = await deps.signInLimiter.attempt(account, client.ip);
  if (!gate.ok) {
    throw new RateLimited(
      gate.scope === 'account'
        ? 'Too many failed sign-ins to this account; try again later.'
        : 'Too many failed sign-ins from this address; try again later.',
      gate.retryAfterSeconds,
    );
  }

  const found = workspace ? await findUserCredentials(deps.db, workspace.id, email) : null;
  const ok = await verifyPassword(found?.passwordHash ?? null, input.password);
  if (!workspace || !found || !ok || found.user.disabledAt) {
    const lockouts = await deps.signInLimiter.failed(account, client.ip);
    if (workspace) {
      const who = { ...attempt, userId: found?.user.id ?? null };
      const reason = !found ? 'unknown_email' : found.user.disabledAt ? 'deactivated' : 'wrong_password';
      await auditAttempt(deps, who, 'session.failed', { reason });
      for (const l of lockouts) {
        await auditAttempt(deps, who, 'session.locked_out', {
          scope: l.scope,
          seconds: l.retryAfterSeconds,
          ...(l.nth !== null ? { lockout: l.nth } : {}),
        });
      }
    } else if (lockouts.length) {
      deps.log.warn({ ip: client.ip, workspace: slug, lockouts }, 'sign-in lockout for an unknown workspace');
    }
    throw new AppError('unauthenticated', WRONG);
  }
  await deps.signInLimiter.succeeded(account, client.ip);
  return deps.db.transaction((tx) => startSession(tx, found.user, deps.clock(), ttlMs));
}

export interface StartedSession {
  token: string;
  principal: Principal & { kind: 'user' };
  expiresAt: Date;
}

/** A new session for a member who proved who they are (a password, an invitation), in the caller's transaction. */
export async function startSession(
  tx: Queryable,
  user: User,
  now: Date,
  ttlMs: number,
): Promise<StartedSession> {
  const token = randomToken();
  const csrfToken = randomToken(18);
  const expiresAt = new Date(now.getTime() + ttlMs);
  const session = await insertSession(tx, {
    workspaceId: user.workspaceId,
    userId: user.id,
    tokenHash: hashToken(token),
    csrfToken,
    expiresAt,
  });
  await recordAudit(
    tx,
    user.workspaceId,
    { type: 'user', id: user.id, label: user.email },
    'session.created',
    {
      type: 'user',
      id: user.id,
    },
  );
  return {
    token,
    expiresAt,
    principal: {
      kind: 'user',
      workspaceId: user.workspaceId,
      userId: user.id,
      role: user.role,
      label: user.email,
      sessionId: session.id,
      csrfToken,
    },
  };
}

export async function resolveSession(
  deps: Deps,
  token: string,
): Promise<(Principal & { kind: 'user' }) | null> {
  const session = await findLiveSession(deps.db, hashToken(token), deps.clock());
  if (!session) return null;
  const user = await getUser(deps.db, session.workspaceId, session.userId);
  if (!user || user.disabledAt) return null;
  return {
    kind: 'user',
    workspaceId: session.workspaceId,
    userId: user.id,
    role: user.role,
    label: user.email,
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

export async function signOut(deps: Deps, principal: Principal & { kind: 'user' }): Promise<void> {
  await deleteSession(deps.db, principal.workspaceId, principal.sessionId);
}
