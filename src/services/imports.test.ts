// CSV import of leads and accounts with real and hostile files: the error report, the dry run,
// idempotence, and undo, checked against a fingerprint of every row the workspace owns.
import { describe, expect, it } from 'vitest';
import {
  IMPORTER,
  csvFile,
  fingerprintBesideImports,
  importOpened,
  importTest,
} from '../../test/support/import-test.js';
import { type TestWorkspace, makeWorkspace } from '../../test/support/fixtures.js';
import { workspaceFingerprint } from '../../test/support/workspace-fingerprint.js';
import { type ImportOptions, dryRunImport, openImport, previewImport, readImport } from './imports.js';
import { undoImport } from './import-undo.js';
import { listImportErrors } from '../store/imports.js';
import { accounts, leads } from '../store/schema/index.js';
import { leadTransitions } from '../store/transitions.js';
import { storedCount, storedRows } from '../../test/support/stored-rows.js';
import { AppError } from '../domain/errors.js';

const t = importTest();

/** The file in 7-byte chunks, so decoding and parsing are exercised across chunk edges. */
const file = (content: string | Buffer, name = 'leads.csv') => csvFile(content, { name, chunkBytes: 7 });

async function run(ws: TestWorkspace, content: string | Buffer, options: Partial<ImportOptions> = {}) {
  return importOpened(
    t.deps,
    ws.workspace.id,
    await openImport(file(content), { kind: 'leads', ...options }),
  );
}

async function dryRun(ws: TestWorkspace, content: string | Buffer, options: Partial<ImportOptions> = {}) {
  const opened = await openImport(file(content), { kind: 'leads', ...options });
  return dryRunImport(t.deps, ws.workspace.id, IMPORTER, opened);
}

const fingerprint = (ws: TestWorkspace) => fingerprintBesideImports(t.db, ws.workspace.id);

const leadsOf = (ws: TestWorkspace) => storedRows(t.db, leads, { workspaceId: ws.workspace.id }, ['email']);

const GOOD = [
  'Email,First Name,Last Name,Job Title,Company,Number of Employees,Country,Create Date,Record ID',
  'ana@acme.example,Ana,Silva,VP Marketing,Acme,250,Portugal,2025-03-01,c-1',
  'bo@globex.example,Bo,Berg,Engineer,Globex,40,SE,2025-04-02T10:00:00.000Z,c-2',
  'cy@initech.example,Cy,Chen,CTO,Initech,1200,United States,2025-05-03,c-3',
].join('\n');

