import { describe, expect, it } from 'vitest';
import { memberIdsIn, withMemberNames } from './member-names.js';

const ANA = { id: '94cdf37a-1b2c-4d5e-8f90-123456789abc', name: 'Ana Lima' };
const BO = { id: '0f0e0d0c-0b0a-4909-8807-060504030201', name: 'Bo Chen' };

describe('member names in text', () => {
  it('finds the ids a text mentions, once each', () => {
    expect(memberIdsIn([`escalated from rep ${ANA.id}: round robin picked ${BO.id}`, null, ANA.id])).toEqual([
      ANA.id,
      BO.id,
    ]);
  });

  it('replaces every known id by the name and leaves unknown ids', () => {
    const unknown = '11111111-2222-4333-8444-555555555555';
    expect(withMemberNames(`escalated from rep ${ANA.id} to ${BO.id}; ${unknown}`, [ANA, BO])).toBe(
      `escalated from rep Ana Lima to Bo Chen; ${unknown}`,
    );
  });
});
