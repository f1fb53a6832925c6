// Running an import: its record is written first, then the rows go in batch by batch, each batch in
// one transaction with its counts, rejected rows and what it changed, so the record always says how
// far it got. It can be cancelled between batches, and the rows an error report lists can be fixed
// and re-submitted as a new, small import with the same mapping.
import { AppError, notFound } from '../domain/errors.js';
import { TentativeClaims } from '../domain/import-claims.js';
import { type RowProgress, rowProgress } from '../domain/import-progress.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import {
  type ImportRecord,
  getImport,
  importErrorsAt,
  insertImport,
  insertImportChanges,
  insertImportErrors,
  markImportCancelled,
  saveImportProgress,
} from '../store/imports.js';
import type { ImportCounts } from '../store/schema/index.js';
import type { Deps } from './deps.js';
import type { CsvFile, CsvRow } from './import-csv.js';
import { prepareImportRow, runImportBatch } from './import-batch.js';
import { countFileRows } from './import-row-count.js';
import {
  type OpenedImport,
  batchContext,
  bindImport,
  cellsOf,
  importLoop,
  readImport,
  withCells,
  zero,
} from './imports.js';

/**
 * The import's record, written before the first row is read, so its progress can be followed: with
 * the file's data rows when they can be counted first (see countFileRows).
 */
export async function startImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  opened: OpenedImport,
): Promise<ImportRecord> {
  return insertImport(deps.db, workspaceId, {
    kind: opened.kind,
    fileName: opened.name,
    headers: opened.file.headers,
    mapping: opened.mapping,
    encoding: opened.file.encoding,
    delimiter: opened.file.delimiter,
    bytesTotal: opened.size,
    rowsTotal: await countFileRows(opened),
    createdBy: actor.label,
  });
}

/** Thrown inside a batch's transaction when the import is no longer running: nothing of it is written. */
class Halted extends Error {}

export interface ImportProgress {
  counts: ImportCounts;
  bytesRead: number;
  bytesTotal: number | null;
  /** Rows done of the file's rows (counted, or estimated from the bytes read). */
  rows: RowProgress;
}

/**
 * Imports the valid rows, batch by batch. Each batch first locks the import's record and goes on
 * only while it is running, so a cancel (which takes the same lock) stops the import at the next
 * batch boundary: the batches before it stay, and can be undone. Ends done, stopped (the error
 * limit), failed (an unexpected error; what was committed stays), or as a cancel left it.
 */
export async function runImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  record: ImportRecord,
  opened: OpenedImport,
  /** After each committed batch; the next batch waits for what it returns. */
  onProgress?: (p: ImportProgress) => void | Promise<void>,
): Promise<ImportRecord> {
  const ctx = batchContext(opened, workspaceId, actor, deps.clock());
  let last = zero();
  try {
    const { counts, stopped } = await importLoop(
      opened,
      {
        prepare: (fields) => prepareImportRow(opened.kind, fields),
        batch: async (rows, rejected, claimed) => {
          // Each attempt claims apart: a retried transaction starts from the committed batches' keys.
          let attempt = new TentativeClaims(claimed);
          const written = await deps.db.transaction(async (tx) => {
            attempt = new TentativeClaims(claimed);
            const current = await getImport(tx, workspaceId, record.id, { lock: true });
            if (current?.status !== 'running') throw new Halted();
            const { plan, changes } = await runImportBatch(
              tx,
              { ...ctx, now: deps.clock() },
              rows,
              attempt,
              true,
            );
            const all = [...rejected, ...withCells(plan.rejected, cellsOf(rows))];
            await insertImportErrors(
              tx,
              workspaceId,
              record.id,
              all.map((r) => ({ rowNumber: r.row, values: r.values, problems: r.problems })),
            );
            await insertImportChanges(tx, workspaceId, record.id, changes);
            const result = {
              created: plan.creates.length,
              updated: plan.updates.length,
              unchanged: plan.unchanged,
              rejected: all,
            };
            await saveImportProgress(tx, workspaceId, record.id, {
              counts: add(last, result),
              bytesRead: opened.file.bytesRead(),
            });
            return result;
          });
          attempt.commit();
          return written;
        },
      },
      async (counts) => {
        last = { ...counts };
        const bytesRead = opened.file.bytesRead();
        await onProgress?.({
          counts,
          bytesRead,
          bytesTotal: opened.size,
          rows: rowProgress({
            rows: counts.rows,
            rowsTotal: record.rowsTotal,
            bytesRead,
            bytesTotal: opened.size,
          }),
        });
      },
    );
    await saveImportProgress(deps.db, workspaceId, record.id, {
      counts,
      bytesRead: opened.file.bytesRead(),
      status: stopped ? 'stopped' : 'done',
      problem: stopped,
      // Read to its end, the file's rows are known exactly.
      ...(stopped ? {} : { rowsTotal: counts.rows }),
    });
    await recordAudit(
      deps.db,
      workspaceId,
      actor,
      'import.finished',
      { type: 'import', id: record.id },
      { kind: opened.kind, counts },
    );
  } catch (err) {
    if (!(err instanceof Halted)) {
      deps.log.error({ err, workspaceId, importId: record.id }, 'import failed');
      await saveImportProgress(deps.db, workspaceId, record.id, {
        counts: last,
        bytesRead: opened.file.bytesRead(),
        status: 'failed',
        problem:
          err instanceof AppError
            ? err.message
            : 'the import failed unexpectedly; what was imported can be undone',
      });
    }
  }
  return (await getImport(deps.db, workspaceId, record.id))!;
}