describe('importing leads', () => {
  it('creates each lead through the engine: fit scored, history from the imported date', async () => {
    const ws = await makeWorkspace(t.deps);
    const done = await run(ws, GOOD);
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const stored = await leadsOf(ws);
    expect(stored.map((l) => l.email)).toEqual([
      'ana@acme.example',
      'bo@globex.example',
      'cy@initech.example',
    ]);
    const ana = stored.find((l) => l.email === 'ana@acme.example')!;
    expect(ana.fitPoints).toBeGreaterThan(0);
    const [first] = await leadTransitions(t.db, ws.workspace.id, ana.id);
    expect(first).toMatchObject({ toStage: 'lead' });
    expect(first!.at.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(await storedCount(t.db, accounts, { workspaceId: ws.workspace.id, domain: 'acme.example' })).toBe(
      1,
    );
  });

  it('importing the same file twice changes nothing; a changed row changes just that lead', async () => {
    const ws = await makeWorkspace(t.deps);
    await run(ws, GOOD);
    const before = await fingerprint(ws);
    const again = await run(ws, GOOD);
    expect(again.counts).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await fingerprint(ws)).toEqual(before);

    const changed = GOOD.replace('Bo,Berg,Engineer', 'Bo,Berg,Staff Engineer');
    const third = await run(ws, changed);
    expect(third.counts).toEqual({ rows: 3, created: 0, updated: 1, unchanged: 2, rejected: 0 });
    expect((await leadsOf(ws)).map((l) => l.title)).toEqual(['VP Marketing', 'Staff Engineer', 'CTO']);
  });

  it('matches by record id first, then by e-mail', async () => {
    const ws = await makeWorkspace(t.deps);
    await run(ws, GOOD);
    // c-2 now has another e-mail: the same lead, its e-mail changed. A row without an id finds ana by e-mail.
    const next = [
      'Email,First Name,Record ID',
      'bo.berg@globex.example,Bo,c-2',
      'ana@acme.example,Anna,',
    ].join('\n');
    const r = await run(ws, next);
    expect(r.counts).toMatchObject({ created: 0, updated: 2, rejected: 0 });
    const stored = await leadsOf(ws);
    expect(stored.map((l) => [l.email, l.firstName])).toEqual([
      ['ana@acme.example', 'Anna'],
      ['bo.berg@globex.example', 'Bo'],
      ['cy@initech.example', 'Cy'],
    ]);
  });

  it('rejects exactly the bad rows, each with its row, column, value and reason, and imports the rest', async () => {
    const ws = await makeWorkspace(t.deps);
    const content = [
      'Email,First Name,Number of Employees,Annual Revenue,Create Date,Country',
      'ok1@a.example,Ok,10,1000,2025-01-01,DE',
      'not-an-email,Bad,10,1000,2025-01-01,DE',
      'ok2@a.example,Ok,ten,1000,2025-01-01,DE',
      'ok3@a.example,Ok,10,"1,5x",2025-01-01,DE',
      'ok4@a.example,Ok,10,1000,31/02/2025,DE',
      'ok5@a.example,Ok,10,1000,2025-01-01,Narnia',
      'ok6@a.example,Ok,"1,200","2,500.50",2025-01-01,France',
      'ok1@a.example,Twice,10,1000,2025-01-01,DE',
      ',NoKey,10,1000,2025-01-01,DE',
    ].join('\r\n');
    const r = await run(ws, content);
    expect(r.counts).toEqual({ rows: 9, created: 2, updated: 0, unchanged: 0, rejected: 7 });
    const errors = await listImportErrors(t.db, ws.workspace.id, r.id, { afterRow: 0, limit: 100 });
    expect(errors.map((e) => [e.rowNumber, e.problems.map((p) => [p.column, p.value, p.reason])])).toEqual([
      [3, [['Email', 'not-an-email', 'email is not an e-mail address']]],
      [4, [['Number of Employees', 'ten', 'employees is not a whole number']]],
      [5, [['Annual Revenue', '1,5x', 'annualRevenue is not a number']]],
      [6, [['Create Date', '31/02/2025', 'createdAt is not a date (ISO 8601 expected)']]],
      [7, [['Country', 'Narnia', 'country is not a country name or ISO 3166 code']]],
      [9, [[null, null, 'is the same lead as row 2 (ok1@a.example)']]],
      [10, [['Email', '', 'email or externalId is required']]],
    ]);
    expect(errors[0]!.values).toEqual(['not-an-email', 'Bad', '10', '1000', '2025-01-01', 'DE']);
    const ok6 = (await leadsOf(ws)).find((l) => l.email === 'ok6@a.example');
    expect(ok6?.employees).toBe(1200);
  });

  it('refuses a file without a required column as a whole, naming the column', async () => {
    const ws = await makeWorkspace(t.deps);
    const err = await openImport(file('First Name,Company\nAna,Acme\n'), { kind: 'leads' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).errors).toEqual([
      {
        field: 'mapping',
        message: 'missing required column: email or externalId (map a column to one of them)',
      },
    ]);
    const bad = await openImport(file(GOOD), {
      kind: 'leads',
      mapping: { fields: { email: 'E-mail address' } },
    }).catch((e: unknown) => e);
    expect((bad as AppError).message).toBe('email: the file has no column "E-mail address"');
    expect(await leadsOf(ws)).toEqual([]);
  });

  it('reads stray quotes, mixed line endings and reports a truncated last line instead of failing', async () => {
    const ws = await makeWorkspace(t.deps);
    const content =
      'Email,Company,First Name\r\n' +
      'a@x.example,Acme "Best" Inc,Ann\n' +
      'b@x.example,"Quoted, with comma",Bea\r' +
      'c@x.example,"multi\nline",Cid\r\n' +
      'd@x.example,"never closed,Dee\n';
    const r = await run(ws, content);
    expect(r.counts).toMatchObject({ rows: 4, created: 3, rejected: 1 });
    const companies = await leadsOf(ws);
    expect(companies.map((c) => c.company)).toEqual(['Acme "Best" Inc', 'Quoted, with comma', 'multi\nline']);
    const errors = await listImportErrors(t.db, ws.workspace.id, r.id, { afterRow: 0, limit: 10 });
    expect(errors.map((e) => [e.rowNumber, e.problems[0]!.reason])).toEqual([
      [5, 'row ends inside a quoted value that is never closed (the file may be cut short)'],
    ]);

    const cut = await run(ws, 'Email,Company,First Name\ne@x.example,Eco,Eve\nf@x.example,Fo');
    const cutErrors = await listImportErrors(t.db, ws.workspace.id, cut.id, { afterRow: 0, limit: 10 });
    expect(cutErrors.map((e) => [e.rowNumber, e.problems[0]!.reason])).toEqual([
      [3, 'has 2 of 3 columns (cut short?)'],
    ]);
  });

  it('reads UTF-16 (either byte order, with its BOM), Latin-1 and UTF-8 with a BOM, with any delimiter', async () => {
    const ws = await makeWorkspace(t.deps);
    const text = 'Email;First Name;Company\nzoe@x.example;Zoë;Société Générale\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await run(ws, le)).counts.created).toBe(1);
    const be = Buffer.from(le.toString('utf16le').replace('zoe@', 'zed@'), 'utf16le').swap16();
    expect(be[0]).toBe(0xfe);
    expect((await run(ws, be)).counts.created).toBe(1);
    const latin1 = Buffer.from(text.replace('zoe@', 'lat@').replaceAll(';', '\t'), 'latin1');
    const opened = await openImport(file(latin1), { kind: 'leads' });
    expect([opened.file.encoding, opened.file.delimiter]).toEqual(['windows-1252', '\t']);
    expect((await run(ws, latin1)).counts.created).toBe(1);
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(text.replace('zoe@', 'bom@').replaceAll(';', '|')),
    ]);
    expect((await run(ws, bom)).counts.created).toBe(1);
    const names = new Set((await leadsOf(ws)).map((l) => `${l.firstName} / ${l.company}`));
    expect([...names]).toEqual(['Zoë / Société Générale']);
  });

  it('stops a hopeless file at the error limit', async () => {
    const ws = await makeWorkspace(t.deps);
    const rows = Array.from({ length: 50 }, (_, i) => `bad-${i},X`);
    const r = await run(ws, ['Email,First Name', ...rows].join('\n'), { maxErrors: 5, batchSize: 4 });
    expect(r.status).toBe('stopped');
    expect(r.problem).toBe('stopped at row 7: more than 5 rows were rejected');
    expect(r.counts.rows).toBe(6);
  });
});

