// Sign-in sessions for the web UI; the cookie carries a token whose hash is stored here.
import type { Queryable } from './db.js';

export interface Session {
  workspaceId: string;
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date;
}

interface SessionRow {
  workspace_id: string;
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: Date;
}

const toSession = (r: SessionRow): Session => ({
  workspaceId: r.workspace_id,
  id: r.id,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  expiresAt: r.expires_at,
});

export async function insertSession(
  q: Queryable,
  input: { workspaceId: string; userId: string; tokenHash: string; csrfToken: string; expiresAt: Date },
): Promise<Session> {
  const rows = await q.query<SessionRow>(
    `insert into sessions (workspace_id, user_id, token_hash, csrf_token, expires_at)
     values ($1, $2, $3, $4, $5) returning *`,
    [input.workspaceId, input.userId, input.tokenHash, input.csrfToken, input.expiresAt],
  );
  return toSession(rows[0]!);
}

export async function findLiveSession(q: Queryable, tokenHash: string, now: Date): Promise<Session | null> {
  const rows = await q.query<SessionRow>(`select * from sessions where token_hash = $1 and expires_at > $2`, [
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
