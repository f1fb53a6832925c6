// Content influence through the API (JSON and CSV) over a small hand-built workspace, against
// figures worked out by hand in the comments.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfluenceBase, InfluenceRow } from '../../domain/report-influence.js';
import type { Db } from '../../store/db.js';
import { openTestDb } from '../../../test/support/database.js';
import {
  bearer,
  makeWorkspace,
  testApp,
  testDeps,
  type TestWorkspace,
} from '../../../test/support/fixtures.js';
import { insertEvent, insertLead, insertTransitions } from '../../../test/support/seed-rows.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const PERIOD = 'from=2026-03&to=2026-05';
let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let auth: Record<string, string>;

const at = (day: string) => new Date(`${day}T09:00:00Z`).toISOString();

async function walk(leadId: string, steps: readonly [string, string][]): Promise<void> {
  await insertTransitions(
    db,
    ws.workspace.id,
    leadId,
    steps.map(([stage, day]) => [stage, at(day)] as const),
  );
}

let n = 0;
async function event(
  leadId: string,
  day: string,
  e: { type: 'page' | 'track'; event?: string; properties?: object; context?: object },
): Promise<void> {
  await insertEvent(db, ws.workspace.id, { ...e, messageId: `m-${n++}`, leadId, at: at(day) });
}
const page = (path: string) => ({ type: 'page' as const, properties: { path } });
const download = (asset: string, campaign?: string) => ({
  type: 'track' as const,
  event: 'Content Downloaded',
  properties: { asset },
  ...(campaign ? { context: { campaign: { name: campaign } } } : {}),
});

beforeAll(async () => {
  db = await openTestDb();
  const deps = testDeps(db, () => NOW);
  app = await testApp(deps);
  ws = await makeWorkspace(deps);
  auth = bearer(await ws.key('marketing'));
  const w = ws.workspace.id;
  // A (emea): MQL 5 Mar, SQL 10 Mar, won 10 Apr. /pricing the day before it entered, the ROI
  // calculator (from the spring campaign) before MQL, /blog after SQL but before it was won.
  const a = await insertLead(db, w, { region: 'emea' });
  await walk(a, [
    ['lead', '2026-03-02'],
    ['mql', '2026-03-05'],
    ['sql', '2026-03-10'],
    ['opportunity', '2026-03-20'],
    ['customer', '2026-04-10'],
  ]);
  await event(a, '2026-03-01', page('/pricing'));
  await event(a, '2026-03-04', download('ROI calculator', 'spring'));
  await event(a, '2026-03-20', page('/blog'));
  // B (emea): MQL 6 Mar, no further. The calculator before MQL, /pricing only after it.
  const b = await insertLead(db, w, { region: 'emea' });
  await walk(b, [
    ['lead', '2026-03-03'],
    ['mql', '2026-03-06'],
  ]);
  await event(b, '2026-03-05', download('ROI calculator'));
  await event(b, '2026-03-07', page('/pricing'));
  await event(b, '2026-03-08', page('/pricing'));
  // C (na): never qualifies. /pricing, and /docs read from context.page (no path property).
  const c = await insertLead(db, w, { region: 'na' });
  await walk(c, [['lead', '2026-04-01']]);
  await event(c, '2026-04-02', page('/pricing'));
  await event(c, '2026-04-03', { type: 'page', properties: {}, context: { page: { path: '/docs' } } });
  // E (na): a demo request at the very instant it became an MQL (the event that qualified it); SQL 8 Apr.
  const e = await insertLead(db, w, { region: 'na' });
  await walk(e, [
    ['lead', '2026-04-05'],
    ['mql', '2026-04-06'],
    ['sql', '2026-04-08'],
  ]);
  await event(e, '2026-04-06', { type: 'track', event: 'Demo Requested' });
  // D entered in February, before the period: in no count.
  const d = await insertLead(db, w, { region: 'na' });
  await walk(d, [
    ['lead', '2026-02-20'],
    ['mql', '2026-02-21'],
  ]);
  await event(d, '2026-02-20', page('/pricing'));
});

afterAll(async () => {
  await app.close();
  await db.close();
});

