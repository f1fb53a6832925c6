// Sign-in throttling counters (rate-limiter-flexible): in the sign_in_limits table on PostgreSQL, so
// every node sees the same counts, and in memory on the embedded database (one process).
import { createHash } from 'node:crypto';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { type SignInThrottlePolicy, lockoutSeconds } from '../domain/sign-in-throttle.js';
import type { Db } from './db.js';

export type SignInGate =
  { ok: true } | { ok: false; scope: 'account' | 'address'; retryAfterSeconds: number };

export interface SignInLockout {
  scope: 'account' | 'address';
  retryAfterSeconds: number;
  /** For an account: its how-manieth lockout within the policy's memory. */
  nth: number | null;
}

export interface SignInLimiter {
  /** Counts an attempt against the account and the address before the password is checked. */
  attempt(account: string, address: string): Promise<SignInGate>;
  /** The attempt failed; returns the lockouts it started (none, account, address or both). */
  failed(account: string, address: string): Promise<SignInLockout[]>;
  /**
   * The attempt succeeded: the account's consecutive failures start over, and the address gets back
   * only the point this attempt took, so failures before it still count.
   */
  succeeded(account: string, address: string): Promise<void>;
}

const TABLE = 'sign_in_limits';

// Keys are hashed: the table holds no e-mail address, and every key fits the column.
const accountKey = (account: string): string => createHash('sha256').update(account).digest('hex');

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function createSignInLimiter(db: Db, policy: SignInThrottlePolicy): SignInLimiter {
  const make = (opts: {
    keyPrefix: string;
    points: number;
    duration: number;
    blockDuration?: number;
    clearExpired?: boolean;
  }): RateLimiterAbstract => {
    const { clearExpired = false, ...rest } = opts;
    return db.kind === 'postgres' && db.pool
      ? new RateLimiterPostgres({
          ...rest,
          storeClient: db.pool,
          storeType: 'pool',
          tableName: TABLE,
          // Created by our migration (0005_sign_in_limits), not by the library at start-up.
          tableCreated: true,
          clearExpiredByTimeout: clearExpired,
        })
      : new RateLimiterMemory(rest);
  };
  const accounts = make({
    keyPrefix: 'account',
    points: policy.accountFailures,
    duration: policy.accountWindowSeconds,
  });
  const lockouts = make({ keyPrefix: 'lockouts', points: 1_000_000, duration: policy.lockoutMemorySeconds });
  const addresses = make({
    keyPrefix: 'address',
    points: policy.addressFailures,
    duration: policy.addressWindowSeconds,
    blockDuration: policy.addressBlockSeconds,
    // One limiter clears expired rows of the whole table.
    clearExpired: true,
  });

  // consume() rejects with a RateLimiterRes when over the limit, and with an Error when the store fails.
  const refused = (err: unknown): RateLimiterRes | null => {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  };

  return {
    async attempt(account, address) {
      const key = accountKey(account);
      try {
        await accounts.consume(key);
      } catch (err) {
        const res = refused(err)!;
        return { ok: false, scope: 'account', retryAfterSeconds: seconds(res.msBeforeNext) };
      }
      try {
        await addresses.consume(address);
      } catch (err) {
        const res = refused(err)!;
        await accounts.reward(key, 1); // not this account's failure
        return { ok: false, scope: 'address', retryAfterSeconds: seconds(res.msBeforeNext) };
      }
      return { ok: true };
    },

    async failed(account, address) {
      const key = accountKey(account);
      const out: SignInLockout[] = [];
      const fails = await accounts.get(key);
      if (fails && fails.consumedPoints >= policy.accountFailures) {
        const nth = (await lockouts.penalty(key, 1)).consumedPoints;
        const lockFor = lockoutSeconds(nth, policy);
        await accounts.block(key, lockFor);
        out.push({ scope: 'account', retryAfterSeconds: lockFor, nth });
      }
      const fromAddress = await addresses.get(address);
      if (fromAddress && fromAddress.consumedPoints === policy.addressFailures) {
        out.push({ scope: 'address', retryAfterSeconds: policy.addressBlockSeconds, nth: null });
      }
      return out;
    },

    async succeeded(account, address) {
      await accounts.delete(accountKey(account));
      await addresses.reward(address, 1);
    },
  };
}
