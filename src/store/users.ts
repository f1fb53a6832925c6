// Workspace members: people who sign in, each with one role in their workspace.
import type { Role } from '../domain/roles.js';
import type { Queryable, Row } from './db.js';
import { rowReader } from './rows.js';
import { users } from './schema/index.js';

/** A member of a workspace; the password hash stays in the store. */
export type User = Omit<typeof users.$inferSelect, 'passwordHash'>;

const userRow = rowReader(users);
const toUser = (r: Row): User => {
  const { passwordHash: _hash, ...user } = userRow(r);
  return user;
};

export async function insertUser(
  q: Queryable,
  input: {
    workspaceId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string | null;
    timeZone: string;
  },
): Promise<User> {
  const rows = await q.query(
    `insert into users (workspace_id, email, name, role, password_hash, time_zone)
     values ($1, $2, $3, $4, $5, $6) returning *`,
    [
      input.workspaceId,
      input.email.toLowerCase(),
      input.name,
      input.role,
      input.passwordHash,
      input.timeZone,
    ],
  );
  return toUser(rows[0]!);
}

export async function findUserCredentials(
  q: Queryable,
  workspaceId: string,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | null> {
  const rows = await q.query(`select * from users where workspace_id = $1 and email = $2`, [
    workspaceId,
    email.toLowerCase(),
  ]);
  const r = rows[0];
  return r ? { user: toUser(r), passwordHash: userRow(r).passwordHash } : null;
}

export async function getUser(q: Queryable, workspaceId: string, id: string): Promise<User | null> {
  const rows = await q.query(`select * from users where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function listUsers(q: Queryable, workspaceId: string): Promise<User[]> {
  const rows = await q.query(`select * from users where workspace_id = $1 order by name, id`, [workspaceId]);
  return rows.map(toUser);
}

export async function updateUser(
  q: Queryable,
  workspaceId: string,
  id: string,
  patch: { name?: string; role?: Role; timeZone?: string; passwordHash?: string; disabled?: boolean },
): Promise<User | null> {
  const rows = await q.query(
    `update users set
       name = coalesce($3, name),
       role = coalesce($4, role),
       time_zone = coalesce($5, time_zone),
       password_hash = coalesce($6, password_hash),
       disabled_at = case when $7::boolean is null then disabled_at
                          when $7::boolean then coalesce(disabled_at, now()) else null end
     where workspace_id = $1 and id = $2 returning *`,
    [
      workspaceId,
      id,
      patch.name ?? null,
      patch.role ?? null,
      patch.timeZone ?? null,
      patch.passwordHash ?? null,
      patch.disabled ?? null,
    ],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** Whether a member of the workspace already has this e-mail (compared lower-cased). */
export async function isEmailTaken(q: Queryable, workspaceId: string, email: string): Promise<boolean> {
  const rows = await q.query(`select 1 from users where workspace_id = $1 and email = $2`, [
    workspaceId,
    email.toLowerCase(),
  ]);
  return rows.length > 0;
}

export async function userIds(q: Queryable, workspaceId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(`select id from users where workspace_id = $1`, [workspaceId]);
  return rows.map((r) => r.id);
}

/** Names of the workspace's users among `ids` (unknown ids are left out). */
export async function userNames(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  return q.query<{ id: string; name: string }>(
    `select id, name from users where workspace_id = $1 and id = any($2::uuid[])`,
    [workspaceId, ids],
  );
}

/** Locks the member's row (a change to them waits for another one under way). */
export async function lockUser(q: Queryable, workspaceId: string, id: string): Promise<User | null> {
  const rows = await q.query(`select * from users where workspace_id = $1 and id = $2 for update`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? toUser(rows[0]) : null;
}

/**
 * Locks the workspace's active admins (in id order) and returns their ids: two admins removing each
 * other at once cannot both see the other as the one left.
 */
export async function lockActiveAdmins(q: Queryable, workspaceId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from users where workspace_id = $1 and role = 'admin' and disabled_at is null
      order by id for update`,
    [workspaceId],
  );
  return rows.map((r) => r.id);
}
