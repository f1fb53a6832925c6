// Creating workspaces (with their first admin and write key) and members.
import type { Agreement } from '../domain/agreement.js';
import type { Role } from '../domain/roles.js';
import { AppError } from '../domain/errors.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { type User, insertUser, isEmailTaken, listUsers } from '../store/users.js';
import { type Workspace, findWorkspaceBySlug, insertWorkspace } from '../store/workspaces.js';
import { installFirstAgreement } from './agreements.js';
import { createApiKey } from './api-keys.js';
import type { Deps } from './deps.js';
import { hashPassword } from './credentials.js';
import { assertAcceptablePassword } from './members.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  /** Chosen by a person, so it must pass the password rule (src/domain/password-policy.ts). */
  password: string | null;
  /**
   * An already hashed password (imports, tests, the demo's shared one); `password` wins when both
   * are given. It bypasses the password rule: whoever passes a hash has chosen it in code.
   */
  passwordHash?: string;
  timeZone?: string;
}

export async function addUser(
  tx: Queryable,
  actor: AuditActor,
  workspaceId: string,
  input: NewUser,
): Promise<User> {
  if (input.password !== null) assertAcceptablePassword(input.password, [input.email, input.name]);
  if (await isEmailTaken(tx, workspaceId, input.email)) {
    throw new AppError('conflict', `A member with e-mail ${input.email} already exists in this workspace.`, [
      { field: 'email', message: 'already a member of this workspace' },
    ]);
  }
  const user = await insertUser(tx, {
    workspaceId,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: input.password !== null ? await hashPassword(input.password) : (input.passwordHash ?? null),
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

export const members = (deps: Deps, workspaceId: string): Promise<User[]> => listUsers(deps.db, workspaceId);

export interface NewWorkspace {
  slug: string;
  name: string;
  timeZone: string;
  admin: NewUser;
  /** Version 1 of its agreement (default: the agreement Tandem ships with). */
  agreement?: { document: Agreement; note: string };
  /** Initial settings (business hours, …). */
  settings?: Record<string, unknown>;
  /**
   * When it came into being, if not now: the demo's history starts a year back, and its agreement
   * (activated at the clock's now) and the workspace itself are in force from then.
   */
  createdAt?: Date;
}

export interface CreatedWorkspace {
  workspace: Workspace;
  admin: User;
  writeKey: string;
}

/** A workspace with its first admin and its public write key, all or nothing. */
export async function createWorkspace(
  deps: Deps,
  actor: AuditActor,
  input: NewWorkspace,
): Promise<CreatedWorkspace> {
  return deps.db.transaction((tx) => createWorkspaceIn(tx, deps.clock(), actor, input));
}

/** The same inside the caller's transaction (the first-run set-up adds its own checks around it). */
export async function createWorkspaceIn(
  tx: Queryable,
  now: Date,
  actor: AuditActor,
  input: NewWorkspace,
): Promise<CreatedWorkspace> {
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
  await installFirstAgreement(tx, workspace.id, actor, now, input.agreement);
  const admin = await addUser(tx, actor, workspace.id, input.admin);
  const { secret } = await createApiKey(tx, actor, {
    workspaceId: workspace.id,
    type: 'write',
    role: null,
    name: 'Default write key',
  });
  return { workspace, admin, writeKey: secret };
}
