// The import record, its rejected rows (the error report) and what it changed (for undo).
import type { Queryable } from './db.js';
import { arrayRecordset, jsonRecordset, rowReader } from './rows.js';
import {
  importChanges,
  importErrors,
  imports,
  type ImportCounts,
  type ImportStatus,
} from './schema/index.js';

export type ImportRecord = typeof imports.$inferSelect;
export type ImportError = typeof importErrors.$inferSelect;
export type ImportChange = typeof importChanges.$inferSelect;

const toImport = rowReader(imports);
const toError = rowReader(importErrors);
const toChange = rowReader(importChanges);

export async function insertImport(
  q: Queryable,
  workspaceId: string,
  r: Pick<
    ImportRecord,
    | 'kind'
    | 'fileName'
    | 'headers'
    | 'mapping'
    | 'encoding'
    | 'delimiter'
    | 'bytesTotal'
    | 'rowsTotal'
    | 'createdBy'
  >,
): Promise<ImportRecord> {
  const rows = await q.query(
    `insert into imports (workspace_id, kind, file_name, headers, mapping, encoding, delimiter, status, counts,
                          bytes_total, created_by, rows_total)
     values ($1, $2, $3, $4, $5, $6, $7, 'running', $8, $9, $10, $11) returning *`,
    [
      workspaceId,
      r.kind,
      r.fileName,
      JSON.stringify(r.headers),
      JSON.stringify(r.mapping),
      r.encoding,
      r.delimiter,
      JSON.stringify({ rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 } satisfies ImportCounts),
      r.bytesTotal,
      r.createdBy,
      r.rowsTotal,
    ],
  );
  return toImport(rows[0]!);
}

/**
 * Progress and counts so far; a final status also stamps when it finished. Only a running import
 * moves: one cancelled or marked interrupted meanwhile keeps that status (and its counts).
 */
export async function saveImportProgress(
  q: Queryable,
  workspaceId: string,
  id: string,
  p: {
    counts: ImportCounts;
    bytesRead: number;
    status?: ImportStatus;
    problem?: string | null;
    /** The file's data rows, once counted (or read to the end); left as it is when absent. */
    rowsTotal?: number;
  },
): Promise<void> {
  await q.query(
    `update imports set counts = $3, bytes_read = $4, status = coalesce($5, status), problem = coalesce($6, problem),
            rows_total = coalesce($7, rows_total),
            finished_at = case when $5::text is not null and $5::text <> 'running' then now() else finished_at end,
            updated_at = now()
      where workspace_id = $1 and id = $2 and status = 'running'`,
    [
      workspaceId,
      id,
      JSON.stringify(p.counts),
      p.bytesRead,
      p.status ?? null,
      p.problem ?? null,
      p.rowsTotal ?? null,
    ],
  );
}

export async function getImport(
  q: Queryable,
  workspaceId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ImportRecord | null> {
  const rows = await q.query(
    `select * from imports where workspace_id = $1 and id = $2${opts.lock ? ' for update' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ? toImport(rows[0]) : null;
}

export async function listImports(q: Queryable, workspaceId: string, limit: number): Promise<ImportRecord[]> {
  const rows = await q.query(
    `select * from imports where workspace_id = $1 order by created_at desc, id desc limit $2`,
    [workspaceId, limit],
  );
  return rows.map(toImport);
}

/** Ends a running import as cancelled; false when it was not running (any more). */
export async function markImportCancelled(
  q: Queryable,
  workspaceId: string,
  id: string,
  problem: string,
): Promise<boolean> {
  const rows = await q.query(
    `update imports set status = 'cancelled', problem = $3, finished_at = now(), updated_at = now()
      where workspace_id = $1 and id = $2 and status = 'running' returning id`,
    [workspaceId, id, problem],
  );
  return rows.length > 0;
}

/**
 * Marks as interrupted the running imports (of one workspace, or all) whose record has not moved
 * for `silentForMs`: the process running them is gone. Returns how many.
 */
export async function interruptStaleImports(
  q: Queryable,
  opts: { workspaceId?: string; silentForMs: number; problem: string },
): Promise<number> {
  const rows = await q.query(
    `update imports set status = 'interrupted', problem = $3, finished_at = now(), updated_at = now()
      where status = 'running' and ($1::uuid is null or workspace_id = $1::uuid)
        and updated_at <= now() - make_interval(secs => $2::double precision / 1000)
      returning id`,
    [opts.workspaceId ?? null, opts.silentForMs, opts.problem],
  );
  return rows.length;
}

export async function markImportUndone(q: Queryable, workspaceId: string, id: string): Promise<void> {
  await q.query(
    `update imports set status = 'undone', undone_at = now(), updated_at = now() where workspace_id = $1 and id = $2`,
    [workspaceId, id],
  );
}

const errorSet = jsonRecordset(importErrors, ['rowNumber', 'values', 'problems']);

export async function insertImportErrors(
  q: Queryable,
  workspaceId: string,
  importId: string,
  rows: readonly Pick<ImportError, 'rowNumber' | 'values' | 'problems'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into import_errors (workspace_id, import_id, ${errorSet.names})
     select $1, $2, ${errorSet.values('r')} from json_to_recordset($3) as r(${errorSet.definition})
     on conflict do nothing`,
    [workspaceId, importId, JSON.stringify(rows)],
  );
}

/** The rejected rows in file order, a page at a time (after a row number). */
export async function listImportErrors(
  q: Queryable,
  workspaceId: string,
  importId: string,
  page: { afterRow: number; limit: number },
): Promise<ImportError[]> {
  const rows = await q.query(
    `select * from import_errors where workspace_id = $1 and import_id = $2 and row_number > $3
      order by row_number limit $4`,
    [workspaceId, importId, page.afterRow, page.limit],
  );
  return rows.map(toError);
}

/** The rejected rows of an import with these row numbers. */
export async function importErrorsAt(
  q: Queryable,
  workspaceId: string,
  importId: string,
  rowNumbers: readonly number[],
): Promise<ImportError[]> {
  if (rowNumbers.length === 0) return [];
  const rows = await q.query(
    `select * from import_errors where workspace_id = $1 and import_id = $2
        and row_number = any(select jsonb_array_elements_text($3::jsonb)::int)`,
    [workspaceId, importId, JSON.stringify(rowNumbers)],
  );
  return rows.map(toError);
}

const changeSet = arrayRecordset(importChanges, ['entity', 'entityId', 'action', 'previous']);

export async function insertImportChanges(
  q: Queryable,
  workspaceId: string,
  importId: string,
  rows: readonly Pick<ImportChange, 'entity' | 'entityId' | 'action' | 'previous'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into import_changes (workspace_id, import_id, ${changeSet.names})
     select $1, $2, ${changeSet.values('r')} from ${changeSet.from(3, 'r')}`,
    [workspaceId, importId, ...changeSet.arrays(rows)],
  );
}

export async function importChangesOf(
  q: Queryable,
  workspaceId: string,
  importId: string,
): Promise<ImportChange[]> {
  const rows = await q.query(`select * from import_changes where workspace_id = $1 and import_id = $2`, [
    workspaceId,
    importId,
  ]);
  return rows.map(toChange);
}
