// Signing in and out of the web UI, and resolving a session cookie to a principal.
import { AppError } from '../domain/errors.js';
import { recordAudit } from '../store/audit-log.js';
import { deleteSession, findLiveSession, insertSession } from '../store/sessions.js';
import { findUserCredentials, getUser } from '../store/users.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import type { Deps } from './deps.js';
import { hashToken, randomToken, verifyPassword } from './credentials.js';
import type { Principal } from './principal.js';

export interface SignInInput {
  workspace: string;
  email: string;
  password: string;
}

const WRONG = 'The workspace, e-mail or password is wrong.';

export async function signIn(
  deps: Deps,
  input: SignInInput,
  ttlMs: number,
): Promise<{ token: string; principal: Principal & { kind: 'user' }; expiresAt: Date }> {
  const workspace = await findWorkspaceBySlug(deps.db, input.workspace.trim().toLowerCase());
  const found = workspace ? await findUserCredentials(deps.db, workspace.id, input.email.trim()) : null;
  const ok = await verifyPassword(found?.passwordHash ?? null, input.password);
  if (!workspace || !found || !ok || found.user.disabledAt) {
    throw new AppError('unauthenticated', WRONG);
  }
  const token = randomToken();
  const csrfToken = randomToken(18);
  const expiresAt = new Date(deps.clock().getTime() + ttlMs);
  const user = found.user;
  const session = await deps.db.transaction(async (tx) => {
    const s = await insertSession(tx, {
      workspaceId: workspace.id,
      userId: user.id,
      tokenHash: hashToken(token),
      csrfToken,
      expiresAt,
    });
    await recordAudit(tx, workspace.id, { type: 'user', id: user.id, label: user.email }, 'session.created', {
      type: 'user',
      id: user.id,
    });
    return s;
  });
  return {
    token,
    expiresAt,
    principal: {
      kind: 'user',
      workspaceId: workspace.id,
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
