// Opaque keyset-pagination cursors: (sort value, id) of the last row of a page.
import { invalid } from '../domain/errors.js';

export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(at: Date | string | number, id: string | number): string {
  const value = at instanceof Date ? at.toISOString() : String(at);
  return Buffer.from(JSON.stringify([value, String(id)])).toString('base64url');
}

/** Decodes a cursor from a request; a tampered or stale one is a validation error on `cursor`. */
export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((x) => typeof x === 'string')) {
      return { at: parsed[0] as string, id: parsed[1] as string };
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
