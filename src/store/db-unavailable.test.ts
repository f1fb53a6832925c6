import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises the ways a connection fails or a server goes away', () => {
    for (const err of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006', 'connection failure'),
      withCode('08001'),
      withCode('53300', 'sorry, too many clients already'),
      new Error('PGlite is closed'),
      new Error('Cannot use a pool after calling end on the pool'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(isDatabaseUnavailable(err), err.message).toBe(true);
    }
  });

  it('leaves query errors, bugs and other services’ network failures alone', () => {
    for (const err of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "nope" does not exist'),
      withCode('40001', 'could not serialize access'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      // fetch() to a webhook endpoint that refuses: the cause is not the database's.
      new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }),
      'ECONNREFUSED',
      null,
    ]) {
      expect(isDatabaseUnavailable(err)).toBe(false);
    }
  });
});
