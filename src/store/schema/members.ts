// Invitations and password-reset links: signed links that expire, of which only a hash is stored.
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ts, createdAt, workspaceId, randomId, workspaceKey } from './columns.js';

/** An admin invites a person by e-mail with a role; the link (token) is sent or copied, never stored. */
export const invitations = pgTable(
  'invitations',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    /** sha256 of the link's random token; a resend replaces it (and the old link stops working). */
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by'),
    invitedByLabel: text('invited_by_label').notNull(),
    createdAt: createdAt(),
    sentAt: ts('sent_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    acceptedUserId: uuid('accepted_user_id'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    workspaceKey(t),
    index('invitations_token_hash_idx').on(t.tokenHash),
    // One open invitation per address: a second one is a resend.
    uniqueIndex('invitations_open_email_key')
      .on(t.workspaceId, t.email)
      .where(sql`accepted_at is null and revoked_at is null`),
  ],
);

/** A single-use link that sets a member's password: asked for by the member (e-mail) or issued by an admin. */
export const passwordResets = pgTable(
  'password_resets',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** 'self' (forgot password) or 'admin' (issued from the Members page). */
    issuedBy: text('issued_by').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    /** Set when a newer link for the same member replaced this one, or the member was deactivated. */
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    workspaceKey(t),
    index('password_resets_token_hash_idx').on(t.tokenHash),
    index('password_resets_user_idx').on(t.workspaceId, t.userId),
  ],
);
