// CSV import of leads and accounts: open a file (encoding, delimiter, header, mapping), preview it,
// dry-run it, run it in batches of set-based writes with progress and a row-level error report,
// and undo a whole import. One loop serves the dry run and the run, so they cannot disagree.
import { AppError, invalid, notFound } from '../domain/errors.js';
import {
  type BoundMapping,
  type ImportKind,
  type ImportMapping,
  type MappedRow,
  type RowProblem,
  bindMapping,
  checkMapping,
  mapRow,
} from '../domain/import-mapping.js';
import { type ImportPreset, type MappingSource, chooseMapping } from '../domain/import-presets.js';
import type { PlannedRow } from '../domain/import-plan.js';
import type { CsvDelimiter } from '../domain/csv-sniff.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { deleteImportedAccounts, deleteImportedLeads, restoreRecords } from '../store/import-writes.js';
import {
  type ImportError,
  type ImportRecord,
  getImport,
  importChangesOf,
  insertImport,
  insertImportChanges,
  insertImportErrors,
  markImportUndone,
  saveImportProgress,
} from '../store/imports.js';
import type { ImportCounts } from '../store/schema/index.js';
import type { Deps } from './deps.js';
import { type CsvFile, openCsv } from './import-csv.js';
import { runImportBatch } from './import-batch.js';

export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_MAX_ERRORS = 1000;
/** How many rejected rows a dry run lists (it counts them all). */
const DRY_RUN_LISTED = 1000;

export interface ImportFile {
  name: string;
  bytes: AsyncIterable<Uint8Array>;
  /** The file's size in bytes when known, for progress. */
  size?: number | null;
}

export interface ImportOptions {
  kind: ImportKind;
  /** Target field ← source column; guessed from the header row when absent. */
  mapping?: ImportMapping;
  /** A preset (built-in or saved) to map with; absent, a preset is recognised from the headers when one fits. */
  preset?: ImportPreset;
  delimiter?: CsvDelimiter;
  /** Stop once more rows than this are rejected: a hopeless file is not read to its end. */
  maxErrors?: number;
  batchSize?: number;
}

export interface OpenedImport {
  file: CsvFile;
  name: string;
  size: number | null;
  kind: ImportKind;
  mapping: ImportMapping;
  /** The preset the mapping comes from (named or recognised), how it was chosen, and any note on it. */
  preset: { name: string | null; source: MappingSource; note: string | null };
  bound: BoundMapping;
  maxErrors: number;
  batchSize: number;
}

export interface RejectedRow {
  row: number;
  values: string[];
  problems: RowProblem[];
}

export interface ImportReport {
  counts: ImportCounts;
  /** Why the file was not read to its end (the error limit), else null. */
  stopped: string | null;
  rejected: RejectedRow[];
}

/**
 * Opens the file and binds the mapping to its header row. A mapping that names an unknown field
 * or a missing column, or leaves a required field unmapped, is refused here, for the whole file.
 */
export async function openImport(file: ImportFile, options: ImportOptions): Promise<OpenedImport> {
  const csv = await openCsv(file.bytes, options.delimiter);
  if (csv.headers.length === 0) {
    throw new AppError('validation_failed', 'file: is empty (no header row)', [
      { field: 'file', message: 'has no header row' },
    ]);
  }
  const chosen = chooseMapping(options.kind, csv.headers, options);
  if ('problem' in chosen) throw invalid('preset', chosen.problem);
  const { mapping } = chosen;
  const problems = checkMapping(options.kind, mapping, csv.headers);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      problems.join('; '),
      problems.map((message) => ({ field: 'mapping', message })),
    );
  }
  return {
    file: csv,
    name: file.name,
    size: file.size ?? null,
    kind: options.kind,
    mapping,
    preset: { name: chosen.preset, source: chosen.source, note: chosen.note },
    bound: bindMapping(options.kind, mapping, csv.headers),
    maxErrors: options.maxErrors ?? DEFAULT_MAX_ERRORS,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
  };
}

export interface ImportPreview {
  headers: string[];
  encoding: string;
  delimiter: string;
  mapping: ImportMapping;
  preset: OpenedImport['preset'];
  /** The first rows as the mapping reads them, each with its fields or its problems. */
  sample: { row: number; values: string[]; fields: MappedRow | null; problems: RowProblem[] }[];
}

