// CSV import of leads and accounts: open a file (encoding, delimiter, header, mapping), preview it,
// and dry-run it. The run itself is in import-run.ts and undo in import-undo.ts; one loop (here)
// serves the dry run and the run, so they cannot disagree.
import { AppError, invalid, notFound } from '../domain/errors.js';
import { type ImportKind } from '../domain/import-fields.js';
import {
  type BoundMapping,
  type ImportMapping,
  type MappedRow,
  type RowProblem,
  bindMapping,
  checkMapping,
  mapRow,
} from '../domain/import-mapping.js';
import { type ClaimedKeys, HashedClaims, type PlannedRow } from '../domain/import-plan.js';
import { type ImportPreset, type MappingSource, chooseMapping } from '../domain/import-presets.js';
import type { CsvDelimiter } from '../domain/csv-sniff.js';
import type { AuditActor } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { type ImportError, type ImportRecord, getImport, interruptStaleImports } from '../store/imports.js';
import type { ImportCounts } from '../store/schema/index.js';
import type { Deps } from './deps.js';
import { type CsvFile, openCsv, readAhead } from './import-csv.js';
import { runImportBatch } from './import-batch.js';

export const DEFAULT_BATCH_SIZE = 2000;
export const DEFAULT_MAX_ERRORS = 1000;
/**
 * An import whose record has not moved for this long is no longer being run by anyone: every batch
 * stamps the record, and no batch takes minutes. Such an import reads as interrupted.
 */
export const STALE_IMPORT_MS = 2 * 60_000;
/** How many rejected rows a dry run lists (it counts them all). */
const DRY_RUN_LISTED = 1000;

export interface ImportFile {
  name: string;
  bytes: AsyncIterable<Uint8Array>;
  /** The file's size in bytes when known, for progress. */
  size?: number | null;
  /** The file's bytes once more, from the start, when they can be read twice (its rows are counted first). */
  reread?: () => AsyncIterable<Uint8Array>;
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
  /** Open a file whose mapping misses a required column (for a preview only; it cannot run). */
  allowIncomplete?: boolean;
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
  /** Required columns the mapping leaves unmapped (only when opened with allowIncomplete). */
  missing: string[];
  /** How the file's data rows are known before the run: a number, a second read to count, or not at all. */
  rowsTotal: { count: number } | { reread: () => AsyncIterable<Uint8Array> } | null;
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
  return bindImport(
    await openCsv(file.bytes, options.delimiter),
    file.name,
    file.size ?? null,
    options,
    file.reread ? { reread: file.reread } : null,
  );
}

/** Binds the mapping to an opened file (an upload, or rows re-submitted from an error report). */
export function bindImport(
  csv: CsvFile,
  name: string,
  size: number | null,
  options: ImportOptions,
  rowsTotal: OpenedImport['rowsTotal'] = null,
): OpenedImport {
  if (csv.headers.length === 0) {
    throw new AppError('validation_failed', 'file: is empty (no header row)', [
      { field: 'file', message: 'has no header row' },
    ]);
  }
  const chosen = chooseMapping(options.kind, csv.headers, options);
  if ('problem' in chosen) throw invalid('preset', chosen.problem);
  const { mapping } = chosen;
  const all = checkMapping(options.kind, mapping, csv.headers);
  // A preview shows a mapping still missing a required column, so a person can complete it.
  const missing = all.filter((p) => p.startsWith('missing required column'));
  const problems = options.allowIncomplete ? all.filter((p) => !missing.includes(p)) : all;
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      problems.join('; '),
      problems.map((message) => ({ field: 'mapping', message })),
    );
  }
  return {
    file: csv,
    name,
    size,
    kind: options.kind,
    mapping,
    preset: { name: chosen.preset, source: chosen.source, note: chosen.note },
    bound: bindMapping(options.kind, mapping, csv.headers),
    maxErrors: options.maxErrors ?? DEFAULT_MAX_ERRORS,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    missing,
    rowsTotal,
  };
}

