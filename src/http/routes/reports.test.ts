// The funnel and velocity reports over seeded transitions, checked against figures worked out by
// hand (in the comments), through the API as JSON and CSV.
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { bearer, makeWorkspace, type TestWorkspace } from '../../../test/support/fixtures.js';
import { nineAm as at, reportTest } from '../../../test/support/report-test.js';
import { insertLead, insertTransitions } from '../../../test/support/seed-rows.js';

const t = reportTest();
let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let auth: Record<string, string>;

beforeAll(async () => {
  ({ db, server: app, ws } = t);
  auth = bearer(await ws.key('sales_rep'));
  const w = ws.workspace.id;
  const lead = (fields: Parameters<typeof insertLead>[2]) => insertLead(db, w, fields);
  // A: the whole way, inside the 90-day window (won 74 days after entering).
  await insertTransitions(db, w, await lead({ source: 'google', industry: 'saas' }), [
    ['lead', at('2026-01-05')],
    ['mql', at('2026-01-10')],
    ['sal', at('2026-01-12')],
    ['sql', at('2026-02-01')],
    ['opportunity', at('2026-03-01')],
    ['customer', at('2026-03-20')],
  ]);
  // B: rejected to nurture, recycled to mql, then accepted: reaches mql once and sal once.
  await insertTransitions(db, w, await lead({ source: 'google' }), [
    ['lead', at('2026-01-20')],
    ['mql', at('2026-01-25')],
    ['nurture', at('2026-01-26')],
    ['mql', at('2026-02-10')],
    ['sal', at('2026-02-11')],
  ]);
  // C: a product-qualified lead (pql counts as the mql step), never accepted.
  await insertTransitions(db, w, await lead({ source: 'linkedin' }), [
    ['lead', at('2026-01-28')],
    ['pql', at('2026-02-01')],
  ]);
  // D: February's only lead, still a lead.
  await insertTransitions(db, w, await lead({ source: 'linkedin' }), [['lead', at('2026-02-03')]]);
  // E: accepted on 1 June, past its window (2 January + 90 days): reached mql, did not advance.
  await insertTransitions(db, w, await lead({ source: 'google' }), [
    ['lead', at('2026-01-02')],
    ['mql', at('2026-01-03')],
    ['sal', at('2026-06-01')],
  ]);
  // F: entered in December 2025, before the period: in no cohort, and its lead stay began outside it.
  await insertTransitions(db, w, await lead({ source: 'google' }), [
    ['lead', at('2025-12-20')],
    ['mql', at('2026-01-04')],
  ]);
});

interface Step {
  step: string;
  reached: number;
  advanced: number;
  conversion: number | null;
  fromLead: number | null;
}
interface Funnel {
  cohorts: { cohort: string; group: string | null; status: string; leads: number; steps: Step[] }[];
  total: { group: string | null; basis: string; leads: number; steps: Step[] }[];
}
const figures = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.step, [s.reached, s.advanced]]));

