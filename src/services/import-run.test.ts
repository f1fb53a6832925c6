// The import run as a durable job: cancel stops it at a batch boundary (what was written stays and
// undo removes it), an import a dead process left running reads as interrupted, and rows fixed
// from an error report go in as a new import keeping their row numbers.
import { describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { failingFirst } from '../../test/support/faults.js';
import { listImportErrors } from '../store/imports.js';
import { leads } from '../store/schema/index.js';
import {
  IMPORTER,
  csvFile,
  importOpened,
  importTest,
  silenceImport,
} from '../../test/support/import-test.js';
import { storedCount } from '../../test/support/stored-rows.js';
import { type TestWorkspace, makeWorkspace } from '../../test/support/fixtures.js';
import { AppError } from '../domain/errors.js';
import { cancelImport, openResubmission, runImport, startImport } from './import-run.js';
import { undoImport } from './import-undo.js';
import { interruptAbandonedImports, openImport, readImport } from './imports.js';

const t = importTest();

const file = (content: string) => csvFile(content, { name: 'leads.csv' });

const leadRows = (n: number) =>
  ['Email,First Name', ...Array.from({ length: n }, (_, i) => `p${i}@acme${i % 7}.example,P${i}`)].join('\n');

const count = (ws: TestWorkspace) => storedCount(t.db, leads, { workspaceId: ws.workspace.id });

describe('cancelling an import', () => {
  it('stops at the next batch boundary; the batches before stay, and undo removes them', async () => {
    const ws = await makeWorkspace(t.deps);
    const opened = await openImport(file(leadRows(50)), { kind: 'leads', batchSize: 10 });
    const record = await startImport(t.deps, ws.workspace.id, IMPORTER, opened);
    const seen: number[] = [];
    const done = await runImport(t.deps, ws.workspace.id, IMPORTER, record, opened, async (p) => {
      seen.push(p.counts.rows);
      // Asked to stop after the second batch: the third never starts.
      if (seen.length === 2) await cancelImport(t.deps, ws.workspace.id, IMPORTER, record.id);
    });
    expect(seen).toEqual([10, 20]);
    expect(done.status).toBe('cancelled');
    expect(done.counts).toMatchObject({ rows: 20, created: 20 });
    expect(done.problem).toMatch(/^cancelled by importer after 20 rows/);
    expect(done.finishedAt).not.toBeNull();
    expect(await count(ws)).toBe(20);

    await expect(cancelImport(t.deps, ws.workspace.id, IMPORTER, record.id)).rejects.toThrow(
      'The import is not running (it is cancelled).',
    );
    const undone = await undoImport(t.deps, ws.workspace.id, IMPORTER, record.id);
    expect(undone.status).toBe('undone');
    expect(await count(ws)).toBe(0);
  });
});

describe('an import whose process died', () => {
  it('reads as interrupted once silent for long enough; a live one does not', async () => {
    const ws = await makeWorkspace(t.deps);
    const opened = await openImport(file(leadRows(3)), { kind: 'leads' });
    const dead = await startImport(t.deps, ws.workspace.id, IMPORTER, opened);
    const live = await startImport(t.deps, ws.workspace.id, IMPORTER, opened);
    await silenceImport(t.db, ws.workspace.id, dead.id, 10 * 60_000);
    expect((await readImport(t.deps, ws.workspace.id, dead.id)).status).toBe('interrupted');
    expect((await readImport(t.deps, ws.workspace.id, dead.id)).problem).toMatch(/can be undone/);
    expect((await readImport(t.deps, ws.workspace.id, live.id)).status).toBe('running');
    // At start-up on the embedded database every running import is from a dead process.
    expect(await interruptAbandonedImports(t.db, { workspaceId: ws.workspace.id, silentForMs: 0 })).toBe(1);
    expect((await readImport(t.deps, ws.workspace.id, live.id)).status).toBe('interrupted');
    // A run that finds its import no longer running writes nothing.
    const after = await runImport(t.deps, ws.workspace.id, IMPORTER, live, opened);
    expect(after.status).toBe('interrupted');
    expect(await count(ws)).toBe(0);
  });
});

describe('re-submitting fixed rows', () => {
  it('imports them as a new import with the same mapping, keeping their row numbers', async () => {
    const ws = await makeWorkspace(t.deps);
    const content = [
      'Mail,Name,Size',
      'ana@acme.example,Ana,10',
      'broken,Bo,20',
      'cy@initech.example,Cy,many',
      'di@hooli.example,Di,30',
    ].join('\n');
    const mapping = { fields: { email: 'Mail', firstName: 'Name', employees: 'Size' } };
    const opened = await openImport(file(content), { kind: 'leads', mapping });
    const first = await importOpened(t.deps, ws.workspace.id, opened);
    expect(first.counts).toMatchObject({ created: 2, rejected: 2 });

    const fixed = await openResubmission(t.deps, ws.workspace.id, first.id, [
      { row: 4, values: ['cy@initech.example', 'Cy', 'lots'] },
      { row: 3, values: ['bo@globex.example', 'Bo', '20'] },
    ]);
    const second = await importOpened(t.deps, ws.workspace.id, fixed);
    expect(second).toMatchObject({
      status: 'done',
      fileName: 'leads.csv (fixed rows)',
      kind: 'leads',
      mapping,
      headers: ['Mail', 'Name', 'Size'],
      counts: { rows: 2, created: 1, rejected: 1 },
    });
    expect(second.bytesRead).toBe(second.bytesTotal);
    const still = await listImportErrors(t.db, ws.workspace.id, second.id, { afterRow: 0, limit: 10 });
    expect(still.map((e) => [e.rowNumber, e.values])).toEqual([[4, ['cy@initech.example', 'Cy', 'lots']]]);
    expect(await count(ws)).toBe(3);
  });

  it('refuses rows not in the error report, given twice or of the wrong width, naming each', async () => {
    const ws = await makeWorkspace(t.deps);
    const opened = await openImport(file('Email,Name\nbroken,Bo\nok@x.example,Ok\n'), { kind: 'leads' });
    const first = await importOpened(t.deps, ws.workspace.id, opened);
    const err = await openResubmission(t.deps, ws.workspace.id, first.id, [
      { row: 2, values: ['bo@x.example', 'Bo'] },
      { row: 2, values: ['bo@x.example', 'Bo'] },
      { row: 3, values: ['ok@x.example'] },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).errors).toEqual([
      { field: 'rows.1.row', message: 'row 2 is given twice' },
      { field: 'rows.2.row', message: 'row 3 is not a rejected row of this import' },
      { field: 'rows.2.values', message: 'must have 2 values, one per column of the file (has 1)' },
    ]);
  });
});

describe('a batch retried after a serialization failure', () => {
  // The first time a batch stamps its progress, its transaction fails as a deadlock would.
  const failingOnce = (inner: Db, failures: { count: number }) =>
    failingFirst(inner, 'update imports set counts', failures);

  it('keeps none of the failed attempt: no row is taken for a duplicate of itself', async () => {
    const ws = await makeWorkspace(t.deps);
    const failures = { count: 0 };
    const flakyDeps = { ...t.deps, db: failingOnce(t.db, failures) };
    const opened = await openImport(file(leadRows(5)), { kind: 'leads', batchSize: 3 });
    const record = await startImport(flakyDeps, ws.workspace.id, IMPORTER, opened);
    const done = await runImport(flakyDeps, ws.workspace.id, IMPORTER, record, opened);
    expect(failures.count).toBe(1);
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ rows: 5, created: 5, updated: 0, unchanged: 0, rejected: 0 });
    expect(await listImportErrors(t.db, ws.workspace.id, record.id, { afterRow: 0, limit: 10 })).toEqual([]);
    expect(await count(ws)).toBe(5);
  });
});

