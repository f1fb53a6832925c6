// Shared goals, spend and return, and the reverse-funnel planner through the API (JSON and CSV),
// over a small workspace whose figures are worked out by hand in the comments.
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { insertOpportunity } from '../../store/opportunities.js';
import { auditLog } from '../../store/schema/index.js';
import { bearer, makeWorkspace, type TestWorkspace } from '../../../test/support/fixtures.js';
import { nineAm as at, reportTest } from '../../../test/support/report-test.js';
import { insertLead, insertTransitions } from '../../../test/support/seed-rows.js';
import { storedRows } from '../../../test/support/stored-rows.js';

const t = reportTest();
let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let admin: Record<string, string>;
let marketing: Record<string, string>;
let rep: Record<string, string>;

async function opportunity(
  leadId: string,
  fields: { amount: number; probability: number; created: string; won?: string; lost?: string },
) {
  const closed = fields.won ?? fields.lost ?? null;
  await insertOpportunity(db, ws.workspace.id, {
    leadId,
    accountId: null,
    ownerId: null,
    name: `Deal ${fields.amount}`,
    amount: fields.amount,
    currency: 'USD',
    stage: fields.won ? 'Closed Won' : fields.lost ? 'Closed Lost' : 'Proposal',
    probability: fields.probability,
    isProbabilitySet: false,
    isClosed: closed !== null,
    isWon: fields.won !== undefined,
    source: null,
    createdAt: new Date(at(fields.created)),
    closeDate: closed ? new Date(at(closed)) : null,
    closedAt: closed ? new Date(at(closed)) : null,
    externalId: null,
    externalSystem: null,
  });
}

beforeAll(async () => {
  ({ db, server: app, ws } = t);
  admin = bearer(await ws.key('admin'));
  marketing = bearer(await ws.key('marketing'));
  rep = bearer(await ws.key('sales_rep'));
  const w = ws.workspace.id;
  // A (google): the whole way; won 10,000 on 20 March.
  const a = await insertLead(db, w, { source: 'google' });
  await insertTransitions(db, w, a, [
    ['lead', at('2026-01-05')],
    ['mql', at('2026-01-10')],
    ['sal', at('2026-01-12')],
    ['sql', at('2026-02-01')],
    ['opportunity', at('2026-03-01')],
    ['customer', at('2026-03-20')],
  ]);
  await opportunity(a, { amount: 10_000, probability: 1, created: '2026-03-01', won: '2026-03-20' });
  // B (google): to SQL; an open 20,000 deal at 50% created 1 March (weighted 10,000).
  const b = await insertLead(db, w, { source: 'google' });
  await insertTransitions(db, w, b, [
    ['lead', at('2026-01-20')],
    ['mql', at('2026-01-25')],
    ['sal', at('2026-02-11')],
    ['sql', at('2026-02-20')],
  ]);
  await opportunity(b, { amount: 20_000, probability: 0.5, created: '2026-03-01' });
  // C (linkedin): a PQL in February; a 5,000 deal lost in April (in no pipeline, no revenue).
  const c = await insertLead(db, w, { source: 'linkedin' });
  await insertTransitions(db, w, c, [
    ['lead', at('2026-02-03')],
    ['pql', at('2026-02-05')],
  ]);
  await opportunity(c, { amount: 5_000, probability: 0, created: '2026-04-05', lost: '2026-04-30' });
  // D (linkedin): the whole way in April and May; won 30,000 on 10 May.
  const d = await insertLead(db, w, { source: 'linkedin' });
  await insertTransitions(db, w, d, [
    ['lead', at('2026-04-02')],
    ['mql', at('2026-04-03')],
    ['sal', at('2026-04-04')],
    ['sql', at('2026-04-10')],
    ['opportunity', at('2026-04-20')],
    ['customer', at('2026-05-10')],
  ]);
  await opportunity(d, { amount: 30_000, probability: 1, created: '2026-04-20', won: '2026-05-10' });
  // E (organic): entered in May, MQL and SQL in June.
  const e = await insertLead(db, w, { source: 'organic' });
  await insertTransitions(db, w, e, [
    ['lead', at('2026-05-01')],
    ['mql', at('2026-06-02')],
    ['sql', at('2026-06-10')],
  ]);
  // F (google): June's only new lead.
  await insertTransitions(db, w, await insertLead(db, w, { source: 'google' }), [['lead', at('2026-06-03')]]);
});

const get = (url: string, headers = rep) => app.inject({ method: 'GET', url, headers });

/** The workspace's audit entries of `action` (on `targetId` if given), oldest first. */
const audited = (action: string, targetId?: string) =>
  storedRows(db, auditLog, { workspaceId: ws.workspace.id, action, ...(targetId ? { targetId } : {}) });

