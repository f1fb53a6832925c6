// The rules for members, invitations and reset links: pure, time passed in.
import { IANAZone } from 'luxon';
import { AppError, type FieldError } from './errors.js';
import type { Role } from './roles.js';

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** A reset link a person asked for by e-mail works for an hour… */
export const SELF_RESET_TTL_MS = 3600_000;
/** …one an admin issued and hands over works for a day. */
export const ADMIN_RESET_TTL_MS = 24 * 3600_000;

/** The stages in which a lead is someone's open work (the hand-off counts the same). */
export const OPEN_LEAD_STAGES = ['mql', 'pql', 'sal'] as const;

export type LinkState = 'valid' | 'expired' | 'used' | 'revoked';

/** Whether a link can still be used now: used and revoked win over expired, so the reason is the real one. */
export function linkState(
  link: { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null },
  now: Date,
): LinkState {
  if (link.usedAt) return 'used';
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

export const isTimeZone = (tz: string): boolean => IANAZone.isValidZone(tz);

export interface MemberChange {
  role?: Role;
  disabled?: boolean;
}

/**
 * A workspace always keeps an active admin: demoting or deactivating the last one is refused,
 * naming the field (`role` or `disabled`); null when the change leaves an admin.
 */
export function lastAdminProblem(
  activeAdminIds: readonly string[],
  target: { id: string; role: Role; disabled: boolean },
  change: MemberChange,
): FieldError | null {
  const isActiveAdmin = target.role === 'admin' && !target.disabled;
  if (!isActiveAdmin || activeAdminIds.some((id) => id !== target.id)) return null;
  if (change.disabled === true)
    return {
      field: 'disabled',
      message: 'is the last active admin of this workspace; make another admin first',
    };
  if (change.role !== undefined && change.role !== 'admin')
    return { field: 'role', message: 'is the last active admin of this workspace; make another admin first' };
  return null;
}

/** The page a link opens: `<base>/invite/<token>` or `<base>/reset-password/<token>`. */
export function memberLink(baseUrl: string, page: 'invite' | 'reset-password', token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${page}/${token}`;
}

/** Refuses a link that cannot be used now, with a code saying why (410 link_expired, link_used, link_revoked). */
export function assertUsableLink(what: 'invitation' | 'reset link', state: LinkState): void {
  const field = { field: 'token', message: '' };
  switch (state) {
    case 'valid':
      return;
    case 'expired':
      throw new AppError('link_expired', `This ${what} has expired; ask for a new one.`, [
        { ...field, message: 'has expired' },
      ]);
    case 'used':
      throw new AppError('link_used', `This ${what} was already used.`, [
        { ...field, message: 'was already used' },
      ]);
    case 'revoked':
      throw new AppError('link_revoked', `This ${what} was revoked; ask for a new one.`, [
        { ...field, message: 'was revoked' },
      ]);
  }
}
