// Invitations to join a workspace. The link's token is never stored, only its sha256.
import type { Role } from '../domain/roles.js';
import type { Queryable } from './db.js';
import { conflictOn } from './unique-violation.js';

export interface Invitation {
  workspaceId: string;
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  invitedByLabel: string;
  createdAt: Date;
  sentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedUserId: string | null;
  revokedAt: Date | null;
}

interface InvitationRow {
  workspace_id: string;
  id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  invited_by_label: string;
  created_at: Date;
  sent_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
}

const toInvitation = (r: InvitationRow): Invitation => ({
  workspaceId: r.workspace_id,
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  invitedByLabel: r.invited_by_label,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  acceptedUserId: r.accepted_user_id,
  revokedAt: r.revoked_at,
});

const openConflict = conflictOn('open invitation', { invitations_open_email_key: 'email' });

export async function insertInvitation(
  q: Queryable,
  input: {
    workspaceId: string;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string | null;
    invitedByLabel: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<Invitation> {
  const rows = await q
    .query<InvitationRow>(
      `insert into invitations (workspace_id, email, role, token_hash, invited_by, invited_by_label,
                                created_at, sent_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $7, $8) returning *`,
      [
        input.workspaceId,
        input.email.toLowerCase(),
        input.role,
        input.tokenHash,
        input.invitedBy,
        input.invitedByLabel,
        input.now,
        input.expiresAt,
      ],
    )
    .catch(openConflict);
  return toInvitation(rows[0]!);
}

/** The open (neither accepted nor revoked) invitation to this address, locked, if any. */
export async function lockOpenInvitationByEmail(
  q: Queryable,
  workspaceId: string,
  email: string,
): Promise<Invitation | null> {
  const rows = await q.query<InvitationRow>(
    `select * from invitations where workspace_id = $1 and email = $2
        and accepted_at is null and revoked_at is null for update`,
    [workspaceId, email.toLowerCase()],
  );
  return rows[0] ? toInvitation(rows[0]) : null;
}

export async function lockInvitation(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<Invitation | null> {
  const rows = await q.query<InvitationRow>(
    `select * from invitations where workspace_id = $1 and id = $2 for update`,
    [workspaceId, id],
  );
  return rows[0] ? toInvitation(rows[0]) : null;
}

/** The invitation a link's token belongs to, in any workspace, locked (the token hash finds it). */
export async function lockInvitationByToken(q: Queryable, tokenHash: string): Promise<Invitation | null> {
  const rows = await q.query<InvitationRow>(`select * from invitations where token_hash = $1 for update`, [
    tokenHash,
  ]);
  return rows[0] ? toInvitation(rows[0]) : null;
}

export async function findInvitationByToken(q: Queryable, tokenHash: string): Promise<Invitation | null> {
  const rows = await q.query<InvitationRow>(`select * from invitations where token_hash = $1`, [tokenHash]);
  return rows[0] ? toInvitation(rows[0]) : null;
}

/** Invitations not yet accepted or revoked (expired ones too: they can be resent), newest first. */
export async function listOpenInvitations(q: Queryable, workspaceId: string): Promise<Invitation[]> {
  const rows = await q.query<InvitationRow>(
    `select * from invitations where workspace_id = $1 and accepted_at is null and revoked_at is null
      order by created_at desc, id`,
    [workspaceId],
  );
  return rows.map(toInvitation);
}

/** A new link for the invitation: the old token stops working, the expiry starts over. */
export async function renewInvitation(
  q: Queryable,
  workspaceId: string,
  id: string,
  input: { tokenHash: string; now: Date; expiresAt: Date },
): Promise<Invitation> {
  const rows = await q.query<InvitationRow>(
    `update invitations set token_hash = $3, sent_at = $4, expires_at = $5
      where workspace_id = $1 and id = $2 returning *`,
    [workspaceId, id, input.tokenHash, input.now, input.expiresAt],
  );
  return toInvitation(rows[0]!);
}

export async function revokeInvitationRow(
  q: Queryable,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<Invitation> {
  const rows = await q.query<InvitationRow>(
    `update invitations set revoked_at = $3 where workspace_id = $1 and id = $2 returning *`,
    [workspaceId, id, now],
  );
  return toInvitation(rows[0]!);
}

export async function markInvitationAccepted(
  q: Queryable,
  workspaceId: string,
  id: string,
  input: { userId: string; now: Date },
): Promise<void> {
  await q.query(
    `update invitations set accepted_at = $3, accepted_user_id = $4 where workspace_id = $1 and id = $2`,
    [workspaceId, id, input.now, input.userId],
  );
}
