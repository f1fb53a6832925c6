import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_THROTTLE as policy, lockoutSeconds } from './sign-in-throttle.js';

describe('account lockouts', () => {
  it('start at a minute and double each time, up to a day', () => {
    expect([1, 2, 3, 4].map((n) => lockoutSeconds(n, policy))).toEqual([60, 120, 240, 480]);
    expect(lockoutSeconds(12, policy)).toBe(24 * 3600);
  });

  it('never shrink and never exceed the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const s = lockoutSeconds(n, policy);
        expect(s).toBeLessThanOrEqual(policy.lockoutMaxSeconds);
        expect(lockoutSeconds(n + 1, policy)).toBeGreaterThanOrEqual(s);
      }),
    );
  });
});