export interface ImportPreview {
  headers: string[];
  encoding: string;
  delimiter: string;
  mapping: ImportMapping;
  /** Required columns the mapping does not map yet: the import cannot run until it does. */
  missing: string[];
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
    missing: opened.missing,
    preset: opened.preset,
    sample,
  };
}

export const problem = (reason: string): RowProblem => ({
  column: null,
  value: null,
  reason: `row ${reason}`,
});
export const zero = (): ImportCounts => ({ rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });

export interface LoopHooks {
  /** Runs one batch in its own transaction: plan it, and write it when this is not a dry run. */
  batch(
    rows: PlannedRow[],
    rejected: RejectedRow[],
    claimed: ClaimedKeys,
  ): Promise<{
    created: number;
    updated: number;
    unchanged: number;
    rejected: RejectedRow[];
  }>;
  /**
   * Work on a valid row that needs no database (deriving a new lead's columns), done as the row is
   * read ahead, so it overlaps the previous batch's writes; `batch` finds it on the row as `prepared`.
   */
  prepare?(fields: MappedRow): unknown;
}

/** Reads every row, maps it, and hands batches of valid rows (with the batch's rejects) to `hooks`. */
export async function importLoop(
  opened: OpenedImport,
  hooks: LoopHooks,
  onBatch: (c: ImportCounts) => Promise<void>,
) {
  const counts = zero();
  const claimed = new HashedClaims();
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
  // The next batch is read and mapped while this one is written.
  const mapped = readAhead(
    opened.file.rows,
    (r) => {
      const m = r.cells === null ? null : mapRow(opened.bound, r.cells);
      return { r, m, prepared: m?.ok && hooks.prepare ? hooks.prepare(m.row) : undefined };
    },
    opened.batchSize,
  );
  for await (const { r, m, prepared } of mapped) {
    counts.rows++;
    if (r.cells === null)
      rejected.push({ row: r.row, values: r.values ?? [], problems: [problem(r.reason)] });
    else if (m) {
      if (m.ok) rows.push({ row: r.row, fields: m.row, cells: r.cells, prepared } as PlannedRow);
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

export function cellsOf(rows: readonly PlannedRow[]): Map<number, string[]> {
  return new Map(rows.map((r) => [r.row, (r as PlannedRow & { cells: string[] }).cells]));
}

export function batchContext(opened: OpenedImport, workspaceId: string, actor: AuditActor, now: Date) {
  const second = opened.kind === 'leads' ? 'email' : 'domain';
  return {
    workspaceId,
    kind: opened.kind,
    actor,
    now,
    secondColumn: opened.mapping.fields[second] ?? null,
    mappedFields: Object.keys(opened.mapping.fields),
    mapping: opened.mapping,
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

export function withCells(
  rejected: readonly { row: number; problems: RowProblem[] }[],
  cells: Map<number, string[]>,
) {
  return rejected.map((r) => ({ ...r, values: cells.get(r.row) ?? [] }));
}

/**
 * Imports left 'running' by a process that is gone become 'interrupted' (not resumed: an upload's
 * bytes are not kept). What their committed batches wrote stays, and can be undone. `tandem serve`
 * calls this at start-up (on the embedded database, where no other process can be running one,
 * for every running import); reads call it for imports silent for STALE_IMPORT_MS.
 */
export function interruptAbandonedImports(
  q: Queryable,
  opts: { workspaceId?: string; silentForMs: number },
): Promise<number> {
  return interruptStaleImports(q, {
    ...opts,
    problem: 'interrupted: the server stopped while importing; what was imported before can be undone',
  });
}

/** An import as it stands (one a dead process left running reads as interrupted). */
export async function readImport(deps: Deps, workspaceId: string, id: string): Promise<ImportRecord> {
  await interruptAbandonedImports(deps.db, { workspaceId, silentForMs: STALE_IMPORT_MS });
  const r = await getImport(deps.db, workspaceId, id);
  if (!r) throw notFound('Import');
  return r;
}

export type { ImportError, ImportRecord };
