import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, setPasswordHashCost, verifyPassword } from './credentials.js';

const TEST_COST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('password hashing', () => {
  afterEach(() => setPasswordHashCost(TEST_COST)); // the suite's cost (test/support/password-hash-cost.ts)

  it('makes argon2id hashes at the set cost, recorded in the hash', async () => {
    setPasswordHashCost({ memoryCost: 2048, timeCost: 2, parallelism: 1 });
    expect(await hashPassword('plum-orchard-lantern')).toMatch(/^\$argon2id\$v=19\$m=2048,p=1,t=2\$/);
  });

  it('verifies a hash whatever the cost now set, and refuses the wrong password or no hash', async () => {
    setPasswordHashCost({ memoryCost: 4096, timeCost: 2, parallelism: 2 });
    const hash = await hashPassword('plum-orchard-lantern');
    setPasswordHashCost(TEST_COST);
    expect(await verifyPassword(hash, 'plum-orchard-lantern')).toBe(true);
    expect(await verifyPassword(hash, 'plum-orchard-lanterns')).toBe(false);
    expect(await verifyPassword(null, 'plum-orchard-lantern')).toBe(false);
  });
});