function add(
  c: ImportCounts,
  r: { created: number; updated: number; unchanged: number; rejected: unknown[] },
) {
  return {
    rows: c.rows + r.created + r.updated + r.unchanged + r.rejected.length,
    created: c.created + r.created,
    updated: c.updated + r.updated,
    unchanged: c.unchanged + r.unchanged,
    rejected: c.rejected + r.rejected.length,
  };
}

/**
 * Cancels a running import. The record's lock waits for a batch being written, so once this
 * returns no further row is written; what was written stays and can be undone.
 */
export async function cancelImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  id: string,
): Promise<ImportRecord> {
  await deps.db.transaction(async (tx) => {
    const record = await getImport(tx, workspaceId, id, { lock: true });
    if (!record) throw notFound('Import');
    const cancelled = await markImportCancelled(
      tx,
      workspaceId,
      id,
      `cancelled by ${actor.label} after ${record.counts.rows.toLocaleString('en')} rows; what was imported can be undone`,
    );
    if (!cancelled) throw new AppError('conflict', `The import is not running (it is ${record.status}).`);
    await recordAudit(tx, workspaceId, actor, 'import.cancelled', { type: 'import', id }, {});
  });
  return readImport(deps, workspaceId, id);
}

/** A rejected row as corrected by a person: its row number in the original file and every value. */
export interface FixedRow {
  row: number;
  values: string[];
}

/**
 * Checks rows fixed from an import's error report and opens them as a new import with the same
 * kind, columns and mapping: each row keeps its row number in the original file. A row that is not
 * in the report, appears twice or has the wrong number of values is refused, naming it.
 */
export async function openResubmission(
  deps: Deps,
  workspaceId: string,
  id: string,
  rows: readonly FixedRow[],
): Promise<OpenedImport> {
  const parent = await getImport(deps.db, workspaceId, id);
  if (!parent) throw notFound('Import');
  if (parent.status === 'running') {
    throw new AppError('conflict', 'The import is still running: re-submit its rows once it has finished.');
  }
  const known = new Set(
    (
      await importErrorsAt(
        deps.db,
        workspaceId,
        id,
        rows.map((r) => r.row),
      )
    ).map((e) => e.rowNumber),
  );
  const width = parent.headers.length;
  const seen = new Set<number>();
  const problems: { field: string; message: string }[] = [];
  rows.forEach((r, i) => {
    if (!known.has(r.row))
      problems.push({ field: `rows.${i}.row`, message: `row ${r.row} is not a rejected row of this import` });
    else if (seen.has(r.row))
      problems.push({ field: `rows.${i}.row`, message: `row ${r.row} is given twice` });
    if (r.values.length !== width)
      problems.push({
        field: `rows.${i}.values`,
        message: `must have ${width} values, one per column of the file (has ${r.values.length})`,
      });
    seen.add(r.row);
  });
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      problems,
    );
  }
  const sorted = [...rows].sort((a, b) => a.row - b.row);
  const sizeOf = (r: FixedRow) => r.values.reduce((n, v) => n + Buffer.byteLength(v) + 1, 0);
  let read = 0;
  async function* each(): AsyncGenerator<CsvRow> {
    for (const r of sorted) {
      read += sizeOf(r);
      yield { row: r.row, cells: r.values };
    }
  }
  const file: CsvFile = {
    encoding: 'utf-8',
    delimiter: parent.delimiter as CsvFile['delimiter'],
    headers: parent.headers,
    rows: each(),
    bytesRead: () => read,
  };
  return bindImport(
    file,
    `${parent.fileName.replace(/ \(fixed rows\)$/, '')} (fixed rows)`,
    sorted.reduce((n, r) => n + sizeOf(r), 0),
    {
      kind: parent.kind,
      mapping: parent.mapping,
    },
    { count: sorted.length },
  );
}