describe('shared goals', () => {
  it('only an admin sets a goal (403 otherwise); bad input is a 400 naming the field; each change is audited', async () => {
    const put = (path: string, body: unknown, headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url: `/api/v1/goals/${path}`, headers, payload: body as object });
    expect((await put('2026-Q2/revenue', { target: 60_000 }, marketing)).statusCode).toBe(403);
    expect((await put('2026-Q2/revenue', { target: 60_000 }, rep)).statusCode).toBe(403);
    const bad = await put('2026-Q2/bookings', { target: 1 }, admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('metric');
    const negative = await put('2026-Q2/revenue', { target: -5 }, admin);
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('target');
    expect((await put('2026-Q5/revenue', { target: 5 }, admin)).body).toContain('period');

    expect((await put('2026-Q2/revenue', { target: 50_000 }, admin)).statusCode).toBe(200);
    const set = await put('2026-Q2/revenue', { target: 60_000 }, admin);
    expect(set.json()).toMatchObject({ period: '2026-Q2', metric: 'revenue', target: 60_000 });
    expect((await put('2026-06/mqls', { target: 4 }, admin)).statusCode).toBe(200);
    expect((await put('2026-Q1/sqls', { target: 3 }, admin)).statusCode).toBe(200);
    const audit = await audited('goal.set', '2026-Q2/revenue');
    expect(audit.map((r) => [r.details.previous, r.details.target])).toEqual([
      [null, 50_000],
      [60_000 - 10_000, 60_000],
    ]);
  });

  it('attainment: actual against the goal and against the pace expected by now, the same for every role', async () => {
    const res = await get('/api/v1/reports/goals?from=2026-01&to=2026-06');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      goals: { period: string; metric: string; target: number | null; actual: number; status: string }[];
      months: Record<string, number | string>[];
    }>();
    const find = (period: string, metric: string) =>
      body.goals.find((g) => g.period === period && g.metric === metric) as Record<
        string,
        number | string | null
      >;
    // Q2 revenue: D's 30,000 (10 May) of 60,000; by now 75.5/91 of the goal was due.
    const q2 = find('2026-Q2', 'revenue');
    expect(q2).toMatchObject({ actual: 30_000, target: 60_000, status: 'running', attainment: 0.5 });
    expect(q2.expectedByNow).toBeCloseTo((60_000 * 75.5) / 91, 6);
    expect(q2.pace).toBeCloseTo(30_000 / ((60_000 * 75.5) / 91), 9);
    // June MQLs: E alone, of 4; 14.5 of 30 days gone, so 1.93 were due: behind, but not "0 of 4".
    const june = find('2026-06', 'mqls');
    expect(june).toMatchObject({ actual: 1, target: 4 });
    expect(june.expectedByNow).toBeCloseTo((4 * 14.5) / 30, 9);
    // Q1 SQLs: A and B in February, of 3; the quarter has ended.
    expect(find('2026-Q1', 'sqls')).toMatchObject({ actual: 2, status: 'ended', pace: 2 / 3 });
    // The current month and quarter show every metric even without a goal.
    expect(find('2026-06', 'sqls')).toMatchObject({ actual: 1, target: null, attainment: null });
    // Weighted pipeline created: March A's 10,000 won in full + B's 20,000 × 50%; April D's 30,000
    // (C's lost deal counts nowhere).
    expect(find('2026-Q2', 'weighted_pipeline')).toMatchObject({ actual: 30_000 });
    expect(body.months.map((m) => [m.month, m.revenue, m.weighted_pipeline, m.sqls, m.mqls])).toEqual([
      ['2026-01', 0, 0, 0, 2],
      ['2026-02', 0, 0, 2, 1],
      ['2026-03', 10_000, 20_000, 0, 0],
      ['2026-04', 0, 30_000, 1, 1],
      ['2026-05', 30_000, 0, 0, 0],
      ['2026-06', 0, 0, 1, 1],
    ]);
    // Marketing sees the same numbers as sales.
    expect((await get('/api/v1/reports/goals?from=2026-01&to=2026-06', marketing)).json().goals).toEqual(
      body.goals,
    );
    const csv = await get('/api/v1/reports/goals?from=2026-01&to=2026-06&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe(
      'period,group,metric,goal_dimension,goal_value,status,target,actual,attainment,elapsed,expected_by_now,pace,projected',
    );
    expect(csv.body).toContain('2026-Q2,,revenue,,,running,60000,30000,0.5,');
  });

  it('removing a goal is admin-only and audited; an unknown one is 404', async () => {
    const del = (path: string, headers: Record<string, string>) =>
      app.inject({ method: 'DELETE', url: `/api/v1/goals/${path}`, headers });
    expect((await del('2026-Q1/sqls', marketing)).statusCode).toBe(403);
    expect((await del('2026-Q1/sqls', admin)).statusCode).toBe(204);
    expect((await del('2026-Q1/sqls', admin)).statusCode).toBe(404);
    expect(await audited('goal.deleted')).toHaveLength(1);
  });
});