/** The detected headers and a sample of rows mapped: what a person checks before running. */
export async function previewImport(opened: OpenedImport, size = 10): Promise<ImportPreview> {
  const sample: ImportPreview['sample'] = [];
  for await (const r of opened.file.rows) {
    if (r.cells === null)
      sample.push({ row: r.row, values: [], fields: null, problems: [problem(r.reason)] });
    else {
      const m = mapRow(opened.bound, r.cells);
      sample.push({
        row: r.row,
        values: r.cells,
        fields: m.ok ? m.row : null,
        problems: m.ok ? [] : m.problems,
      });
    }
    if (sample.length >= size) break;
  }
  const { file } = opened;
  return {
    headers: file.headers,
    encoding: file.encoding,
    delimiter: file.delimiter,
    mapping: opened.mapping,
    preset: opened.preset,
    sample,
  };
}

const problem = (reason: string): RowProblem => ({ column: null, value: null, reason: `row ${reason}` });
const zero = (): ImportCounts => ({ rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });

interface LoopHooks {
  /** Runs one batch in its own transaction: plan it, and write it when this is not a dry run. */
  batch(
    rows: PlannedRow[],
    rejected: RejectedRow[],
    claimed: Map<string, number>,
  ): Promise<{
    created: number;
    updated: number;
    unchanged: number;
    rejected: RejectedRow[];
  }>;
}

/** Reads every row, maps it, and hands batches of valid rows (with the batch's rejects) to `hooks`. */
async function importLoop(
  opened: OpenedImport,
  hooks: LoopHooks,
  onBatch: (c: ImportCounts) => Promise<void>,
) {
  const counts = zero();
  const claimed = new Map<string, number>();
  let rows: PlannedRow[] = [];
  let rejected: RejectedRow[] = [];
  let stopped: string | null = null;
  const flush = async () => {
    const r = await hooks.batch(rows, rejected, claimed);
    counts.created += r.created;
    counts.updated += r.updated;
    counts.unchanged += r.unchanged;
    counts.rejected += r.rejected.length;
    rows = [];
    rejected = [];
    await onBatch(counts);
  };
  for await (const r of opened.file.rows) {
    counts.rows++;
    if (r.cells === null)
      rejected.push({ row: r.row, values: r.values ?? [], problems: [problem(r.reason)] });
    else {
      const m = mapRow(opened.bound, r.cells);
      if (m.ok) rows.push({ row: r.row, fields: m.row, cells: r.cells } as PlannedRow);
      else rejected.push({ row: r.row, values: r.cells, problems: m.problems });
    }
    if (counts.rejected + rejected.length > opened.maxErrors) {
      stopped = `stopped at row ${r.row}: more than ${opened.maxErrors} rows were rejected`;
      break;
    }
    if (rows.length + rejected.length >= opened.batchSize) await flush();
  }
  if (rows.length + rejected.length > 0 || counts.rows === 0) await flush();
  return { counts, stopped };
}

function cellsOf(rows: readonly PlannedRow[]): Map<number, string[]> {
  return new Map(rows.map((r) => [r.row, (r as PlannedRow & { cells: string[] }).cells]));
}

function batchContext(opened: OpenedImport, workspaceId: string, actor: AuditActor, now: Date) {
  const second = opened.kind === 'leads' ? 'email' : 'domain';
  return {
    workspaceId,
    kind: opened.kind,
    actor,
    now,
    secondColumn: opened.mapping.fields[second] ?? null,
    mappedFields: Object.keys(opened.mapping.fields),
  };
}

/** What the import would do — created, updated, unchanged, rejected (with reasons) — writing nothing. */
export async function dryRunImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  opened: OpenedImport,
): Promise<ImportReport> {
  const ctx = batchContext(opened, workspaceId, actor, deps.clock());
  const listed: RejectedRow[] = [];
  const { counts, stopped } = await importLoop(
    opened,
    {
      batch: async (rows, rejected, claimed) => {
        const { plan } = await runImportBatch(deps.db, ctx, rows, claimed, false);
        const all = [...rejected, ...withCells(plan.rejected, cellsOf(rows))];
        listed.push(...all.slice(0, Math.max(0, DRY_RUN_LISTED - listed.length)));
        return {
          created: plan.creates.length,
          updated: plan.updates.length,
          unchanged: plan.unchanged,
          rejected: all,
        };
      },
    },
    async () => undefined,
  );
  listed.sort((a, b) => a.row - b.row);
  return { counts, stopped, rejected: listed };
}