describe('progress in rows', () => {
  const content = leadRows(10);
  const chunked = (reread: boolean) => {
    const bytes = Buffer.from(content, 'utf8');
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 20) yield bytes.subarray(i, i + 20);
    }
    return { name: 'leads.csv', bytes: chunks(), size: bytes.length, ...(reread ? { reread: chunks } : {}) };
  };

  it('counts the rows first when the file can be read twice: 4 of 10 rows', async () => {
    const ws = await makeWorkspace(t.deps);
    const opened = await openImport(chunked(true), { kind: 'leads', batchSize: 4 });
    const record = await startImport(t.deps, ws.workspace.id, IMPORTER, opened);
    expect(record.rowsTotal).toBe(10);
    const seen: unknown[] = [];
    await runImport(t.deps, ws.workspace.id, IMPORTER, record, opened, (p) => void seen.push(p.rows));
    expect(seen).toEqual([
      { rows: 4, rowsTotal: 10, isEstimate: false },
      { rows: 8, rowsTotal: 10, isEstimate: false },
      { rows: 10, rowsTotal: 10, isEstimate: false },
    ]);
  });

  it('estimates the total from the bytes read until the end of the file makes it known', async () => {
    const ws = await makeWorkspace(t.deps);
    const opened = await openImport(chunked(false), { kind: 'leads', batchSize: 4 });
    const record = await startImport(t.deps, ws.workspace.id, IMPORTER, opened);
    expect(record.rowsTotal).toBeNull();
    const seen: { rows: number; rowsTotal: number | null; isEstimate: boolean }[] = [];
    const done = await runImport(
      t.deps,
      ws.workspace.id,
      IMPORTER,
      record,
      opened,
      (p) => void seen.push(p.rows),
    );
    expect(seen[0]).toMatchObject({ rows: 4, isEstimate: true });
    expect(seen[0]!.rowsTotal).toBeGreaterThanOrEqual(4);
    expect(done.rowsTotal).toBe(10);
  });

  it('counts a UTF-16 file’s rows first too, in either byte order: its progress is never an estimate', async () => {
    const ws = await makeWorkspace(t.deps);
    // A quoted name with a line end in it is one row, not two.
    const text = content.replace(',P3\n', ',"P\n3"\n');
    for (const order of ['le', 'be'] as const) {
      const le = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text.replaceAll('@', `.${order}@`), 'utf16le'),
      ]);
      const bytes = order === 'le' ? le : Buffer.from(le).swap16();
      async function* chunks() {
        // Odd-sized chunks: code units are split between them.
        for (let i = 0; i < bytes.length; i += 21) yield bytes.subarray(i, i + 21);
      }
      const opened = await openImport(
        { name: 'leads.csv', bytes: chunks(), size: bytes.length, reread: chunks },
        { kind: 'leads', batchSize: 4 },
      );
      expect(opened.file.encoding).toBe(`utf-16${order}`);
      const record = await startImport(t.deps, ws.workspace.id, IMPORTER, opened);
      expect(record.rowsTotal).toBe(10);
      const seen: unknown[] = [];
      const done = await runImport(
        t.deps,
        ws.workspace.id,
        IMPORTER,
        record,
        opened,
        (p) => void seen.push(p.rows),
      );
      expect(done.counts.created).toBe(10);
      expect(seen).toEqual([
        { rows: 4, rowsTotal: 10, isEstimate: false },
        { rows: 8, rowsTotal: 10, isEstimate: false },
        { rows: 10, rowsTotal: 10, isEstimate: false },
      ]);
    }
  });
});
