// The import flow through the API: the fields a mapping can name, cancel, re-submitting fixed rows
// (and its 400s naming the field), a status that survives the process that ran it, and an error
// report whose formula-looking cells are neutralised.
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { type TestWorkspace, bearer } from '../../../test/support/fixtures.js';
import { silenceImport } from '../../../test/support/import-test.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';
import type { Deps } from '../../services/deps.js';
import { openImport } from '../../services/imports.js';
import { startImport } from '../../services/import-run.js';

let db: Db;
let deps: Deps;
let app: FastifyInstance;
let ws: TestWorkspace;
let auth: Record<string, string>;

const t = workspaceTest({ server: true });
beforeAll(async () => {
  ({ db, deps, server: app, ws } = t);
  auth = bearer(await ws.key('marketing'));
});

function upload(body: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    query: { kind: 'leads', fileName: 'contacts.csv' },
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: body,
  });
}

type Import = {
  id: string;
  status: string;
  fileName: string;
  counts: Record<string, number>;
  progress: Record<string, unknown>;
};

async function finished(id: string): Promise<Import> {
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: auth });
    const body = res.json<Import>();
    if (body.status !== 'running') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const post = (url: string, payload?: Record<string, unknown>) =>
  app.inject({ method: 'POST', url, headers: auth, ...(payload !== undefined ? { payload } : {}) });

/** An import record that is running, with no process behind it yet (so nothing races the test). */
async function runningImport(): Promise<string> {
  async function* bytes() {
    yield Buffer.from('Email\na@b.example\n');
  }
  const opened = await openImport({ name: 'x.csv', bytes: bytes() }, { kind: 'leads' });
  const actor = { type: 'cli' as const, id: null, label: 'test' };
  return (await startImport(deps, ws.workspace.id, actor, opened)).id;
}

describe('the import flow through the API', () => {
  it('counts the file first: its status reads rows of the rows in all from the first answer', async () => {
    const body = [
      'Email,Note',
      'r1@rows.example,"two',
      'lines"',
      'r2@rows.example,plain',
      '',
      'r3@rows.example,"said ""hi"""',
    ].join('\r\n');
    const res = await upload(body);
    expect(res.statusCode).toBe(202);
    expect(res.json().progress).toMatchObject({ rows: 0, rowsTotal: 3, isEstimate: false });
    const done = await finished(res.json<Import>().id);
    expect(done).toMatchObject({
      status: 'done',
      progress: { rows: 3, rowsTotal: 3, isEstimate: false, bytesRead: Buffer.byteLength(body) },
    });
  });

  it('lists the fields each kind maps, with the required ones', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/imports/fields', headers: auth });
    expect(res.statusCode).toBe(200);
    const leads = res
      .json<{ data: { kind: string; fields: { name: string }[]; required: string[][] }[] }>()
      .data.find((k) => k.kind === 'leads')!;
    expect(leads.fields.map((f) => f.name)).toContain('email');
    expect(leads.required).toEqual([['email', 'externalId']]);
  });

  it('cancels a running import (status cancelled, kept in the record) and refuses to cancel it twice', async () => {
    const id = await runningImport();
    const res = await post(`/api/v1/imports/${id}/cancel`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      status: 'cancelled',
      problem: expect.stringMatching(/^cancelled by/),
    });
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: auth })).json(),
    ).toMatchObject({
      status: 'cancelled',
    });
    const again = await post(`/api/v1/imports/${id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('The import is not running (it is cancelled).');
    const undo = await post(`/api/v1/imports/${id}/undo`);
    expect(undo.json()).toMatchObject({ status: 'undone' });
    expect((await post(`/api/v1/imports/00000000-0000-4000-8000-000000000000/cancel`)).statusCode).toBe(404);
  });

  it('reports an import whose process went away as interrupted', async () => {
    const id = await runningImport();
    await silenceImport(db, ws.workspace.id, id, 3_600_000);
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: auth });
    expect(res.json()).toMatchObject({ status: 'interrupted', finishedAt: expect.any(String) });
    const list = await app.inject({ method: 'GET', url: '/api/v1/imports', headers: auth });
    expect(list.json<{ data: Import[] }>().data.find((i) => i.id === id)?.status).toBe('interrupted');
  });

  it('re-submits fixed rows as a new import, and names the field of a bad re-submission', async () => {
    const file = [
      'Email,First Name,Number of Employees',
      'ana@acme.example,Ana,10',
      'broken,=HYPERLINK("http://evil.example"),20',
      'cy@initech.example,Cy,many',
    ].join('\n');
    const first = await finished((await upload(file)).json<Import>().id);
    expect(first.counts).toMatchObject({ created: 1, rejected: 2 });

    // The error report neutralises what a spreadsheet would run as a formula.
    const csv = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${first.id}/errors.csv`,
      headers: auth,
    });
    expect(csv.body.startsWith('\ufeffEmail,First Name,Number of Employees,error\n')).toBe(true);
    expect(csv.body).toContain(`broken,"'=HYPERLINK(""http://evil.example"")",20,`);

    const bad = await post(`/api/v1/imports/${first.id}/resubmit`, {
      rows: [
        { row: 2, values: ['ana@acme.example', 'Ana', '10'] },
        { row: 3, values: ['bo@globex.example', 'Bo'] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'rows.0.row', message: 'row 2 is not a rejected row of this import' },
      { field: 'rows.1.values', message: 'must have 3 values, one per column of the file (has 2)' },
    ]);
    const empty = await post(`/api/v1/imports/${first.id}/resubmit`, { rows: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.rows');
    const typo = await post(`/api/v1/imports/${first.id}/resubmit`, { rows: [{ row: 3, value: [] }] });
    expect(typo.statusCode).toBe(400);

    const res = await post(`/api/v1/imports/${first.id}/resubmit`, {
      rows: [
        { row: 3, values: ['bo@globex.example', 'Bo', '20'] },
        { row: 4, values: ['cy@initech.example', 'Cy', 'lots'] },
      ],
    });
    expect(res.statusCode).toBe(202);
    const second = await finished(res.json<Import>().id);
    expect(second).toMatchObject({
      status: 'done',
      fileName: 'contacts.csv (fixed rows)',
      counts: { rows: 2, created: 1, rejected: 1 },
    });
    const errors = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${second.id}/errors`,
      headers: auth,
    });
    expect(errors.json().data).toEqual([
      {
        row: 4,
        values: ['cy@initech.example', 'Cy', 'lots'],
        problems: [
          { column: 'Number of Employees', value: 'lots', reason: 'employees is not a whole number' },
        ],
      },
    ]);
    const missing = await post(`/api/v1/imports/00000000-0000-4000-8000-000000000000/resubmit`, {
      rows: [{ row: 2, values: [] }],
    });
    expect(missing.statusCode).toBe(404);
  });
});