describe('spend and return', () => {
  it('records spend (marketing or admin, audited) and divides it by what each channel brought', async () => {
    const put = (path: string, amount: unknown, headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url: `/api/v1/spend/${path}`, headers, payload: { amount } });
    expect((await put('google/2026-01', 1000, rep)).statusCode).toBe(403);
    const bad = await put('google/2026-13', 1000, marketing);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('month');
    expect((await put('google/2026-01', 'lots', marketing)).body).toContain('amount');
    expect((await put('google/2026-01', 900, marketing)).json()).toEqual({
      channel: 'google',
      month: '2026-01',
      medium: null,
      campaign: null,
      amount: 900,
    });
    const batch = await app.inject({
      method: 'POST',
      url: '/api/v1/spend',
      headers: admin,
      payload: {
        spend: [
          { channel: 'google', month: '2026-01', amount: 1000 },
          { channel: 'google', month: '2026-02', amount: 500 },
          { channel: 'linkedin', month: '2026-04', amount: 600 },
        ],
      },
    });
    expect(batch.statusCode).toBe(200);
    // All or nothing: one bad row refuses the batch, naming it.
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/spend',
      headers: admin,
      payload: {
        spend: [
          { channel: 'g2', month: '2026-05', amount: 5 },
          { channel: 'g2', month: 'May' },
        ],
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('spend.1');
    expect(await audited('spend.set')).toHaveLength(4);

    const res = await get('/api/v1/reports/spend?from=2026-01&to=2026-06');
    expect(res.statusCode).toBe(200);
    const { channels, months } = res.json<{
      channels: Record<string, unknown>[];
      months: Record<string, unknown>[];
    }>();
    // google: 1,500 spent; MQLs A, B; SQLs A, B; customer A with 10,000.
    // linkedin: 600; MQLs C (a PQL), D; SQL D; customer D with 30,000 (C's lost deal is no revenue).
    // organic: no spend recorded: its costs are unknown, not 0; E's MQL and SQL in June.
    expect(channels).toEqual([
      {
        channel: 'google',
        group: null,
        spend: 1500,
        mqls: 2,
        sqls: 2,
        customers: 1,
        revenue: 10_000,
        costPerMql: 750,
        costPerSql: 750,
        costPerCustomer: 1500,
        revenuePerSpend: 10_000 / 1500,
      },
      {
        channel: 'linkedin',
        group: null,
        spend: 600,
        mqls: 2,
        sqls: 1,
        customers: 1,
        revenue: 30_000,
        costPerMql: 300,
        costPerSql: 600,
        costPerCustomer: 600,
        revenuePerSpend: 50,
      },
      {
        channel: 'organic',
        group: null,
        spend: null,
        mqls: 1,
        sqls: 1,
        customers: 0,
        revenue: 0,
        costPerMql: null,
        costPerSql: null,
        costPerCustomer: null,
        revenuePerSpend: null,
      },
    ]);
    expect(months).toHaveLength(18);
    expect(months.find((m) => m.channel === 'google' && m.month === '2026-02')).toMatchObject({
      spend: 500,
      mqls: 0,
      sqls: 2,
      costPerSql: 250,
      costPerMql: null,
    });
    const csv = await get('/api/v1/reports/spend?from=2026-01&to=2026-06&format=csv');
    expect(csv.body.split('\n').slice(0, 2)).toEqual([
      'channel,month,spend,mqls,sqls,customers,revenue,cost_per_mql,cost_per_sql,cost_per_customer,revenue_per_spend',
      'google,total,1500,2,2,1,10000,750,750,1500,6.666666666666667',
    ]);
  });
});

