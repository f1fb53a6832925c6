import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { assertUsableLink, lastAdminProblem, linkState, memberLink } from './members.js';

const now = new Date('2026-11-23T10:00:00Z');
const later = new Date('2026-11-24T10:00:00Z');

describe('linkState', () => {
  it('is valid before its expiry, expired at it; used and revoked say so even when expired', () => {
    expect(linkState({ expiresAt: later, usedAt: null, revokedAt: null }, now)).toBe('valid');
    expect(linkState({ expiresAt: now, usedAt: null, revokedAt: null }, now)).toBe('expired');
    expect(linkState({ expiresAt: now, usedAt: now, revokedAt: null }, later)).toBe('used');
    expect(linkState({ expiresAt: now, usedAt: null, revokedAt: now }, later)).toBe('revoked');
  });

  it('refuses each unusable state with its own code, naming token', () => {
    for (const [state, code] of [
      ['expired', 'link_expired'],
      ['used', 'link_used'],
      ['revoked', 'link_revoked'],
    ] as const) {
      let thrown: unknown;
      try {
        assertUsableLink('invitation', state);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe(code);
      expect((thrown as AppError).errors[0]?.field).toBe('token');
    }
    expect(() => assertUsableLink('invitation', 'valid')).not.toThrow();
  });
});

describe('lastAdminProblem', () => {
  const admin = { id: 'a', role: 'admin' as const, disabled: false };
  it('refuses demoting or deactivating the only active admin, naming the field', () => {
    expect(lastAdminProblem(['a'], admin, { role: 'marketing' })?.field).toBe('role');
    expect(lastAdminProblem(['a'], admin, { disabled: true })?.field).toBe('disabled');
    expect(lastAdminProblem(['a'], admin, { role: 'admin', disabled: false })).toBeNull();
  });
  it('allows it while another admin is active, and for members who are not admins', () => {
    expect(lastAdminProblem(['a', 'b'], admin, { disabled: true })).toBeNull();
    expect(
      lastAdminProblem(['a'], { id: 'r', role: 'sales_rep', disabled: false }, { disabled: true }),
    ).toBeNull();
  });
});

it('memberLink joins the base and the page without a double slash', () => {
  expect(memberLink('https://tandem.example.com/', 'invite', 'tok')).toBe(
    'https://tandem.example.com/invite/tok',
  );
});
