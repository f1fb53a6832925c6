// The raw ceiling for ingestion: the very rows ingestion stores, inserted bare into `events` with a
// batched multi-row INSERT (no validation, identity, scoring or lifecycle), on the same database.
import { normalizeMessage } from '../../src/domain/segment-normalize.js';
import { validateMessages } from '../../src/domain/segment-spec.js';
import type { Db } from '../../src/store/db.js';
import type { SegmentMessage } from '../../src/demo/messages.js';

const COLUMNS = [
  'workspace_id',
  'message_id',
  'type',
  'event',
  'lead_id',
  'user_id',
  'anonymous_id',
  'group_id',
  'occurred_at',
  'received_at',
  'sent_at',
  'original_timestamp',
  'properties',
  'traits',
  'context',
] as const;

export type RawRow = unknown[];

/** Messages → the column values `events` gets (prepared before any timing starts). */
export function rawRows(
  workspaceId: string,
  messages: readonly SegmentMessage[],
  receivedAt: Date,
): RawRow[] {
  const validated = [];
  for (let i = 0; i < messages.length; i += 100) {
    const valid = validateMessages({ batch: messages.slice(i, i + 100) }, 'batch');
    if (!valid.ok) throw new Error(`invalid generated messages: ${JSON.stringify(valid.errors.slice(0, 2))}`);
    validated.push(...valid.messages);
  }
  return validated.map((m) => {
    const e = normalizeMessage(m, { receivedAt });
    return [
      workspaceId,
      e.messageId,
      e.type,
      e.event,
      null,
      e.userId,
      e.anonymousId,
      e.groupId,
      e.timestamp.toISOString(),
      e.receivedAt.toISOString(),
      e.sentAt?.toISOString() ?? null,
      e.originalTimestamp?.toISOString() ?? null,
      JSON.stringify(e.properties),
      JSON.stringify(e.traits),
      JSON.stringify(e.context),
    ];
  });
}

function valuesInsert(rows: readonly RawRow[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const start = params.length;
    params.push(...row);
    return `(${COLUMNS.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  return { sql: `insert into events (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, params };
}

const TYPES = ['uuid', 'text', 'text', 'text', 'uuid', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz', 'jsonb', 'jsonb', 'jsonb'] as const; // prettier-ignore

/** The same rows as column arrays through unnest() (ingestion's own style, for comparison). */
function unnestInsert(rows: readonly RawRow[]): { sql: string; params: unknown[] } {
  const select = COLUMNS.map((c, i) => (TYPES[i] === 'jsonb' ? `v.${c}::jsonb` : `v.${c}`)).join(', ');
  const arrays = COLUMNS.map((_, i) => `$${i + 1}::${TYPES[i] === 'jsonb' ? 'text' : TYPES[i]}[]`).join(', ');
  return {
    sql: `insert into events (${COLUMNS.join(', ')}) select ${select} from unnest(${arrays}) as v(${COLUMNS.join(', ')})`,
    params: COLUMNS.map((_, i) => rows.map((r) => r[i])),
  };
}

/**
 * Inserts the rows in batches with `concurrency` inserts in flight (each its own statement and
 * commit, as ingestion's requests are); returns the wall time.
 */
export async function insertRaw(
  db: Db,
  rows: readonly RawRow[],
  opts: { batchSize: number; concurrency: number; style: 'values' | 'unnest' },
): Promise<number> {
  const batches: RawRow[][] = [];
  for (let i = 0; i < rows.length; i += opts.batchSize) batches.push(rows.slice(i, i + opts.batchSize));
  const statements = batches.map((b) => (opts.style === 'values' ? valuesInsert(b) : unnestInsert(b)));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < statements.length) {
        const s = statements[next++]!;
        await db.query(s.sql, s.params);
      }
    }),
  );
  return performance.now() - started;
}
