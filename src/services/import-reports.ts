// Reading imports back: the latest ones, a page of the rejected rows, the error report as the
// original file's rows with an error column, and the fields a mapping can name.
import type { Deps } from './deps.js';
import { type ImportRecord, getImport, listImportErrors, listImports } from '../store/imports.js';
import { notFound } from '../domain/errors.js';
import { IMPORT_FIELDS, IMPORT_KINDS, REQUIRED_FIELDS } from '../domain/import-fields.js';
import { type RowProblem } from '../domain/import-mapping.js';
import { STALE_IMPORT_MS, interruptAbandonedImports } from './imports.js';

export async function recentImports(deps: Deps, workspaceId: string): Promise<ImportRecord[]> {
  await interruptAbandonedImports(deps.db, { workspaceId, silentForMs: STALE_IMPORT_MS });
  return listImports(deps.db, workspaceId, 50);
}

async function requireImport(deps: Deps, workspaceId: string, id: string): Promise<ImportRecord> {
  const record = await getImport(deps.db, workspaceId, id);
  if (!record) throw notFound('Import');
  return record;
}

export async function listErrorsOf(
  deps: Deps,
  workspaceId: string,
  id: string,
  page: { afterRow: number; limit: number },
) {
  await requireImport(deps, workspaceId, id);
  const rows = await listImportErrors(deps.db, workspaceId, id, page);
  return {
    data: rows.map((e) => ({ row: e.rowNumber, values: e.values, problems: e.problems })),
    nextAfterRow: rows.length === page.limit ? rows[rows.length - 1]!.rowNumber : null,
  };
}

/** One problem as a person reads it in the error column. */
export function describeProblem(p: RowProblem): string {
  return p.column === null ? p.reason : `${p.column} "${p.value ?? ''}": ${p.reason}`;
}

/**
 * The rejected rows as the original file's rows: its header and each bad row's values, plus a
 * column saying why. Fix them and import that file again (or re-submit them from the web page).
 */
export async function importErrorRows(
  deps: Deps,
  workspaceId: string,
  id: string,
): Promise<{ fileName: string; columns: string[]; rows: AsyncIterable<string[]> }> {
  const record = await requireImport(deps, workspaceId, id);
  const width = record.headers.length;
  const errorColumn = record.headers.includes('error') ? 'import error' : 'error';
  async function* rows(): AsyncGenerator<string[]> {
    for (let afterRow = 0; ;) {
      const page = await listImportErrors(deps.db, workspaceId, id, { afterRow, limit: 1000 });
      for (const e of page) {
        const values = Array.from({ length: width }, (_, i) => e.values[i] ?? '');
        yield [...values, `row ${e.rowNumber}: ${e.problems.map(describeProblem).join('; ')}`];
      }
      if (page.length < 1000) return;
      afterRow = page[page.length - 1]!.rowNumber;
    }
  }
  return { fileName: record.fileName, columns: [...record.headers, errorColumn], rows: rows() };
}

/** What the web page's mapping offers: each kind's fields, their types and the required ones. */
export function importFields() {
  return IMPORT_KINDS.map((kind) => ({
    kind,
    fields: Object.entries(IMPORT_FIELDS[kind] as Record<string, { type: string }>).map(([name, spec]) => ({
      name,
      type: spec.type,
    })),
    required: REQUIRED_FIELDS[kind].map((oneOf) => [...oneOf]),
  }));
}
