// Which errors mean "the database cannot be reached right now" (retry later) rather than a bug.
// Both drivers report some of these only in their message, so the messages are matched here, once.

// Node's socket errors on the way to the server.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// PostgreSQL SQLSTATEs: class 08 is "connection exception"; 57P01–57P03 are shutdowns and start-ups;
// 53300 is "too many connections".
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// node-postgres (pool and client) and PGlite, when the connection is gone, closed or never came.
const MESSAGES = [
  /^PGlite is closed/,
  /^Cannot use a pool after calling end on the pool/,
  /^timeout exceeded when trying to connect/,
  /^Connection terminated/,
  /^Client was closed and is not queryable/,
  /^Client has encountered a connection error and is not queryable/,
];

/**
 * True when `err` says the database is unreachable, shut down or closed. Wrapped causes are not
 * followed: fetch() wraps a webhook endpoint's ECONNREFUSED, and that is not the database's.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return MESSAGES.some((m) => m.test(err.message));
}
