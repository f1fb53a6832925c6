// Sign-in throttling counters, in rate-limiter-flexible's own layout (src/store/sign-in-limits.ts).
import { bigint, integer, pgTable, varchar } from 'drizzle-orm/pg-core';

/**
 * Not per workspace, unlike every other table: an address is throttled across all workspaces, and
 * the keys are the library's (a prefix and a hash). `expire` is epoch milliseconds.
 */
export const signInLimits = pgTable('sign_in_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number' }),
});
