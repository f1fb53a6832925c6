// Every list downloads as CSV: all pages of the same query, filters applied, formula cells neutralised.
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { insertLead } from '../store/leads.js';
import { openTestWorkspace, type TestWorkspace, testApp } from '../../test/support/fixtures.js';

let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let auth: { authorization: string };

// More leads than one streamed page (200), so the download must follow the cursor.
const LEAD_COUNT = 230;
const HOSTILE = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)'];

beforeAll(async () => {
  const opened = await openTestWorkspace();
  db = opened.db;
  ws = opened.ws;
  app = await testApp(opened.deps);
  auth = { authorization: `Bearer ${await ws.key('admin')}` };
  const lead = (i: number) => ({
    email: `p${i}@csv.example`,
    company: HOSTILE[i] ?? `Company ${i}`,
    source: i % 3 === 0 ? 'google' : 'linkedin',
    employees: i,
    traits: { i, note: 'a, "quoted"\nline' },
  });
  // The hostile ones through the API, as a user would send them; the rest straight into the store.
  for (let i = 0; i < HOSTILE.length; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/leads', headers: auth, payload: lead(i) });
    expect(res.statusCode).toBe(201);
  }
  await db.transaction(async (tx) => {
    for (let i = HOSTILE.length; i < LEAD_COUNT; i++) await insertLead(tx, ws.workspace.id, lead(i));
  });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

type Page = { data: Record<string, unknown>[]; nextCursor?: string | null };

async function jsonPages(url: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null | undefined;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await app.inject({
      url: `${url}${sep}limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const page = res.json<Page>();
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The CSV the JSON pages say the download should be: the same cells, one column per field. */
function csvOf(items: Record<string, unknown>[], columns: string[]): string {
  const cell = (item: Record<string, unknown>, c: string): unknown => {
    const [head, sub] = c.split('.') as [string, string | undefined];
    const v = sub ? (item[head] as Record<string, unknown> | null)?.[sub] : item[head];
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  };
  return stringify(
    items.map((item) => columns.map((c) => cell(item, c))),
    { header: true, columns, escape_formulas: true },
  );
}

describe('CSV download of a list', () => {
  it('is every page of the JSON list, in the same order, as one CSV file', async () => {
    const res = await app.inject({ url: '/api/v1/leads?format=csv&sort=createdAt', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="leads.csv"');
    const columns = res.body.split('\n')[0]!.split(',');
    expect(columns).toEqual(
      expect.arrayContaining(['id', 'email', 'traits', 'stage', 'owner.id', 'owner.name']),
    );
    const items = await jsonPages('/api/v1/leads?sort=createdAt');
    expect(items).toHaveLength(LEAD_COUNT);
    expect(res.body).toBe(csvOf(items, columns));
  });

  it('answers Accept: text/csv too, and applies the filters', async () => {
    const res = await app.inject({
      url: '/api/v1/leads?source=google',
      headers: { ...auth, accept: 'text/csv' },
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body.trimEnd().split('\n');
    expect(lines.length - 1).toBe(Math.ceil(LEAD_COUNT / 3));
    const columns = lines[0]!.split(',');
    expect(res.body).toBe(csvOf(await jsonPages('/api/v1/leads?source=google'), columns));
  });

  it('neutralises a cell a spreadsheet would run as a formula, and leaves numbers alone', async () => {
    const res = await app.inject({ url: '/api/v1/leads?format=csv&sort=createdAt', headers: auth });
    const rows = res.body.split('\n');
    for (const [i, hostile] of HOSTILE.entries()) {
      const row = rows.find((r) => r.includes(`,p${i}@csv.example,`)) ?? '';
      expect(row).toContain(`'${hostile.slice(0, 5)}`);
    }
    // A formula never starts a cell: each of them was prefixed.
    expect(res.body).not.toMatch(/(^|,)"?[=+@\t]/m);
    const { csvWriter } = await import('./csv-export.js');
    const w = csvWriter(['n', 's']);
    const chunks: string[] = [];
    w.on('data', (c: Buffer) => chunks.push(c.toString()));
    w.write({ n: -5, s: '-5' });
    w.write({ n: 1, s: '\tTab' });
    w.write({ n: 2, s: '\rCR' });
    w.write({ n: 3, s: 'B\0o' });
    w.write({ n: 4, s: '=\0' });
    w.end();
    await new Promise((r) => w.on('end', r));
    expect(chunks.join('')).toBe("n,s\n-5,'-5\n1,'\tTab\n2,\"'\rCR\"\n3,B\uFFFDo\n4,'=\uFFFD\n");
  });

  it('streams the other lists too: accounts, members, teams, webhooks, a lead history', async () => {
    const lead = (await jsonPages('/api/v1/leads?sort=createdAt'))[0]!;
    for (const [url, name] of [
      ['/api/v1/accounts', 'accounts'],
      ['/api/v1/users', 'members'],
      ['/api/v1/teams', 'teams'],
      ['/api/v1/webhooks', 'webhooks'],
      [`/api/v1/leads/${lead.id as string}/events`, 'lead-events'],
      [`/api/v1/leads/${lead.id as string}/transitions`, 'lead-transitions'],
    ] as const) {
      const res = await app.inject({ url: `${url}?format=csv`, headers: auth });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-disposition'], url).toBe(`attachment; filename="${name}.csv"`);
    }
    const members = await app.inject({ url: '/api/v1/users?format=csv', headers: auth });
    expect(members.body).toContain(ws.admin.email);
  });

  it('refuses as the JSON list does: an unknown format, a missing lead, a role without the right', async () => {
    const bad = await app.inject({ url: '/api/v1/leads?format=xml', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.format');
    const missing = await app.inject({
      url: '/api/v1/leads/00000000-0000-4000-8000-000000000000/events?format=csv',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const rep = await app.inject({
      url: '/api/v1/webhooks?format=csv',
      headers: { authorization: `Bearer ${await ws.key('sales_rep')}` },
    });
    expect(rep.statusCode).toBe(403);
  });

  it('is documented: the list routes answer text/csv in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, { get: { responses: { 200: { content: Record<string, unknown> } } } }>;
    }>();
    expect(Object.keys(doc.paths['/api/v1/leads']!.get.responses[200].content)).toEqual([
      'application/json',
      'text/csv',
    ]);
  });
});
