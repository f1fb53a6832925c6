// Opaque keyset-pagination cursors: (sort value, id) of the last row of a page.
import { invalid } from '../domain/errors.js';
import { unsafeTextProblem } from '../domain/text-safety.js';

export interface Cursor {
  at: string;
  id: string;
}

/**
 * What a list's keyset casts its cursor to: `at` to timestamptz, `id` to uuid, bigint or text.
 * Checked before the query, so a tampered cursor is a 400 on `cursor`, never a failed SQL cast.
 */
export interface CursorShape {
  at: 'timestamp';
  id: 'uuid' | 'integer' | 'text';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_BIGINT = 9223372036854775807n;

const isTimestamp = (s: string): boolean => {
  const time = Date.parse(s);
  // The exact text encodeCursor writes: a round trip rules out 2026-02-31 and friends.
  return ISO_INSTANT.test(s) && !Number.isNaN(time) && new Date(time).toISOString() === s;
};

const ID_CHECKS: Record<CursorShape['id'], (s: string) => boolean> = {
  uuid: (s) => UUID.test(s),
  integer: (s) => /^\d{1,19}$/.test(s) && BigInt(s) <= MAX_BIGINT,
  text: (s) => s.length > 0 && s.length <= 200 && unsafeTextProblem(s) === null,
};

export function encodeCursor(at: Date | string | number, id: string | number): string {
  const value = at instanceof Date ? at.toISOString() : String(at);
  return Buffer.from(JSON.stringify([value, String(id)])).toString('base64url');
}

/** Decodes a cursor from a request; a tampered or stale one is a validation error on `cursor`. */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Cursor | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((x) => typeof x === 'string')) {
      const [at, id] = parsed as [string, string];
      if (isTimestamp(at) && ID_CHECKS[shape.id](id)) return { at, id };
    }
  } catch {
    // fall through
  }
  throw invalid('cursor', 'is not a cursor this API returned');
}

/** Given limit+1 rows, the page and the cursor to the next one. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  key: (row: T) => [Date | string | number, string | number],
): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last ? encodeCursor(...key(last)) : null };
}