async function report(query: string) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/reports/influence?${query}`, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{
    minLeads: number;
    base: InfluenceBase[];
    rows: InfluenceRow[];
    gap: InfluenceRow[];
  }>();
}
const row = (rows: InfluenceRow[], kind: string, touch: string, group: string | null = null) =>
  rows.find((r) => r.kind === kind && r.touch === touch && r.group === group);
const counts = (r: InfluenceRow | undefined) =>
  r && Object.values(r.stages).map((s) => [s.exposed, s.reached]);

describe('GET /api/v1/reports/influence', () => {
  it('counts the leads that had each touch before MQL, SQL and won, against all leads of the period', async () => {
    const body = await report(PERIOD);
    // A, B, C, E entered in the period: 3 MQLs (75%), 2 SQLs (50%), 1 won (25%).
    expect(body.base).toEqual([
      {
        group: null,
        leads: 4,
        stages: {
          mql: { reached: 3, rate: 0.75 },
          sql: { reached: 2, rate: 0.5 },
          won: { reached: 1, rate: 0.25 },
        },
      },
    ]);
    // /pricing: A before everything, B only after MQL (so not before MQL, but before the SQL and
    // win it never reached), C never qualified. D is not of the period.
    expect(row(body.rows, 'page', '/pricing')?.leads).toBe(3);
    expect(counts(row(body.rows, 'page', '/pricing'))).toEqual([
      [2, 1],
      [3, 1],
      [3, 1],
    ]);
    expect(counts(row(body.rows, 'asset', 'ROI calculator'))).toEqual([
      [2, 2],
      [2, 1],
      [2, 1],
    ]);
    expect(counts(row(body.rows, 'page', '/blog'))).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    expect(counts(row(body.rows, 'campaign', 'spring'))).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(counts(row(body.rows, 'event', 'Demo Requested'))).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
    expect(row(body.rows, 'event', 'Content Downloaded')?.leads).toBe(2);
    expect(row(body.rows, 'page', '/docs')?.leads).toBe(1);
    // Twenty leads are needed for a lift by default: none here, rates only.
    expect(body.minLeads).toBe(20);
    expect(body.rows.every((r) => Object.values(r.stages).every((s) => s.lift === null))).toBe(true);
    expect(row(body.rows, 'asset', 'ROI calculator')?.stages.won).toMatchObject({
      rate: 0.5,
      isSmallSample: true,
    });
  });

  it('lifts from a smaller minimum sample: the share that went on over the base rate', async () => {
    const body = await report(`${PERIOD}&minLeads=1`);
    const roi = row(body.rows, 'asset', 'ROI calculator')!;
    expect(roi.stages.mql.lift).toBeCloseTo(1 / 0.75);
    expect(roi.stages.sql.lift).toBeCloseTo(1);
    expect(roi.stages.won.lift).toBeCloseTo(2);
    expect(roi.stages.won.liftLow!).toBeLessThan(2);
    expect(row(body.rows, 'page', '/pricing')!.stages.won.lift).toBeCloseTo(4 / 3);
    // Two leads are no evidence: the won lift's low end stays below 1, so nothing is a gap.
    expect(body.gap).toEqual([]);
  });

  it('breaks down by territory, each value against its own base, and filters to one', async () => {
    const by = await report(`${PERIOD}&by=territory&minLeads=1`);
    expect(by.base.map((b) => [b.group, b.leads, b.stages.won.rate])).toEqual([
      ['emea', 2, 0.5],
      ['na', 2, 0],
    ]);
    expect(row(by.rows, 'asset', 'ROI calculator', 'emea')!.stages.won.lift).toBeCloseTo(1);
    // No lead of na was won: a base rate of 0 gives no lift.
    expect(row(by.rows, 'page', '/pricing', 'na')!.stages.won.lift).toBeNull();
    const na = await report(`${PERIOD}&territory=na`);
    expect(na.base[0]!.leads).toBe(2);
    expect(row(na.rows, 'asset', 'ROI calculator')).toBeUndefined();
  });

  it('answers CSV: the base first, then a row per touch, counts beside rates', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/influence?${PERIOD}`,
      headers: { ...auth, accept: 'text/csv' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe(
      'kind,touch,group,leads,reach,mql_exposed,mql_reached,mql_rate,mql_lift,mql_lift_low,sql_exposed,sql_reached,sql_rate,sql_lift,sql_lift_low,won_exposed,won_reached,won_rate,won_lift,won_lift_low,gap',
    );
    expect(lines[1]).toBe('base,all leads,,4,1,4,3,0.75,,,4,2,0.5,,,4,1,0.25,,,');
    expect(lines).toContain('asset,ROI calculator,,2,0.5,2,2,1,,,2,1,0.5,,,2,1,0.5,,,');
  });

  it('refuses a minimum sample below one lead, naming the field', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/influence?${PERIOD}&minLeads=0`,
      headers: auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('minLeads');
  });
});
