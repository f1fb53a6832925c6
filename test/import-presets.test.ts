// Import presets on realistic samples of each export (test/fixtures/imports): each maps with no
// hand mapping, is recognised from its header row, and imports the rows it should; saved mappings
// through the API (save, list, use as a preset, delete, and the 400s naming the field).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { type ImportKind } from '../src/domain/import-fields.js';
import { checkMapping, mapRow } from '../src/domain/import-mapping.js';
import {
  IMPORT_DATASETS,
  IMPORT_PRESETS,
  type ImportPreset,
  builtInPreset,
  detectPreset,
  findDataset,
  presetKind,
  unknownPresetFields,
} from '../src/domain/import-presets.js';
import type { Deps } from '../src/services/deps.js';
import { type OpenedImport, openImport } from '../src/services/imports.js';
import { runImport, startImport } from '../src/services/import-run.js';
import type { AuditActor } from '../src/store/audit-log.js';
import type { Db } from '../src/store/db.js';
import { openTestDb } from './support/database.js';
import { type TestWorkspace, bearer, makeWorkspace, testApp, testDeps } from './support/fixtures.js';

const FIXTURES = path.resolve('test/fixtures/imports');
const actor: AuditActor = { type: 'cli', id: null, label: 'presets test' };
let db: Db;
let deps: Deps;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
});
afterAll(async () => {
  await db.close();
});

function file(name: string) {
  const bytes = readFileSync(path.join(FIXTURES, name));
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 64) yield bytes.subarray(i, i + 64);
  }
  return { name: path.basename(name), bytes: chunks(), size: bytes.length };
}

/** Every row of the file through the opened mapping: the rows read and the rejected row numbers. */
async function readAll(opened: OpenedImport) {
  let valid = 0;
  const rejected: number[] = [];
  for await (const r of opened.file.rows) {
    const m = r.cells === null ? null : mapRow(opened.bound, r.cells);
    if (m?.ok) valid++;
    else rejected.push(r.row);
  }
  return { valid, rejected };
}

/** Each sample: the preset and kind it is read with, its valid rows and its rejected rows (file row numbers). */
const SAMPLES: { file: string; preset: string; kind: ImportKind; valid: number; rejected: number[] }[] = [
  { file: 'hubspot-contacts.csv', preset: 'hubspot-contacts', kind: 'leads', valid: 10, rejected: [11, 12] },
  { file: 'hubspot-deals.csv', preset: 'hubspot-deals', kind: 'opportunities', valid: 6, rejected: [7] },
  {
    file: 'salesforce-data-loader-leads.csv',
    preset: 'salesforce-data-loader',
    kind: 'leads',
    valid: 8,
    rejected: [10, 11],
  },
  {
    file: 'salesforce-data-loader-leads.csv',
    preset: 'salesforce-data-loader',
    kind: 'crm-status',
    valid: 9,
    rejected: [10],
  },
  {
    file: 'salesforce-data-loader-opportunities.csv',
    preset: 'salesforce-data-loader',
    kind: 'opportunities',
    valid: 6,
    rejected: [8],
  },
  {
    file: 'salesforce-report-leads.csv',
    preset: 'salesforce-report',
    kind: 'leads',
    valid: 9,
    rejected: [10],
  },
  {
    file: 'salesforce-report-opportunities.csv',
    preset: 'salesforce-report',
    kind: 'opportunities',
    valid: 7,
    rejected: [9],
  },
  {
    file: 'olist/olist_marketing_qualified_leads_dataset.csv',
    preset: 'olist-mql',
    kind: 'leads',
    valid: 12,
    rejected: [14],
  },
  {
    file: 'olist/olist_closed_deals_dataset.csv',
    preset: 'olist-closed-deals',
    kind: 'opportunities',
    valid: 4,
    rejected: [5],
  },
  { file: 'maven/accounts.csv', preset: 'maven-pipeline', kind: 'accounts', valid: 8, rejected: [8, 11] },
  { file: 'maven/sales_teams.csv', preset: 'maven-pipeline', kind: 'reps', valid: 7, rejected: [6] },
  {
    file: 'maven/sales_pipeline.csv',
    preset: 'maven-pipeline',
    kind: 'opportunities',
    valid: 9,
    rejected: [11],
  },
];

