// A whole workspace as JSON Lines and back: every table of the Drizzle schema that carries
// workspace_id, each row as PostgreSQL writes it (row_to_json: microsecond instants, exact numbers,
// JSON columns as JSON), read back by PostgreSQL (jsonb_populate_record), so no value passes through
// a JavaScript Date or number on the way.
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../domain/errors.js';
import type { Queryable } from './db.js';
import * as schema from './schema/index.js';

export const TRANSFER_FORMAT = 'tandem-workspace';
export const TRANSFER_VERSION = 1;

/**
 * Tables left out of an export, and why: each holds a live credential looked up by its hash across
 * workspaces, so a copy in a second workspace would let one secret open both. Members are exported
 * with their password hashes (they sign in to the copy with the same password); API keys are
 * created again after an import.
 */
export const NOT_TRANSFERRED: Record<string, string> = {
  sessions: 'live sign-ins: everyone signs in again',
  api_keys: 'secret and write keys: create new ones (a copy would open two workspaces with one key)',
  invitations: 'pending invitation links: invite again',
  password_resets: 'pending password-reset links: ask again',
};

/** Tables derived from others by triggers: neither written nor read, the import's inserts rebuild them. */
const DERIVED = new Set(['lead_milestones']);

export interface TransferTable {
  name: string;
  /** Columns written on import: all but generated ones. */
  columns: string[];
  /** Identity columns: inserted as they were (OVERRIDING SYSTEM VALUE), their sequence moved past them. */
  identityColumns: string[];
}

