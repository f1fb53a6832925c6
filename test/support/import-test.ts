// The set-up the import service tests share: one database and its deps for the file (each test
// makes its own workspace), the CLI as the actor, a CSV file given as a string, an import run to
// its end, what it changed, and a way to make an import look abandoned by its process.
import { expect } from 'vitest';
import type { ImportKind } from '../../src/domain/import-fields.js';
import type { ImportMapping } from '../../src/domain/import-mapping.js';
import type { Deps } from '../../src/services/deps.js';
import { runImport, startImport } from '../../src/services/import-run.js';
import { type ImportRecord, dryRunImport, openImport } from '../../src/services/imports.js';
import type { AuditActor } from '../../src/store/audit-log.js';
import type { Db } from '../../src/store/db.js';
import { listImportErrors } from '../../src/store/imports.js';
import { testDatabase } from './database.js';
import { type TestWorkspace, testDeps } from './fixtures.js';
import { type WorkspaceFingerprint, workspaceFingerprint } from './workspace-fingerprint.js';

/** Who runs the imports of these tests. */
export const IMPORTER: AuditActor = { type: 'cli', id: null, label: 'importer' };

/** The hooks of an import test file: its database, opened before its tests and closed after them. */
export function importTest(): { readonly db: Db; readonly deps: Deps } {
  const t = testDatabase();
  return {
    get db() {
      return t.db;
    },
    get deps() {
      return testDeps(t.db);
    },
  };
}

/**
 * A CSV file as an upload streams it: `content` in chunks of `chunkBytes` (all at once unless
 * told), so decoding and parsing can be exercised across chunk edges.
 */
export function csvFile(content: string | Buffer, opts: { name?: string; chunkBytes?: number } = {}) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const step = opts.chunkBytes ?? Math.max(bytes.length, 1);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
  }
  return { name: opts.name ?? 'leads.csv', bytes: chunks(), size: bytes.length };
}

/** Makes a running import's record look untouched for `silentForMs`, as when its process died. */
export async function silenceImport(
  db: Db,
  workspaceId: string,
  id: string,
  silentForMs: number,
): Promise<void> {
  await db.query(
    `update imports set updated_at = now() - make_interval(secs => $3::double precision / 1000)
      where workspace_id = $1 and id = $2`,
    [workspaceId, id, silentForMs],
  );
}

/** Starts an import of the opened file and runs it to its end, as the CLI does. */
export async function importOpened(
  deps: Deps,
  workspaceId: string,
  opened: Parameters<typeof startImport>[3],
): Promise<ImportRecord> {
  const record = await startImport(deps, workspaceId, IMPORTER, opened);
  return runImport(deps, workspaceId, IMPORTER, record, opened);
}

/** The workspace's rows apart from the imports' own records of themselves (and the audit log of them). */
export async function fingerprintBesideImports(db: Db, workspaceId: string): Promise<WorkspaceFingerprint> {
  const all = await workspaceFingerprint(db, workspaceId);
  for (const table of ['imports', 'import_errors', 'import_changes', 'audit_log']) delete all[table];
  return all;
}

/** The import kinds' tests' round trip, bound to the file's deps (read inside tests: set in beforeAll). */
export function importRuns(getDeps: () => Deps) {
  const file = (content: string) => csvFile(content, { name: 'file.csv' });
  return {
    /** Runs an import to its end; it must finish without a file-level problem. */
    async run(ws: TestWorkspace, kind: ImportKind, content: string, mapping?: ImportMapping) {
      const opened = await openImport(file(content), { kind, ...(mapping ? { mapping } : {}) });
      const done = await importOpened(getDeps(), ws.workspace.id, opened);
      expect(done.problem).toBeNull();
      return done;
    },
    async dryRun(ws: TestWorkspace, kind: ImportKind, content: string) {
      return dryRunImport(getDeps(), ws.workspace.id, IMPORTER, await openImport(file(content), { kind }));
    },
    fingerprint: (ws: TestWorkspace) => fingerprintBesideImports(getDeps().db, ws.workspace.id),
    /** The error report as [row, [column, value, reason]…]. */
    async errorsOf(ws: TestWorkspace, importId: string) {
      const errors = await listImportErrors(getDeps().db, ws.workspace.id, importId, {
        afterRow: 0,
        limit: 100,
      });
      return errors.map((e) => [e.rowNumber, e.problems.map((p) => [p.column, p.value, p.reason])]);
    },
  };
}