describe('the dry run and the preview', () => {
  it('reports what would be created, updated, unchanged and rejected, and writes nothing', async () => {
    const ws = await makeWorkspace(t.deps);
    await run(ws, GOOD);
    const before = await workspaceFingerprint(t.db, ws.workspace.id);
    const next = `${GOOD.replace('Cy,Chen,CTO', 'Cy,Chen,CEO')}\nnew@n.example,New,One,,,,,,c-9\nbad,X,,,,,,,`;
    const report = await dryRun(ws, next);
    expect(report.counts).toEqual({ rows: 5, created: 1, updated: 1, unchanged: 2, rejected: 1 });
    expect(report.rejected.map((r) => r.row)).toEqual([6]);
    expect(await workspaceFingerprint(t.db, ws.workspace.id)).toEqual(before);
  });

  it('previews the detected headers and a sample of rows as mapped', async () => {
    const opened = await openImport(file(GOOD), { kind: 'leads' });
    const preview = await previewImport(opened, 2);
    expect(preview.mapping.fields).toMatchObject({
      email: 'Email',
      firstName: 'First Name',
      externalId: 'Record ID',
    });
    expect(preview.sample).toHaveLength(2);
    expect(preview.sample[0]!.fields).toMatchObject({
      email: 'ana@acme.example',
      employees: 250,
      country: 'PT',
    });
  });
});

describe('undo', () => {
  it('restores the workspace as it was: created leads and accounts removed, updated ones put back', async () => {
    const ws = await makeWorkspace(t.deps);
    await run(ws, GOOD);
    const before = await fingerprint(ws);
    const next = `${GOOD.replace('Bo,Berg,Engineer,Globex,40', 'Bo,Berg,Director,Globex,4000')}\nnew@newco.example,New,One,CMO,Newco,80,FR,2025-06-01,c-9`;
    const r = await run(ws, next);
    expect(r.counts).toMatchObject({ created: 1, updated: 1, unchanged: 2 });
    expect(await fingerprint(ws)).not.toEqual(before);
    const undone = await undoImport(t.deps, ws.workspace.id, IMPORTER, r.id);
    expect(undone.status).toBe('undone');
    expect(await fingerprint(ws)).toEqual(before);
    await expect(undoImport(t.deps, ws.workspace.id, IMPORTER, r.id)).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});

describe('importing accounts', () => {
  const ACCOUNTS = [
    'Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Record ID',
    'Acme,https://www.acme.example/,Software,250,"12,000,000",Germany,a-1',
    'Globex,globex.example,Energy,5000,,US,',
    'No key,,Retail,10,,,',
  ].join('\n');

  it('upserts by record id else domain, rejects a row it could not find again, and undoes', async () => {
    const ws = await makeWorkspace(t.deps);
    const base = await fingerprint(ws);
    const opened = await openImport(file(ACCOUNTS, 'accounts.csv'), { kind: 'accounts' });
    const r = await importOpened(t.deps, ws.workspace.id, opened);
    expect(r.counts).toEqual({ rows: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const stored = await storedRows(t.db, accounts, { workspaceId: ws.workspace.id }, ['name']);
    expect(
      stored.map(({ name, domain, region, annualRevenue }) => ({ name, domain, region, annualRevenue })),
    ).toEqual([
      { name: 'Acme', domain: 'acme.example', region: 'EMEA', annualRevenue: 12_000_000 },
      { name: 'Globex', domain: 'globex.example', region: 'AMER', annualRevenue: null },
    ]);
    const once = await fingerprint(ws);
    const again = await openImport(file(ACCOUNTS, 'accounts.csv'), { kind: 'accounts' });
    const r2 = await importOpened(t.deps, ws.workspace.id, again);
    expect(r2.counts).toMatchObject({ created: 0, unchanged: 2, rejected: 1 });
    expect(await fingerprint(ws)).toEqual(once);
    await undoImport(t.deps, ws.workspace.id, IMPORTER, r.id);
    expect(await fingerprint(ws)).toEqual(base);
    expect((await readImport(t.deps, ws.workspace.id, r.id)).undoneAt).not.toBeNull();
  });
});