/** Every workspace table of the schema, found in it, so a table or column added later is covered. */
export function transferTables(): TransferTable[] {
  return (Object.values(schema) as unknown[])
    .filter((t): t is PgTable => is(t, PgTable))
    .map((t) => getTableConfig(t))
    .filter((c) => c.name !== 'workspaces' && c.columns.some((col) => col.name === 'workspace_id'))
    .filter((c) => !(c.name in NOT_TRANSFERRED) && !DERIVED.has(c.name))
    .map((c) => ({
      name: c.name,
      columns: c.columns.filter((col) => !col.generated).map((col) => col.name),
      identityColumns: c.columns.filter((col) => col.generatedIdentity).map((col) => col.name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FETCH = 1000;
const INSERT_BATCH = 500;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The first line of an export file. */
export interface TransferHeader {
  format: typeof TRANSFER_FORMAT;
  version: number;
  /** The schema's migration count when exported: a file from a newer schema is refused. */
  migration: number;
}

/**
 * Writes the workspace row, then every row of every table, one JSON object per line:
 * `{"table":"leads","row":{…}}`. One repeatable-read transaction: one consistent snapshot.
 */
export async function writeWorkspaceRows(
  tx: Queryable,
  workspaceId: string,
  write: (line: string) => Promise<void>,
): Promise<Record<string, number>> {
  // Inlined (cursors take no parameters): it is checked to be a UUID first.
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
  const counts: Record<string, number> = {};
  for (const table of ['workspaces', ...transferTables().map((t) => t.name)]) {
    const cursor = `transfer_${table}`;
    await tx.exec(
      `declare ${ident(cursor)} no scroll cursor for
         select row_to_json(t)::text as line from ${ident(table)} t where workspace_id = '${workspaceId}'`,
    );
    let n = 0;
    for (;;) {
      const rows = await tx.query<{ line: string }>(`fetch ${FETCH} from ${ident(cursor)}`);
      for (const { line } of rows) await write(`{"table":${JSON.stringify(table)},"row":${line}}`);
      n += rows.length;
      if (rows.length < FETCH) break;
    }
    await tx.exec(`close ${ident(cursor)}`);
    counts[table] = n;
  }
  return counts;
}

const lineError = (lineNo: number, message: string) =>
  new AppError('validation_failed', `line ${lineNo}: ${message}`, [{ field: `line ${lineNo}`, message }]);

/**
 * Inserts the rows of an export file into a new workspace `workspaceId` named `slug`: ids, instants
 * and JSON as they were, only workspace_id (and the workspace's slug) changed. Append-only tables
 * (transitions, assignments, the audit log) refuse updates, not inserts.
 */
export async function insertWorkspaceRows(
  tx: Queryable,
  lines: AsyncIterable<{ lineNo: number; text: string }>,
  target: { workspaceId: string; slug: string },
): Promise<Record<string, number>> {
  const tables = new Map(transferTables().map((t) => [t.name, t]));
  const counts: Record<string, number> = {};
  let batch = null as { table: TransferTable; rows: string[] } | null;
  let hasWorkspace = false;

  const flush = async () => {
    if (!batch || batch.rows.length === 0) return;
    const cols = batch.table.columns.map(ident).join(', ');
    const overriding = batch.table.identityColumns.length > 0 ? 'overriding system value' : '';
    await tx.query(
      `insert into ${ident(batch.table.name)} (${cols}) ${overriding}
       select ${batch.table.columns.map((c) => `r.${ident(c)}`).join(', ')}
         from jsonb_array_elements($1::jsonb) e,
              jsonb_populate_record(null::${ident(batch.table.name)}, e || jsonb_build_object('workspace_id', $2::text)) r`,
      [`[${batch.rows.join(',')}]`, target.workspaceId],
    );
    counts[batch.table.name] = (counts[batch.table.name] ?? 0) + batch.rows.length;
    batch.rows = [];
  };

  for await (const { lineNo, text } of lines) {
    if (text.trim() === '') continue;
    // The row text goes to PostgreSQL as it is; the parse here only reads which table it belongs to.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw lineError(lineNo, 'is not JSON');
    }
    const { table: name, row } = (parsed ?? {}) as { table?: unknown; row?: unknown };
    if (typeof name !== 'string' || !row || typeof row !== 'object' || Array.isArray(row))
      throw lineError(lineNo, 'is not {"table": …, "row": {…}}');
    // Exactly as writeWorkspaceRows spells it, so the row's own text can be cut out unparsed.
    const prefix = `{"table":${JSON.stringify(name)},"row":`;
    if (!text.startsWith(prefix) || !text.trimEnd().endsWith('}'))
      throw lineError(lineNo, 'is not a line as `tandem export workspace` writes it');
    const rowText = text.slice(prefix.length, text.trimEnd().length - 1);
    if (name === 'workspaces') {
      if (hasWorkspace) throw lineError(lineNo, 'a second workspace row');
      await tx.query(
        `insert into workspaces select * from jsonb_populate_record(null::workspaces,
           $1::jsonb || jsonb_build_object('workspace_id', $2::text, 'slug', $3::text))`,
        [rowText, target.workspaceId, target.slug],
      );
      hasWorkspace = true;
      counts.workspaces = 1;
      continue;
    }
    if (!hasWorkspace) throw lineError(lineNo, 'rows before the workspace row');
    const table = tables.get(name);
    if (!table)
      throw lineError(
        lineNo,
        name in NOT_TRANSFERRED
          ? `${name} are never imported (${NOT_TRANSFERRED[name]})`
          : `no table "${name}"`,
      );
    if (batch?.table !== table) {
      await flush();
      batch = { table, rows: [] };
    }
    batch.rows.push(rowText);
    if (batch.rows.length >= INSERT_BATCH) await flush();
  }
  await flush();
  if (!hasWorkspace) throw lineError(0, 'the file has no workspace row');
  // Identity sequences are shared by all workspaces; a file from another database may carry ids
  // beyond this one's: the sequence moves past them so the next row does not collide.
  for (const table of tables.values()) {
    for (const col of table.identityColumns) {
      await tx.query(
        `select setval(s.seq, m.top)
           from (select pg_get_serial_sequence($1, $2)::regclass as seq) s,
                (select max(${ident(col)}) as top from ${ident(table.name)}) m
          where m.top is not null and m.top > coalesce(pg_sequence_last_value(s.seq), 0)`,
        [ident(table.name), col],
      );
    }
  }
  return counts;
}