describe('the preset registry', () => {
  it('maps only fields its kinds have, and every dataset step names a preset part with its file', () => {
    for (const preset of IMPORT_PRESETS) {
      for (const part of preset.kinds) expect(unknownPresetFields(part), preset.name).toEqual([]);
    }
    for (const d of IMPORT_DATASETS) {
      for (const step of d.steps) {
        expect(presetKind(builtInPreset(step.preset)!, step.kind)?.file).toBe(step.file);
      }
    }
    expect(
      findDataset(null, ['olist_marketing_qualified_leads_dataset.csv', 'olist_closed_deals_dataset.csv'])
        ?.name,
    ).toBe('olist');
    expect(
      findDataset(null, ['accounts.csv', 'sales_teams.csv', 'sales_pipeline.csv', 'products.csv'])?.name,
    ).toBe('maven');
    expect(findDataset(null, ['accounts.csv', 'sales_pipeline.csv'])).toBeNull();
    expect(findDataset(null, ['accounts.csv'])).toBeNull();
    expect(findDataset('maven-pipeline', [])?.name).toBe('maven');
  });

  it('calls a header row that fits two presets ambiguous, and one that fits none unknown', () => {
    const twin: ImportPreset = { ...builtInPreset('olist-mql')!, name: 'olist-mql-copy' };
    const headers = ['mql_id', 'first_contact_date', 'landing_page_id', 'origin'];
    expect(detectPreset('leads', headers).preset?.name).toBe('olist-mql');
    expect(detectPreset('leads', headers, [...IMPORT_PRESETS, twin])).toEqual({
      preset: null,
      candidates: ['olist-mql', 'olist-mql-copy'],
    });
    expect(detectPreset('leads', ['Email', 'Name'])).toEqual({ preset: null, candidates: [] });
  });
});