async function get<T>(url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

describe('funnel conversion', () => {
  it('counts each cohort by the transitions, recycled leads once per stage, within the window', async () => {
    const r = await get<Funnel>('/api/v1/reports/funnel?from=2026-01&to=2026-03&windowDays=90');
    const [jan, feb, mar] = r.cohorts;
    // January: A, B, C, E. mql: all four; on to sal after the first mql, within 90 days: A, B.
    expect(jan).toMatchObject({ cohort: '2026-01', status: 'complete', leads: 4 });
    expect(figures(jan!.steps)).toEqual({
      lead: [4, 4],
      mql: [4, 2],
      sal: [2, 1],
      sql: [1, 1],
      opportunity: [1, 1],
      customer: [1, 0],
    });
    expect(jan!.steps.find((s) => s.step === 'mql')?.conversion).toBe(0.5);
    expect(feb).toMatchObject({ cohort: '2026-02', status: 'complete', leads: 1 });
    expect(figures(feb!.steps).mql).toEqual([0, 0]);
    // March had no leads: empty, its rates null rather than 0%.
    expect(mar).toMatchObject({ cohort: '2026-03', status: 'empty', leads: 0 });
    expect(mar!.steps.every((s) => s.conversion === null)).toBe(true);
    // The total adds the complete cohorts' counts: 5 leads, 4 to mql (80%), 2 of them on to sal.
    expect(r.total[0]).toMatchObject({ basis: 'complete', leads: 5 });
    expect(r.total[0]!.steps[0]).toMatchObject({ step: 'lead', reached: 5, advanced: 4, conversion: 0.8 });
  });

  it('shortens the window: with 10 days, A reaches sql no more (sql came 27 days after entering)', async () => {
    const r = await get<Funnel>('/api/v1/reports/funnel?from=2026-01&to=2026-01&windowDays=10');
    // A: lead, mql (5 d), sal (7 d). B: lead, mql (5 d). C: lead, pql (4 d). E: lead, mql (1 d).
    expect(figures(r.cohorts[0]!.steps)).toMatchObject({
      lead: [4, 4],
      mql: [4, 1],
      sal: [1, 0],
      sql: [0, 0],
    });
  });

  it('filters by source and breaks down by it', async () => {
    const linkedin = await get<Funnel>('/api/v1/reports/funnel?from=2026-01&to=2026-02&source=linkedin');
    expect(linkedin.cohorts.map((c) => [c.cohort, c.leads, figures(c.steps).mql])).toEqual([
      ['2026-01', 1, [1, 0]],
      ['2026-02', 1, [0, 0]],
    ]);
    const by = await get<Funnel>('/api/v1/reports/funnel?from=2026-01&to=2026-01&by=source');
    expect(by.cohorts.map((c) => [c.group, c.leads, figures(c.steps).mql])).toEqual([
      ['google', 3, [3, 2]],
      ['linkedin', 1, [1, 0]],
    ]);
  });

  it('a month that has just begun is maturing, not a bare zero', async () => {
    const r = await get<Funnel>('/api/v1/reports/funnel?from=2026-06&to=2026-06');
    expect(r.cohorts).toMatchObject([{ cohort: '2026-06', status: 'empty', leads: 0 }]);
    expect(r.cohorts[0]!.steps.map((s) => s.conversion)).toEqual([null, null, null, null, null, null]);
  });

  it('answers as CSV with counts beside rates', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/funnel?from=2026-01&to=2026-01&format=csv',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('cohort,group,status,step,reached,advanced,conversion,from_lead');
    expect(lines).toContain('2026-01,,complete,mql,4,2,0.5,1');
  });

  it('names the field of a bad filter', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/funnel?from=2026-13',
      headers: auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('from');
    const by = await app.inject({ method: 'GET', url: '/api/v1/reports/funnel?by=colour', headers: auth });
    expect(by.statusCode).toBe(400);
    expect(by.body).toContain('by');
  });
});

interface Velocity {
  stages: {
    stage: string;
    unit: string;
    count: number;
    median: number | null;
    p75: number | null;
    p90: number | null;
  }[];
  cycleTime: { count: number; median: number | null }[];
}

describe('velocity', () => {
  it('times each stage: calendar hours, or business hours where an SLA watches the stage', async () => {
    const r = await get<Velocity>('/api/v1/reports/velocity?from=2026-01&to=2026-03');
    const stage = (s: string) => r.stages.find((x) => x.stage === s);
    // Lead stays begun in the period and ended: E 24 h, C 96 h, A 120 h, B 120 h (F began in December).
    expect(stage('lead')).toMatchObject({ unit: 'hours', count: 4, median: 108, p75: 120, p90: 120 });
    // mql is watched by the agreement's SLA: business hours, Mon–Fri 09–17 UTC. A Sat→Mon 0, B Sun→Mon 0,
    // B again Tue→Wed 8, E Sat 3 Jan → Mon 1 June 105 working days = 840; F's stay has not ended: left out.
    const mql = stage('mql')!;
    expect(mql).toMatchObject({ unit: 'business_hours', count: 4, median: 4 });
    expect(mql.p75).toBeCloseTo(216, 6);
    expect(mql.p90).toBeCloseTo(590.4, 6);
    // sal: A Mon 12 Jan → Sun 1 Feb, 15 working days = 120 h; B's stay is still open.
    expect(stage('sal')).toMatchObject({ unit: 'business_hours', count: 1, median: 120 });
    // Cycle time: A entered 5 January and was won 20 March: 74 days.
    expect(r.cycleTime).toEqual([expect.objectContaining({ count: 1, median: 74 })]);
  });

  it('a new workspace has every stage with no figures, not zeros', async () => {
    const other = await makeWorkspace(t.deps);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/velocity',
      headers: bearer(await other.key('marketing')),
    });
    const r = res.json<Velocity>();
    expect(r.stages.every((s) => s.count === 0 && s.median === null)).toBe(true);
    expect(r.cycleTime).toEqual([]);
  });
});
