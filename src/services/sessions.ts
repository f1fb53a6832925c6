// Signing in and out of the web UI, and resolving a session cookie to a principal.
import { AppError } from '../domain/errors.js';
import { recordAudit } from '../store/audit-log.js';
import { deleteSession, findLiveSession, insertSession } from '../store/sessions.js';
import { findUserCredentials, getUser } from '../store/users.js';
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

// The demo's shared password is printed on the console and in the README: from another machine it
// would let anyone in, so it only works on the machine the demo runs on.
async function refuseRemoteDemoPassword(deps: Deps, input: SignInInput, client: SignInClient): Promise<void> {
  if (client.isLoopback || input.password !== DEMO_PASSWORD) return;
  const workspace = await findWorkspaceBySlug(deps.db, input.workspace.trim().toLowerCase());
  if (workspace) {
    await recordAudit(
      deps.db,
      workspace.id,
      { type: 'user', id: null, label: input.email.trim() },
      'session.refused',
      { type: 'user', id: null },
      { reason: 'demo_password_remote', email: input.email.trim(), ip: client.ip },
    );
  }
  throw new AppError(
    'demo_password_remote',
    'The demo password only works on the machine the demo runs on. Set a password of your own.',
  );
}

export async function signIn(
  deps: Deps,
  input: SignInInput,
  client: SignInClient,
  ttlMs: number,
): Promise<{ token: string; principal: Principal & { kind: 'user' }; expiresAt: Date }> {
  await refuseRemoteDemoPassword(deps, input, client);
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