describe('each preset on a sample of its export', () => {
  for (const s of SAMPLES) {
    it(`${s.preset} reads ${s.file} as ${s.kind} with no hand mapping`, async () => {
      const opened = await openImport(file(s.file), { kind: s.kind, preset: builtInPreset(s.preset)! });
      const headers = opened.file.headers;
      // Every mapped column is in the header row, and nothing is wrong with the mapping.
      for (const column of Object.values(opened.mapping.fields)) expect(headers).toContain(column);
      expect(checkMapping(s.kind, opened.mapping, headers)).toEqual([]);
      // Every column of the preset the sample carries is mapped.
      const part = presetKind(builtInPreset(s.preset)!, s.kind)!;
      for (const [field, spelled] of Object.entries(part.columns)) {
        const spellings = typeof spelled === 'string' ? [spelled] : spelled;
        if (spellings.some((c) => headers.includes(c)))
          expect(opened.mapping.fields[field], field).toBeDefined();
      }
      expect(await readAll(opened)).toEqual({ valid: s.valid, rejected: s.rejected });
    });
  }

  it('is recognised from the header row when no preset is named (the European report excepted)', async () => {
    for (const s of SAMPLES) {
      const opened = await openImport(file(s.file), { kind: s.kind });
      expect(opened.preset, s.file).toEqual({
        name: s.preset,
        source: 'detected',
        note: expect.stringContaining(s.preset) as string,
      });
    }
    const eu = builtInPreset('salesforce-report-eu')!;
    expect(eu.kinds.every((k) => k.signature.length === 0)).toBe(true);
  });

  it('reads the values as Tandem means them: translated sources, stage dates, scaled revenue, locale dates', async () => {
    const rows = async (name: string, kind: ImportKind, preset: string) => {
      const opened = await openImport(file(name), { kind, preset: builtInPreset(preset)! });
      const out = [];
      for await (const r of opened.file.rows) {
        const m = r.cells && mapRow(opened.bound, r.cells);
        if (m && m.ok) out.push(m.row);
      }
      return out;
    };
    const hubspot = await rows('hubspot-contacts.csv', 'leads', 'hubspot-contacts');
    expect(hubspot[0]).toMatchObject({
      externalId: '51',
      email: 'maria.jonsson@nordlys.example',
      source: 'organic',
      medium: 'organic',
      country: 'SE',
      createdAt: new Date('2024-01-08T09:14:00Z'),
      becameMqlAt: new Date('2024-01-19T11:02:00Z'),
      becameCustomerAt: new Date('2024-04-30T10:00:00Z'),
    });
    expect(hubspot[2]).toMatchObject({ employees: 1200, source: 'social', medium: 'social' });
    const report = await rows('salesforce-report-leads.csv', 'leads', 'salesforce-report');
    expect(report[0]).toMatchObject({
      source: 'purchased_list',
      medium: 'list',
      annualRevenue: 50_000_000,
      createdAt: new Date('2024-01-05T15:32:00Z'),
    });
    expect(report[5]).toMatchObject({ createdAt: new Date('2024-05-09T00:00:00Z'), medium: 'event' });
    // A custom Lead Source value passes through; its medium is unknown.
    expect(report[6]).toMatchObject({ source: 'Webinar 2024-Q2', medium: null });
    const loader = await rows('salesforce-data-loader-leads.csv', 'leads', 'salesforce-data-loader');
    expect(loader[0]).toMatchObject({
      externalId: '00Q5g00000AbCd1EAF',
      createdAt: new Date('2024-01-05T15:32:10.000Z'),
      country: 'US',
    });
    const status = await rows('salesforce-data-loader-leads.csv', 'crm-status', 'salesforce-data-loader');
    expect(status[0]).toMatchObject({ status: 'Closed - Converted', object: 'lead' });
    const accounts = await rows('maven/accounts.csv', 'accounts', 'maven-pipeline');
    expect(accounts.find((a) => a.name === 'Acme Corporation')).toMatchObject({
      industry: 'technology',
      annualRevenue: 1_100_040_000,
    });
    expect(accounts.find((a) => a.name === 'Blacklane')).toMatchObject({ country: 'PH' });
    const deals = await rows('olist/olist_closed_deals_dataset.csv', 'opportunities', 'olist-closed-deals');
    expect(deals[1]).toMatchObject({
      stage: 'won',
      currency: 'BRL',
      amount: 150000,
      leadExternalId: deals[1]!.externalId,
    });
    const pipeline = await rows('maven/sales_pipeline.csv', 'opportunities', 'maven-pipeline');
    expect(pipeline.find((d) => d.externalId === '4HX5G7RA')).toMatchObject({
      amount: 26768,
      currency: 'USD',
      owner: 'Anna Snelling',
      product: 'GTK 500',
    });
    // The pipeline's "GTXPro" is products.csv's "GTX Pro".
    expect(pipeline.find((d) => d.externalId === 'Z063OYW0')).toMatchObject({ product: 'GTX Pro' });
  });

  it('refuses a named preset that does not import the kind, naming preset', async () => {
    const refused = await openImport(file('olist/olist_marketing_qualified_leads_dataset.csv'), {
      kind: 'accounts',
      preset: builtInPreset('olist-mql')!,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).errors[0]?.field).toBe('preset');
  });
});

describe('importing the samples of the kinds Tandem writes today', () => {
  const cases: { file: string; kind: ImportKind; preset: string; created: number; rejected: number }[] = [
    {
      file: 'salesforce-data-loader-leads.csv',
      kind: 'leads',
      preset: 'salesforce-data-loader',
      created: 8,
      rejected: 2,
    },
    {
      file: 'salesforce-report-leads.csv',
      kind: 'leads',
      preset: 'salesforce-report',
      created: 9,
      rejected: 1,
    },
    {
      file: 'olist/olist_marketing_qualified_leads_dataset.csv',
      kind: 'leads',
      preset: 'olist-mql',
      created: 12,
      rejected: 1,
    },
    { file: 'maven/accounts.csv', kind: 'accounts', preset: 'maven-pipeline', created: 8, rejected: 2 },
  ];
  // One workspace per file: a report's lead ids are Salesforce's 15-character ids, Data Loader's the
  // 18-character ones, so the same people from both would clash on their e-mails.
  const spaces = new Map<string, TestWorkspace>();

  for (const c of cases) {
    it(`${c.preset}: ${c.file} imports ${c.created} ${c.kind}, then again changes nothing`, async () => {
      const ws = await makeWorkspace(deps);
      spaces.set(c.file, ws);
      const once = async () => {
        const opened = await openImport(file(c.file), { kind: c.kind });
        expect(opened.preset.name).toBe(c.preset);
        const record = await startImport(deps, ws.workspace.id, actor, opened);
        return runImport(deps, ws.workspace.id, actor, record, opened);
      };
      const first = await once();
      expect(first.status).toBe('done');
      expect(first.counts).toMatchObject({ created: c.created, updated: 0, rejected: c.rejected });
      const second = await once();
      expect(second.counts).toMatchObject({
        created: 0,
        updated: 0,
        unchanged: c.created,
        rejected: c.rejected,
      });
    });
  }

  it('keeps the imported sources and creation dates', async () => {
    const ws = spaces.get('olist/olist_marketing_qualified_leads_dataset.csv')!;
    const rows = await db.query<{ source: string | null; medium: string | null; n: number }>(
      `select source, medium, count(*)::int as n from leads where workspace_id = $1 and external_id like '%'
        and source in ('organic_search', 'paid_search', 'email') group by source, medium order by source`,
      [ws.workspace.id],
    );
    expect(rows).toEqual([
      { source: 'email', medium: 'email', n: 1 },
      { source: 'organic_search', medium: 'organic', n: 2 },
      { source: 'paid_search', medium: 'cpc', n: 1 },
    ]);
  });
});

