// Password-reset links: single-use, expiring; only the sha256 of the link's token is stored.
import type { Queryable } from './db.js';

export type ResetIssuer = 'self' | 'admin';

export interface PasswordReset {
  workspaceId: string;
  id: string;
  userId: string;
  issuedBy: ResetIssuer;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface ResetRow {
  workspace_id: string;
  id: string;
  user_id: string;
  issued_by: ResetIssuer;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const toReset = (r: ResetRow): PasswordReset => ({
  workspaceId: r.workspace_id,
  id: r.id,
  userId: r.user_id,
  issuedBy: r.issued_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
});

/**
 * A new link for the member; the member's earlier links that were not used stop working (only the
 * newest link works), in the same statement.
 */
export async function insertPasswordReset(
  q: Queryable,
  input: {
    workspaceId: string;
    userId: string;
    tokenHash: string;
    issuedBy: ResetIssuer;
    now: Date;
    expiresAt: Date;
  },
): Promise<PasswordReset> {
  const rows = await q.query<ResetRow>(
    `with revoked as (
       update password_resets set revoked_at = $5
        where workspace_id = $1 and user_id = $2 and used_at is null and revoked_at is null)
     insert into password_resets (workspace_id, user_id, token_hash, issued_by, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6) returning *`,
    [input.workspaceId, input.userId, input.tokenHash, input.issuedBy, input.now, input.expiresAt],
  );
  return toReset(rows[0]!);
}

/** Every unused link of the member stops working (deactivation, a password set another way). */
export async function revokePasswordResets(
  q: Queryable,
  workspaceId: string,
  userId: string,
  now: Date,
): Promise<number> {
  const rows = await q.query(
    `update password_resets set revoked_at = $3
      where workspace_id = $1 and user_id = $2 and used_at is null and revoked_at is null returning id`,
    [workspaceId, userId, now],
  );
  return rows.length;
}

export async function lockPasswordResetByToken(
  q: Queryable,
  tokenHash: string,
): Promise<PasswordReset | null> {
  const rows = await q.query<ResetRow>(`select * from password_resets where token_hash = $1 for update`, [
    tokenHash,
  ]);
  return rows[0] ? toReset(rows[0]) : null;
}

export async function findPasswordResetByToken(
  q: Queryable,
  tokenHash: string,
): Promise<PasswordReset | null> {
  const rows = await q.query<ResetRow>(`select * from password_resets where token_hash = $1`, [tokenHash]);
  return rows[0] ? toReset(rows[0]) : null;
}

export async function markPasswordResetUsed(
  q: Queryable,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<void> {
  await q.query(`update password_resets set used_at = $3 where workspace_id = $1 and id = $2`, [
    workspaceId,
    id,
    now,
  ]);
}
