// Secrets: password hashing (argon2id), random tokens, and hashing of high-entropy tokens.
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id's cost parameters: memory in KiB, passes, lanes. */
export interface PasswordHashCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// The argon2 library's defaults (64 MiB, 3 passes, 4 lanes), above OWASP's minimum for argon2id.
// A hash records its own parameters, so verifying never depends on this setting.
let hashCost: PasswordHashCost = { memoryCost: 65536, timeCost: 3, parallelism: 4 };

/**
 * Changes the cost of hashes made from now on. Only the test suite calls it
 * (test/support/password-hash-cost.ts): it hashes and verifies passwords thousands of times, and the
 * strength of a test account's hash protects nothing.
 */
export function setPasswordHashCost(cost: PasswordHashCost): void {
  hashCost = cost;
}

export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, ...hashCost });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // Verify against a throwaway hash when there is none, so timing does not reveal unknown e-mails.
  const target = hash ?? (await dummyHash());
  const ok = await argon2.verify(target, password).catch(() => false);
  return hash !== null && ok;
}

let dummy: Promise<string> | null = null;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword(randomToken()));

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens and keys are random 256-bit values, so a fast hash is enough to keep them unusable at rest. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