describe('reverse-funnel planner', () => {
  // Measured over June 2025 – May 2026. Funnel (complete cohorts: January and February): A, B, C
  // entered, all three reached MQL (lead → MQL 1); A and B were accepted (MQL → SAL 2/3); both
  // became SQLs (1); A alone an opportunity (1/2); and won (1).
  // Median stays: lead 1, 2, 5, 5, 32 days → 5; MQL 1, 2, 17 → 2; SAL 6, 9, 20 → 9;
  // SQL 10, 28 → 19 (B's has not ended); opportunity 19, 20 → 19.5. Deals won: 10,000 and 30,000 → 20,000.
  // Channels: google 2 MQLs at 750, linkedin 2 at 300 (E's June MQL is after the measured months).
  it('plans from the measured figures: 100,000 in Q3 needs 5 wins … 15 leads, and when', async () => {
    const res = await get('/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      measuredOver: unknown;
      measured: { dealSize: number; rates: Record<string, number>; lagDays: Record<string, number> };
      missing: string[];
      plan: {
        steps: { step: string; needed: number; fromMonth: string; byMonth: string; months: unknown[] }[];
        channels: unknown[];
        spend: number;
      };
    }>();
    expect(body.measuredOver).toEqual({ from: '2025-06', to: '2026-05' });
    expect(body.measured.dealSize).toBe(20_000);
    expect(body.measured.rates).toEqual({ lead: 1, mql: 2 / 3, sal: 1, sql: 0.5, opportunity: 1 });
    expect(body.measured.lagDays).toEqual({ lead: 5, mql: 2, sal: 9, sql: 19, opportunity: 19.5 });
    expect(body.missing).toEqual([]);
    // 100,000 / 20,000 = 5 wins; 5 opportunities; 10 SQLs; 10 SALs; 10 / (2/3) = 15 MQLs; 15 leads.
    expect(body.plan.steps.map((s) => [s.step, s.needed])).toEqual([
      ['lead', 15],
      ['mql', 15],
      ['sal', 10],
      ['sql', 10],
      ['opportunity', 5],
      ['customer', 5],
    ]);
    // Wins 2, 2, 1 in July, August, September. Opportunities 19.5 days before each month's end:
    // 12 July, 12 August, 11 September. Leads 54.5 days before: 7 June, 8 July, 7 August.
    const step = (s: string) => body.plan.steps.find((x) => x.step === s);
    expect(step('customer')?.months).toEqual([
      { month: '2026-07', needed: 2 },
      { month: '2026-08', needed: 2 },
      { month: '2026-09', needed: 1 },
    ]);
    expect(step('opportunity')).toMatchObject({ fromMonth: '2026-07', byMonth: '2026-09' });
    expect(step('lead')).toMatchObject({
      fromMonth: '2026-06',
      byMonth: '2026-08',
      months: [
        { month: '2026-06', needed: 5 },
        { month: '2026-07', needed: 5 },
        { month: '2026-08', needed: 5 },
      ],
    });
    // 15 MQLs split 2 : 2 → 8 google at 750, 7 linkedin at 300.
    expect(body.plan.channels).toEqual([
      { channel: 'google', mqls: 8, costPerMql: 750, spend: 6000 },
      { channel: 'linkedin', mqls: 7, costPerMql: 300, spend: 2100 },
    ]);
    expect(body.plan.spend).toBe(8100);
  });

  it('honours overrides and says which inputs were overridden; bad overrides are 400s naming the field', async () => {
    const res = await get(
      '/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09&dealSize=25000&salRate=0.5&leadLagDays=0',
    );
    const body = res.json<{ sources: Record<string, string>; plan: { steps: { needed: number }[] } }>();
    // 4 wins, 4 opportunities, 8 SQLs, 16 SALs, 16 / (2/3) = 24 MQLs, 24 leads.
    expect(body.plan.steps.map((s) => s.needed)).toEqual([24, 24, 16, 8, 4, 4]);
    expect(body.sources).toMatchObject({
      dealSize: 'override',
      'rates.sal': 'override',
      'rates.mql': 'measured',
    });
    const bad = await get('/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09&sqlRate=40');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('sqlRate');
    expect((await get('/api/v1/reports/planner?from=2026-07&to=2026-09')).body).toContain('revenueGoal');
    expect((await get('/api/v1/reports/planner?revenueGoal=1&from=2026-09&to=2026-07')).body).toContain('to');
    const csv = await get('/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09&format=csv');
    expect(csv.body.split('\n').slice(0, 2)).toEqual([
      'kind,name,month,needed,rate,lag_days,cost_per_mql,spend',
      'step,lead,2026-06..2026-08,15,1,5,,',
    ]);
  });

  it('saves a plan (admin, audited) and compares it with the actual as the period runs', async () => {
    const body = { name: 'Q3 plan', revenueGoal: 100_000, from: '2026-07', to: '2026-09' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/plans', headers: rep, payload: body })).statusCode,
    ).toBe(403);
    const saved = await app.inject({ method: 'POST', url: '/api/v1/plans', headers: admin, payload: body });
    expect(saved.statusCode).toBe(201);
    const { id } = saved.json<{ id: string }>();
    expect((await get('/api/v1/plans')).json<{ data: { id: string }[] }>().data.map((p) => p.id)).toEqual([
      id,
    ]);
    const res = await get(`/api/v1/plans/${id}`);
    expect(res.statusCode).toBe(200);
    const plan = res.json<{
      months: { step: string; month: string; planned: number; actual: number }[];
      progress: { step: string; plannedByNow: number; actual: number; pace: number | null; status: string }[];
    }>();
    // Leads: 5 planned in June, 14.5 of its 30 days gone: 2.42 due; F arrived on 3 June.
    const leads = plan.progress.find((p) => p.step === 'lead');
    expect(leads?.plannedByNow).toBeCloseTo((5 * 14.5) / 30, 9);
    expect(leads).toMatchObject({ actual: 1, status: 'running' });
    // MQLs: 49.5 days before 31 July's end is 12 June: June's 5 are due; E became an MQL on 2 June.
    expect(plan.months.find((m) => m.step === 'mql' && m.month === '2026-06')).toEqual({
      step: 'mql',
      month: '2026-06',
      planned: 5,
      actual: 1,
    });
    // Wins are not due before July: no pace yet (not 0%).
    expect(plan.progress.find((p) => p.step === 'customer')).toMatchObject({
      plannedByNow: 0,
      pace: null,
      status: 'upcoming',
    });
    expect(await audited('plan.saved')).toHaveLength(1);
    const csv = await get(`/api/v1/plans/${id}?format=csv`);
    expect(csv.body.split('\n')[0]).toBe('step,month,planned,actual,pace,status');
    expect((await get('/api/v1/plans/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('a workspace with nothing measured names the inputs to give instead of planning from nothing', async () => {
    const empty = await makeWorkspace(t.deps);
    const res = await get(
      '/api/v1/reports/planner?revenueGoal=1000&from=2026-07&to=2026-07',
      bearer(await empty.key('marketing')),
    );
    const body = res.json<{ plan: unknown; missing: string[] }>();
    expect(body.plan).toBeNull();
    expect(body.missing).toContain('dealSize');
    expect(body.missing).toContain('rates.lead');
    const saved = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: bearer(await empty.key('admin')),
      payload: { name: 'x', revenueGoal: 1000, from: '2026-07', to: '2026-07' },
    });
    expect(saved.statusCode).toBe(400);
    expect(saved.body).toContain('dealSize');
  });
});

describe('filters and breakdowns', () => {
  it('goals: the slice’s actuals against the workspace’s goals, per breakdown value', async () => {
    const google = await get('/api/v1/reports/goals?from=2026-01&to=2026-06&source=google');
    expect(google.statusCode).toBe(200);
    const g = google.json<{ currency: string; months: Record<string, unknown>[] }>();
    expect(g.currency).toBe('USD');
    // google: A won 10,000 in March; A and B MQLs in January; nothing of D's (linkedin).
    expect(g.months.find((m) => m.month === '2026-03')).toMatchObject({ group: null, revenue: 10_000 });
    expect(g.months.find((m) => m.month === '2026-01')).toMatchObject({ mqls: 2 });
    expect(g.months.find((m) => m.month === '2026-05')).toMatchObject({ revenue: 0 });

    const by = await get('/api/v1/reports/goals?from=2026-01&to=2026-06&by=source');
    const goals = by.json<{ goals: Record<string, unknown>[] }>().goals;
    // Q2's revenue goal of 60,000: linkedin's D brought 30,000 of it, google nothing.
    const q2 = (group: string) =>
      goals.find((x) => x.period === '2026-Q2' && x.metric === 'revenue' && x.group === group);
    expect(q2('linkedin')).toMatchObject({ target: 60_000, actual: 30_000, attainment: 0.5 });
    expect(q2('google')).toMatchObject({ target: 60_000, actual: 0, attainment: 0 });
    const csv = await get('/api/v1/reports/goals?from=2026-01&to=2026-06&by=source&format=csv');
    expect(csv.body).toContain('2026-Q2,linkedin,revenue,,,running,60000,30000,0.5');

    for (const [query, field, why] of [
      ['by=period', 'by', 'already per month and quarter'],
      ['product=Widgets', 'product', 'sell no product'],
    ]) {
      const res = await get(`/api/v1/reports/goals?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string; message: string }[] }>().errors[0]).toMatchObject({ field });
      expect(res.body).toContain(why);
    }
  });

  it("goals: a slice's own goal, where an admin set one, is what its actual is measured against", async () => {
    const put = (path: string, body: object) =>
      app.inject({ method: 'PUT', url: `/api/v1/goals/${path}`, headers: admin, payload: body });
    const set = await put('2026-Q2/revenue', { target: 40_000, dimension: 'source', value: 'linkedin' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ dimension: 'source', value: 'linkedin', target: 40_000 });
    const repGoal = await put('2026-Q2/revenue', { target: 5_000, dimension: 'rep', value: ws.admin.id });
    expect(repGoal.statusCode).toBe(200);
    expect(await audited('goal.set', `2026-Q2/revenue/rep=${ws.admin.id}`)).toHaveLength(1);

    const q2 = (body: { goals: Record<string, unknown>[] }, group: string | null = null) =>
      body.goals.find((x) => x.period === '2026-Q2' && x.metric === 'revenue' && x.group === group);
    // Filtered to linkedin: D's 30,000 of linkedin's own 40,000, not of the workspace's 60,000.
    const linkedin = (await get('/api/v1/reports/goals?from=2026-01&to=2026-06&source=linkedin')).json();
    expect(q2(linkedin)).toMatchObject({
      target: 40_000,
      actual: 30_000,
      attainment: 0.75,
      goal: { dimension: 'source', value: 'linkedin' },
    });
    // google has no goal of its own: its share of the workspace's.
    const google = (await get('/api/v1/reports/goals?from=2026-01&to=2026-06&source=google')).json();
    expect(q2(google)).toMatchObject({ target: 60_000, goal: { dimension: null, value: null } });
    // Broken down by source: each value against its own goal, else the workspace's.
    const by = (await get('/api/v1/reports/goals?from=2026-01&to=2026-06&by=source')).json();
    expect(q2(by, 'linkedin')).toMatchObject({ target: 40_000, attainment: 0.75 });
    expect(q2(by, 'google')).toMatchObject({ target: 60_000 });
    // The rep's own goal, with nothing of the rep's won yet.
    const rep = (await get(`/api/v1/reports/goals?from=2026-01&to=2026-06&rep=${ws.admin.id}`)).json();
    expect(q2(rep)).toMatchObject({ target: 5_000, actual: 0, goal: { dimension: 'rep' } });

    // An unknown team or rep, a half-given scope, and a second spelling of a set slice are refused.
    for (const [body, status, field] of [
      [{ target: 1, dimension: 'team', value: '00000000-0000-4000-8000-000000000000' }, 400, 'value'],
      [{ target: 1, dimension: 'rep', value: 'nobody' }, 400, 'value'],
      [{ target: 1, dimension: 'team' }, 400, 'value'],
      [{ target: 1, value: 'google' }, 400, 'dimension'],
      [{ target: 1, dimension: 'product', value: 'Widgets' }, 400, 'dimension'],
      [{ target: 1, dimension: 'source', value: 'LinkedIn' }, 409, 'value'],
    ] as const) {
      const res = await put('2026-Q2/revenue', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      const named = res.json<{ errors: { field: string }[] }>().errors[0]?.field;
      expect(named?.replace(/^body\./, '')).toBe(field);
    }
    // Setting the same slice again replaces its goal; removing it takes only that one.
    expect(
      (await put('2026-Q2/revenue', { target: 45_000, dimension: 'source', value: 'linkedin' })).statusCode,
    ).toBe(200);
    const del = (query: string) =>
      app.inject({ method: 'DELETE', url: `/api/v1/goals/2026-Q2/revenue${query}`, headers: admin });
    expect((await del('?dimension=source&value=linkedin')).statusCode).toBe(204);
    expect((await del(`?dimension=rep&value=${ws.admin.id}`)).statusCode).toBe(204);
    expect((await del('?dimension=source&value=linkedin')).statusCode).toBe(404);
    const after = (await get('/api/v1/reports/goals?from=2026-01&to=2026-06&source=linkedin')).json();
    expect(q2(after)).toMatchObject({ target: 60_000 });
  });

  it('spend: filters by its channel and adds channels per month; it has no rep, team, segment', async () => {
    const linkedin = await get('/api/v1/reports/spend?from=2026-01&to=2026-06&source=linkedin');
    expect(linkedin.json<{ channels: { channel: string }[] }>().channels.map((c) => c.channel)).toEqual([
      'linkedin',
    ]);
    const byPeriod = await get('/api/v1/reports/spend?from=2026-01&to=2026-06&by=period');
    const periods = byPeriod.json<{ periods: Record<string, unknown>[] }>().periods;
    // January: google's 1,000 for A's and B's MQLs; March: no spend recorded, A's 10,000 won.
    expect(periods[0]).toMatchObject({ month: '2026-01', spend: 1000, mqls: 2, costPerMql: 500 });
    expect(periods[2]).toMatchObject({
      month: '2026-03',
      spend: null,
      revenue: 10_000,
      revenuePerSpend: null,
    });
    const csv = await get('/api/v1/reports/spend?from=2026-01&to=2026-06&by=period&format=csv');
    expect(csv.body.split('\n')[1]).toBe('2026-01,1000,2,0,0,0,500,,,0');
    for (const [query, field] of [
      ['rep=someone', 'rep'],
      ['segment=Retail', 'segment'],
      ['by=team', 'by'],
    ] as const) {
      const res = await get(`/api/v1/reports/spend?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(field);
      expect(res.body).toContain('spend is recorded per channel');
    }
  });

  it('planner: a slice is planned at its own figures; a breakdown splits the goal by revenue won', async () => {
    const google = await get(
      '/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09&source=google',
    );
    expect(google.statusCode).toBe(200);
    const g = google.json<{
      measured: { dealSize: number; rates: Record<string, number>; channels: { channel: string }[] };
      plan: { inputs: { where?: Record<string, string> }; steps: { step: string; needed: number }[] };
    }>();
    // google: A and B entered in January, both MQL, SAL and SQL; A alone an opportunity and won 10,000.
    expect(g.measured.dealSize).toBe(10_000);
    expect(g.measured.rates).toEqual({ lead: 1, mql: 1, sal: 1, sql: 0.5, opportunity: 1 });
    expect(g.measured.channels.map((c) => c.channel)).toEqual(['google']);
    expect(g.plan.inputs.where).toEqual({ source: 'google' });
    expect(g.plan.steps.find((s) => s.step === 'customer')?.needed).toBe(10);

    const by = await get('/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09&by=source');
    const groups = by.json<{
      groups: {
        group: string | null;
        share: number;
        revenueGoal: number;
        missing: string[];
        plan: { steps: { step: string; needed: number }[] } | null;
      }[];
    }>().groups;
    // Won while measuring: google 10,000, linkedin 30,000 → a quarter and three quarters of the goal.
    const of = (name: string) => groups.find((x) => x.group === name)!;
    expect(of('google')).toMatchObject({ share: 0.25, revenueGoal: 25_000 });
    expect(of('linkedin')).toMatchObject({ share: 0.75, revenueGoal: 75_000 });
    // google's quarter: 25,000 at its 10,000 deals is 3 wins. linkedin's only complete cohort (C, in
    // February) went no further than MQL: its plan waits for that rate rather than planning from 0.
    expect(of('google').plan?.steps.find((s) => s.step === 'customer')?.needed).toBe(3);
    expect(of('linkedin')).toMatchObject({
      plan: null,
      missing: expect.arrayContaining(['rates.mql']) as unknown,
    });
    expect(of('organic')).toMatchObject({ share: 0, revenueGoal: 0, plan: null });
    const csv = await get(
      '/api/v1/reports/planner?revenueGoal=100000&from=2026-07&to=2026-09&by=source&format=csv',
    );
    expect(csv.body.split('\n')[0]).toBe(
      'group,share,revenue_goal,kind,name,month,needed,rate,lag_days,cost_per_mql,spend',
    );

    for (const [query, field] of [
      ['by=period', 'by'],
      ['product=Widgets', 'product'],
    ] as const) {
      const res = await get(`/api/v1/reports/planner?revenueGoal=1&from=2026-07&to=2026-09&${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(field);
    }
  });

  it('the report list names what goals, spend and the planner filter by and why they refuse the rest', async () => {
    const list = (await get('/api/v1/reports')).json<{
      reports: { name: string; dimensions: string[]; refused: Record<string, string> }[];
    }>().reports;
    const spend = list.find((r) => r.name === 'spend')!;
    expect(spend.dimensions).toEqual(['period', 'source', 'medium', 'campaign']);
    expect(spend.refused.rep).toContain('spend is recorded per channel');
    expect(list.find((r) => r.name === 'goals')?.dimensions).toContain('rep');
    expect(list.find((r) => r.name === 'funnel')?.refused).toHaveProperty('product');
  });
});

describe('one reporting currency', () => {
  it('amounts are in the workspace’s currency: another is refused naming the field; it is fixed once amounts exist', async () => {
    expect((await get('/api/v1/workspace/currency')).json()).toEqual({ currency: 'USD' });
    const put = (currency: string, headers = admin) =>
      app.inject({ method: 'PUT', url: '/api/v1/workspace/currency', headers, payload: { currency } });
    expect((await put('EUR', marketing)).statusCode).toBe(403);
    expect((await put('EURO')).json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(
      'body.currency',
    );
    const late = await put('EUR');
    expect(late.statusCode).toBe(409);
    expect(late.json<{ errors: { field: string; message: string }[] }>().errors[0]).toMatchObject({
      field: 'currency',
      message: expect.stringContaining('already records amounts in USD') as unknown as string,
    });
    expect((await put('usd')).json()).toEqual({ currency: 'USD' });
    const lead = await insertLead(db, ws.workspace.id, { source: 'google' });
    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/opportunities',
      headers: admin,
      payload: { leadId: lead, amount: 1000, currency: 'EUR' },
    });
    expect(opened.statusCode).toBe(400);
    expect(opened.json<{ errors: { field: string; message: string }[] }>().errors[0]).toMatchObject({
      field: 'currency',
      message: "must be the workspace's currency (USD): amounts in EUR are not converted",
    });
  });

  it('a new workspace chooses its currency before any amount, and its deals are then in it', async () => {
    const other = await makeWorkspace(t.deps);
    const key = bearer(await other.key('admin'));
    const set = await app.inject({
      method: 'PUT',
      url: '/api/v1/workspace/currency',
      headers: key,
      payload: { currency: 'brl' },
    });
    expect(set.json()).toEqual({ currency: 'BRL' });
    const audit = await storedRows(db, auditLog, {
      workspaceId: other.workspace.id,
      action: 'workspace.currency_set',
    });
    expect(audit.map((r) => r.details)).toEqual([{ currency: 'BRL', previous: 'USD' }]);
    const report = await app.inject({ method: 'GET', url: '/api/v1/reports/goals', headers: key });
    expect(report.json<{ currency: string }>().currency).toBe('BRL');
  });
});

describe('spend by campaign and medium', () => {
  it('spend recorded per campaign filters and breaks down by it; spend without one is the channel’s "not set"', async () => {
    const w = ws.workspace.id;
    // G (google, cpc, spring): MQL and SQL in March 2026.
    const g = await insertLead(db, w, { source: 'google', medium: 'cpc', campaign: 'spring' });
    await insertTransitions(db, w, g, [
      ['lead', at('2026-03-02')],
      ['mql', at('2026-03-05')],
      ['sql', at('2026-03-10')],
    ]);
    const put = (path: string, payload: object) =>
      app.inject({ method: 'PUT', url: `/api/v1/spend/${path}`, headers: marketing, payload });
    // google's March: 400 for the spring campaign on cpc, 100 for the channel as a whole.
    const spring = await put('google/2026-03', { amount: 400, medium: 'cpc', campaign: 'spring' });
    expect(spring.json()).toEqual({
      channel: 'google',
      month: '2026-03',
      medium: 'cpc',
      campaign: 'spring',
      amount: 400,
    });
    expect((await put('google/2026-03', { amount: 100 })).statusCode).toBe(200);
    const empty = await put('google/2026-03', { amount: 1, campaign: '' });
    expect(empty.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body.campaign');
    expect(await audited('spend.set', 'google/2026-03/cpc/spring')).toHaveLength(1);

    type Row = {
      channel: string | null;
      group: string | null;
      spend: number | null;
      mqls: number;
      costPerMql: number | null;
    };
    const report = async (query: string) => {
      const res = await get(`/api/v1/reports/spend?from=2026-03&to=2026-03&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ channels: Row[] }>().channels;
    };
    // Filtered by the campaign: its own spend and G alone; the channel's 100 is not the campaign's.
    expect(await report('campaign=spring')).toEqual([
      expect.objectContaining({ channel: 'google', group: null, spend: 400, mqls: 1, costPerMql: 400 }),
    ]);
    expect((await report('medium=cpc'))[0]).toMatchObject({ spend: 400, mqls: 1 });
    // Unfiltered, google's March is both: 500.
    expect((await report('source=google'))[0]).toMatchObject({ spend: 500, mqls: 1 });
    // Broken down by campaign: spring with its spend and G; the channel's 100 as google's "not set".
    const byCampaign = await report('by=campaign');
    expect(byCampaign.find((r) => r.group === 'spring')).toMatchObject({
      channel: 'google',
      spend: 400,
      mqls: 1,
    });
    expect(byCampaign.find((r) => r.channel === 'google' && r.group === null)).toMatchObject({
      spend: 100,
      mqls: 0,
    });
    const csv = await get('/api/v1/reports/spend?from=2026-03&to=2026-03&by=campaign&format=csv');
    expect(csv.body.split('\n')[0]).toBe(
      'channel,campaign,month,spend,mqls,sqls,customers,revenue,cost_per_mql,cost_per_sql,cost_per_customer,revenue_per_spend',
    );
    expect(csv.body).toContain('google,spring,total,400,1,1,0,0,400,400,,0');
  });
});
