// Reading imports back: the latest ones, a page of the rejected rows, and the error report as the
// original file's rows with an error column (fix them and import that file again).
import type { Deps } from './deps.js';
import { type ImportRecord, getImport, listImportErrors, listImports } from '../store/imports.js';
import { notFound } from '../domain/errors.js';
import type { RowProblem } from '../domain/import-mapping.js';

export function recentImports(deps: Deps, workspaceId: string): Promise<ImportRecord[]> {
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

const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const line = (cells: readonly string[]): string => `${cells.map(cell).join(',')}\r\n`;

/**
 * The rejected rows as CSV: the file's header and each bad row's original values, plus a column
 * saying why (comma-separated UTF-8 with a BOM, whatever the file was, so spreadsheets open it).
 */
export async function importErrorReport(
  deps: Deps,
  workspaceId: string,
  id: string,
): Promise<{ fileName: string; csv: string }> {
  const record = await requireImport(deps, workspaceId, id);
  const width = record.headers.length;
  const errorColumn = record.headers.includes('error') ? 'import error' : 'error';
  const parts = ['\ufeff', line([...record.headers, errorColumn])];
  for (let afterRow = 0; ;) {
    const page = await listImportErrors(deps.db, workspaceId, id, { afterRow, limit: 1000 });
    for (const e of page) {
      const values = Array.from({ length: width }, (_, i) => e.values[i] ?? '');
      parts.push(line([...values, `row ${e.rowNumber}: ${e.problems.map(describeProblem).join('; ')}`]));
    }
    if (page.length < 1000) break;
    afterRow = page[page.length - 1]!.rowNumber;
  }
  return { fileName: record.fileName, csv: parts.join('') };
}
