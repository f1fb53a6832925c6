// How hard sign-in pushes back on guessing: consecutive failures per account lock it for a time that
// doubles with each lockout; each client address has a larger budget of failures per window.

export interface SignInThrottlePolicy {
  /** Consecutive failed sign-ins to one account that lock it. */
  accountFailures: number;
  /** How long an account's failures count without a success in between. */
  accountWindowSeconds: number;
  /** The first lockout; each further one doubles, up to `lockoutMaxSeconds`. */
  lockoutBaseSeconds: number;
  lockoutMaxSeconds: number;
  /** How long past lockouts make the next one longer. */
  lockoutMemorySeconds: number;
  /** Failed sign-ins from one client address per window… */
  addressFailures: number;
  addressWindowSeconds: number;
  /** …after which that address may not try again for this long. */
  addressBlockSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottlePolicy = {
  accountFailures: 5,
  accountWindowSeconds: 24 * 3600,
  lockoutBaseSeconds: 60,
  lockoutMaxSeconds: 24 * 3600,
  lockoutMemorySeconds: 24 * 3600,
  addressFailures: 100,
  addressWindowSeconds: 3600,
  addressBlockSeconds: 3600,
};

/** The length of an account's `nth` lockout (1-based) within the policy's memory. */
export function lockoutSeconds(nth: number, policy: SignInThrottlePolicy): number {
  const doublings = Math.max(0, Math.min(nth - 1, 30));
  return Math.min(policy.lockoutBaseSeconds * 2 ** doublings, policy.lockoutMaxSeconds);
}
