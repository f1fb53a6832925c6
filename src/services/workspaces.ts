// Creating workspaces (with their first admin and write key) and members.
import type { Agreement } from '../domain/agreement.js';
import type { Role } from '../domain/roles.js';
import { AppError } from '../domain/errors.js';
import { type Actor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { type User, insertUser, listUsers, updateUser } from '../store/users.js';
import { type Workspace, findWorkspaceBySlug, insertWorkspace } from '../store/workspaces.js';
import { installFirstAgreement } from './agreements.js';
import { createApiKey } from './api-keys.js';
import type { Deps } from './deps.js';
import { hashPassword } from './credentials.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string | null;
  /** An already hashed password (imports, tests); `password` wins when both are given. */
  passwordHash?: string;
  timeZone?: string;
}

export async function addUser(
  tx: Queryable,
  actor: Actor,
  workspaceId: string,
  input: NewUser,
): Promise<User> {
  const existing = await tx.query(`select 1 from users where workspace_id = $1 and email = $2`, [
    workspaceId,
    input.email.toLowerCase(),
  ]);
  if (existing.length > 0) {
    throw new AppError('conflict', `A member with e-mail ${input.email} already exists in this workspace.`, [
      { field: 'email', message: 'already a member of this workspace' },
    ]);
  }
  const user = await insertUser(tx, {
    workspaceId,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: input.password ? await hashPassword(input.password) : (input.passwordHash ?? null),
    timeZone: input.timeZone ?? 'UTC',
  });
  await recordAudit(
    tx,
    workspaceId,
    actor,
    'user.created',
    { type: 'user', id: user.id },
    {
      email: user.email,
      role: user.role,
    },
  );
  return user;
}

export async function changeUser(
  deps: Deps,
  actor: Actor,
  workspaceId: string,
  userId: string,
  patch: { name?: string; role?: Role; timeZone?: string; password?: string; disabled?: boolean },
): Promise<User | null> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  return deps.db.transaction(async (tx) => {
    const { password: _password, ...rest } = patch;
    const user = await updateUser(tx, workspaceId, userId, {
      ...rest,
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (user) {
      await recordAudit(
        tx,
        workspaceId,
        actor,
        'user.updated',
        { type: 'user', id: userId },
        {
          ...rest,
          ...(passwordHash ? { password: 'changed' } : {}),
        },
      );
    }
    return user;
  });
}

export const members = (deps: Deps, workspaceId: string): Promise<User[]> => listUsers(deps.db, workspaceId);

export interface NewWorkspace {
  slug: string;
  name: string;
  timeZone: string;
  admin: NewUser;
  /** Version 1 of its agreement (default: the agreement Tandem ships with). */
  agreement?: { document: Agreement; note: string };
}

/** A workspace with its first admin and its public write key, all or nothing. */
export async function createWorkspace(
  deps: Deps,
  actor: Actor,
  input: NewWorkspace,
): Promise<{ workspace: Workspace; admin: User; writeKey: string }> {
  return deps.db.transaction(async (tx) => {
    if (await findWorkspaceBySlug(tx, input.slug)) {
      throw new AppError('conflict', `A workspace with slug ${input.slug} already exists.`, [
        { field: 'slug', message: 'already taken' },
      ]);
    }
    const workspace = await insertWorkspace(tx, input);
    await recordAudit(
      tx,
      workspace.id,
      actor,
      'workspace.created',
      { type: 'workspace', id: workspace.id },
      {
        slug: workspace.slug,
      },
    );
    await installFirstAgreement(tx, workspace.id, actor, deps.clock(), input.agreement);
    const admin = await addUser(tx, actor, workspace.id, input.admin);
    const { secret } = await createApiKey(tx, actor, {
      workspaceId: workspace.id,
      type: 'write',
      role: null,
      name: 'Default write key',
    });
    return { workspace, admin, writeKey: secret };
  });
}
