// What the import kinds' tests do over and over: a CSV file as an upload, an import run to its end,
// a dry run, the workspace's fingerprint without the imports' own bookkeeping, an import's error report.
import { expect } from 'vitest';
import type { ImportKind, ImportMapping } from '../../src/domain/import-mapping.js';
import type { Deps } from '../../src/services/deps.js';
import { runImport, startImport } from '../../src/services/import-run.js';
import { dryRunImport, openImport } from '../../src/services/imports.js';
import type { AuditActor } from '../../src/store/audit-log.js';
import { listImportErrors } from '../../src/store/imports.js';
import type { TestWorkspace } from './fixtures.js';
import { type WorkspaceFingerprint, workspaceFingerprint } from './workspace-fingerprint.js';

export const importer: AuditActor = { type: 'cli', id: null, label: 'importer' };

/** A CSV text as an upload, in one chunk. */
export function csvFile(content: string | Buffer, name = 'file.csv') {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  async function* chunks() {
    yield bytes;
  }
  return { name, bytes: chunks(), size: bytes.length };
}

/** Import helpers bound to the file's deps (read inside tests: deps are set in beforeAll). */
export function importRuns(getDeps: () => Deps) {
  return {
    /** Runs an import to its end; it must finish without a file-level problem. */
    async run(ws: TestWorkspace, kind: ImportKind, content: string, mapping?: ImportMapping) {
      const deps = getDeps();
      const opened = await openImport(csvFile(content), { kind, ...(mapping ? { mapping } : {}) });
      const record = await startImport(deps, ws.workspace.id, importer, opened);
      const done = await runImport(deps, ws.workspace.id, importer, record, opened);
      expect(done.problem).toBeNull();
      return done;
    },
    async dryRun(ws: TestWorkspace, kind: ImportKind, content: string) {
      return dryRunImport(getDeps(), ws.workspace.id, importer, await openImport(csvFile(content), { kind }));
    },
    /** Every row of the workspace but the imports' own records and the audit log. */
    async fingerprint(ws: TestWorkspace): Promise<WorkspaceFingerprint> {
      const all = await workspaceFingerprint(getDeps().db, ws.workspace.id);
      for (const t of ['imports', 'import_errors', 'import_changes', 'audit_log']) delete all[t];
      return all;
    },
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
