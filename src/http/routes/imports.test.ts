// /api/v1/imports end to end: upload a raw CSV body, follow the import, read and download its
// error report, dry-run, undo; and the file-level refusals.
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { leads } from '../../store/schema/index.js';
import { type TestWorkspace, bearer } from '../../../test/support/fixtures.js';
import { storedRows } from '../../../test/support/stored-rows.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let auth: Record<string, string>;

const t = workspaceTest({ server: true });
beforeAll(async () => {
  ({ db, server: app, ws } = t);
  auth = bearer(await ws.key('marketing'));
});
const leadsOf = () => storedRows(db, leads, { workspaceId: ws.workspace.id }, ['email']);

const FILE = [
  'Email,First Name,Company,Number of Employees,Record ID',
  'ana@acme.example,Ana,Acme,250,c-1',
  'broken,Bo,Globex,40,c-2',
  'cy@initech.example,Cy,"Initech, Inc",many,c-3',
  'di@hooli.example,Di,Hooli,90,c-4',
].join('\n');

function upload(body: string | Buffer, query: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    query: { kind: 'leads', fileName: 'contacts.csv', ...query },
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: body,
  });
}

async function finished(id: string) {
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: auth });
    const body = res.json<{ status: string }>();
    if (body.status !== 'running') return res.json<{ status: string; counts: Record<string, number> }>();
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('importing through the API', () => {
  it('dry-runs, imports, reports exactly the bad rows (JSON and CSV), re-imports as a no-op and undoes', async () => {
    const dry = await upload(FILE, { dryRun: 'true' });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ counts: { rows: 4, created: 2, rejected: 2 }, stopped: null });
    expect(await leadsOf()).toEqual([]);

    const started = await upload(FILE);
    expect(started.statusCode).toBe(202);
    const { id } = started.json<{ id: string }>();
    const done = await finished(id);
    expect(done).toMatchObject({ status: 'done', counts: { rows: 4, created: 2, rejected: 2 } });

    const errors = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}/errors`, headers: auth });
    expect(errors.json()).toEqual({
      data: [
        {
          row: 3,
          values: ['broken', 'Bo', 'Globex', '40', 'c-2'],
          problems: [{ column: 'Email', value: 'broken', reason: 'email is not an e-mail address' }],
        },
        {
          row: 4,
          values: ['cy@initech.example', 'Cy', 'Initech, Inc', 'many', 'c-3'],
          problems: [
            { column: 'Number of Employees', value: 'many', reason: 'employees is not a whole number' },
          ],
        },
      ],
      nextAfterRow: null,
    });
    const csv = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}/errors.csv`, headers: auth });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="contacts-errors.csv"');
    expect(csv.body).toBe(
      '\ufeffEmail,First Name,Company,Number of Employees,Record ID,error\n' +
        'broken,Bo,Globex,40,c-2,"row 3: Email ""broken"": email is not an e-mail address"\n' +
        'cy@initech.example,Cy,"Initech, Inc",many,c-3,"row 4: Number of Employees ""many"": employees is not a whole number"\n',
    );

    // The fixed rows, sent again as the error report came back: only they change anything.
    const fixed = csv.body.replace('broken,', 'bo@globex.example,').replace(',many,', ',1000,');
    const second = await finished((await upload(fixed)).json<{ id: string }>().id);
    expect(second.counts).toMatchObject({ created: 2, rejected: 0 });
    const again = await finished((await upload(FILE)).json<{ id: string }>().id);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 2 });

    const undo = await app.inject({ method: 'POST', url: `/api/v1/imports/${id}/undo`, headers: auth });
    expect(undo.json()).toMatchObject({ status: 'undone' });
    const left = await leadsOf();
    expect(left.map((l) => l.email)).toEqual(['bo@globex.example', 'cy@initech.example']);
    const twice = await app.inject({ method: 'POST', url: `/api/v1/imports/${id}/undo`, headers: auth });
    expect(twice.statusCode).toBe(409);
  });

  it('previews a UTF-16 file with the mapping it guessed', async () => {
    const text = 'Company name\tCompany Domain Name\nSociété\tsociete.example\n';
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/preview',
      query: { kind: 'accounts' },
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      mapping: { fields: { name: 'Company name', domain: 'Company Domain Name' } },
      sample: [{ row: 2, fields: { name: 'Société', domain: 'societe.example' }, problems: [] }],
    });
  });

  it('refuses a file missing a required column, a bad mapping and a body that is not a file', async () => {
    const missing = await upload('First Name\nAna\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      {
        field: 'mapping',
        message: 'missing required column: email or externalId (map a column to one of them)',
      },
    ]);
    const badMapping = await upload(FILE, { mapping: '{"fields":{"email":"Mail"}}' });
    expect(badMapping.json().detail).toBe('email: the file has no column "Mail"');
    const notJson = await upload(FILE, { mapping: '{' });
    expect(notJson.json().errors[0].field).toBe('query.mapping');
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      query: { kind: 'leads' },
      headers: auth,
      payload: { email: 'x@y.example' },
    });
    expect(json.statusCode).toBe(415);
  });
});