function withCells(
  rejected: readonly { row: number; problems: RowProblem[] }[],
  cells: Map<number, string[]>,
) {
  return rejected.map((r) => ({ ...r, values: cells.get(r.row) ?? [] }));
}

/** The import's record, written before the first row is read, so its progress can be followed. */
export function startImport(
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
    createdBy: actor.label,
  });
}

/**
 * Imports the valid rows, batch by batch, each batch in one transaction with its counts, its
 * rejected rows and what it changed; the record says how far it got. Ends done, stopped (the
 * error limit) or failed (an unexpected error; what was committed stays, and can be undone).
 */
export async function runImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  record: ImportRecord,
  opened: OpenedImport,
  onProgress?: (p: { counts: ImportCounts; bytesRead: number; bytesTotal: number | null }) => void,
): Promise<ImportRecord> {
  const ctx = batchContext(opened, workspaceId, actor, deps.clock());
  let last = zero();
  try {
    const { counts, stopped } = await importLoop(
      opened,
      {
        batch: (rows, rejected, claimed) =>
          deps.db.transaction(async (tx) => {
            const { plan, changes } = await runImportBatch(
              tx,
              { ...ctx, now: deps.clock() },
              rows,
              claimed,
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
          }),
      },
      async (counts) => {
        last = { ...counts };
        onProgress?.({ counts, bytesRead: opened.file.bytesRead(), bytesTotal: opened.size });
      },
    );
    await saveImportProgress(deps.db, workspaceId, record.id, {
      counts,
      bytesRead: opened.file.bytesRead(),
      status: stopped ? 'stopped' : 'done',
      problem: stopped,
    });
    await recordAudit(
      deps.db,
      workspaceId,
      actor,
      'import.finished',
      { type: 'import', id: record.id },
      {
        kind: opened.kind,
        counts,
      },
    );
  } catch (err) {
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

export async function readImport(deps: Deps, workspaceId: string, id: string): Promise<ImportRecord> {
  const r = await getImport(deps.db, workspaceId, id);
  if (!r) throw notFound('Import');
  return r;
}

/**
 * Undoes a whole import: leads and accounts it created are removed (a lead with everything about
 * it), records it updated are put back exactly as they were before it. Later changes to those
 * records are overwritten: the workspace returns to how it was before the import.
 */
export async function undoImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  id: string,
): Promise<ImportRecord> {
  await deps.db.transaction(async (tx: Queryable) => {
    const record = await getImport(tx, workspaceId, id, { lock: true });
    if (!record) throw notFound('Import');
    if (record.status === 'running') throw new AppError('conflict', 'The import is still running.');
    if (record.status === 'undone') throw new AppError('conflict', 'The import was already undone.');
    const changes = await importChangesOf(tx, workspaceId, id);
    const of = (entity: 'lead' | 'account', action: 'created' | 'updated') =>
      changes.filter((c) => c.entity === entity && c.action === action);
    await restoreRecords(
      tx,
      workspaceId,
      'lead',
      of('lead', 'updated').map((c) => c.previous!),
    );
    await deleteImportedLeads(
      tx,
      workspaceId,
      of('lead', 'created').map((c) => c.entityId),
    );
    await restoreRecords(
      tx,
      workspaceId,
      'account',
      of('account', 'updated').map((c) => c.previous!),
    );
    await deleteImportedAccounts(
      tx,
      workspaceId,
      of('account', 'created').map((c) => c.entityId),
    );
    await markImportUndone(tx, workspaceId, id);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'import.undone',
      { type: 'import', id },
      {
        removed: changes.filter((c) => c.action === 'created').length,
        restored: changes.filter((c) => c.action === 'updated').length,
      },
    );
  });
  return readImport(deps, workspaceId, id);
}

export type { ImportError, ImportRecord };
