// Sign-in sessions for the web UI; the cookie carries a token whose hash is stored here.
import type { Queryable, Row } from './db.js';
import { rowReader } from './rows.js';
import { sessions } from './schema/index.js';

/** A sign-in session; the token's hash stays in the store. */
export type Session = Omit<typeof sessions.$inferSelect, 'tokenHash'>;

const sessionRow = rowReader(sessions);
const toSession = (r: Row): Session => {
  const { tokenHash: _hash, ...session } = sessionRow(r);
  return session;
};

export async function insertSession(
  q: Queryable,
  input: { workspaceId: string; userId: string; tokenHash: string; csrfToken: string; expiresAt: Date },
): Promise<Session> {
  const rows = await q.query(
    `insert into sessions (workspace_id, user_id, token_hash, csrf_token, expires_at)
     values ($1, $2, $3, $4, $5) returning *`,
    [input.workspaceId, input.userId, input.tokenHash, input.csrfToken, input.expiresAt],
  );
  return toSession(rows[0]!);
}

export async function findLiveSession(q: Queryable, tokenHash: string, now: Date): Promise<Session | null> {
  const rows = await q.query(`select * from sessions where token_hash = $1 and expires_at > $2`, [
    tokenHash,
    now,
  ]);
  return rows[0] ? toSession(rows[0]) : null;
}

export async function deleteSession(q: Queryable, workspaceId: string, id: string): Promise<void> {
  await q.query(`delete from sessions where workspace_id = $1 and id = $2`, [workspaceId, id]);
}

/** Ends a member's sessions, all of them or all but `exceptId`; returns how many ended. */
export async function deleteUserSessions(
  q: Queryable,
  workspaceId: string,
  userId: string,
  exceptId: string | null,
): Promise<number> {
  const rows = await q.query<{ id: string }>(
    `delete from sessions where workspace_id = $1 and user_id = $2 and ($3::uuid is null or id <> $3::uuid)
     returning id`,
    [workspaceId, userId, exceptId],
  );
  return rows.length;
}