describe('saved mappings through the API', () => {
  let app: FastifyInstance;
  let auth: Record<string, string>;
  beforeAll(async () => {
    app = await testApp(deps);
    const ws = await makeWorkspace(deps);
    auth = bearer(await ws.key('marketing'));
  });
  afterAll(async () => {
    await app.close();
  });

  const put = (name: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/imports/mappings/${encodeURIComponent(name)}`,
      headers: auth,
      payload,
    });

  it('saves, lists, uses as a preset, replaces and deletes a mapping; refuses bad ones naming the field', async () => {
    const mapping = {
      fields: { email: 'Mail', firstName: 'Vorname', createdAt: 'Angelegt' },
      options: { dateFormat: 'dd.MM.yyyy' },
    };
    const created = await put('crm-de', { kind: 'leads', description: 'Our old CRM', mapping });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'crm-de', kind: 'leads', mapping });
    expect((await put('crm-de', { kind: 'leads', mapping })).statusCode).toBe(200);

    const list = await app.inject({ method: 'GET', url: '/api/v1/imports/mappings', headers: auth });
    expect(list.json<{ data: { name: string; description: string | null }[] }>().data).toEqual([
      expect.objectContaining({ name: 'crm-de', description: null }),
    ]);
    const presets = await app.inject({ method: 'GET', url: '/api/v1/imports/presets', headers: auth });
    const names = presets
      .json<{ data: { name: string; system: string }[] }>()
      .data.map((p) => `${p.system}:${p.name}`);
    expect(names).toEqual([...IMPORT_PRESETS.map((p) => `${p.system}:${p.name}`), 'custom:crm-de']);

    const preview = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/preview',
      query: { kind: 'leads', preset: 'crm-de' },
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: 'Mail,Vorname,Angelegt\nx@firma.example,Jürgen,01.02.2025\n',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      preset: { name: 'crm-de', source: 'preset' },
      sample: [{ fields: { email: 'x@firma.example', createdAt: '2025-02-01T00:00:00.000Z' } }],
    });
    const detected = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/preview',
      query: { kind: 'leads' },
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: readFileSync(path.join(FIXTURES, 'salesforce-report-leads.csv')),
    });
    expect(detected.json()).toMatchObject({ preset: { name: 'salesforce-report', source: 'detected' } });

    const unknownField = await put('bad', {
      kind: 'leads',
      mapping: { fields: { shoeSize: 'Size', email: 'Mail' } },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors).toEqual([
      expect.objectContaining({ field: 'mapping.fields.shoeSize' }),
    ]);
    const builtIn = await put('olist-mql', { kind: 'leads', mapping });
    expect(builtIn.statusCode).toBe(400);
    expect(builtIn.json().errors[0].field).toBe('name');
    const noKind = await put('x', { mapping });
    expect(noKind.statusCode).toBe(400);
    expect(JSON.stringify(noKind.json().errors)).toContain('kind');
    const unknownPreset = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/preview',
      query: { kind: 'leads', preset: 'nope' },
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: 'Mail\nx@firma.example\n',
    });
    expect(unknownPreset.statusCode).toBe(400);
    expect(unknownPreset.json().errors[0].field).toBe('preset');

    const del = () => app.inject({ method: 'DELETE', url: '/api/v1/imports/mappings/crm-de', headers: auth });
    expect((await del()).statusCode).toBe(204);
    expect((await del()).statusCode).toBe(404);
  });
});
