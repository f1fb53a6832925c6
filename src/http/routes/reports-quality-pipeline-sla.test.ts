// Lead quality, pipeline and SLA compliance over a small hand-built workspace, checked through the
// API (JSON and CSV) against figures worked out by hand in the comments.
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/business-hours.js';
import type { Db } from '../../store/db.js';
import type { PipelineResult } from '../../services/report-pipeline.js';
import type { QualityResult } from '../../services/report-quality.js';
import type { SlaResult } from '../../services/report-sla.js';
import { insertOpportunity, updateOpportunity } from '../../store/opportunities.js';
import { opportunities } from '../../store/schema/index.js';
import { upsertTeamMember } from '../../store/teams.js';
import { storedRows } from '../../../test/support/stored-rows.js';
import { insertDispute, resolveDisputeRow } from '../../store/rejection-disputes.js';
import { type SlaClockRow, clocksOfLead, stopClocks } from '../../store/sla-clocks.js';
import { insertTeam } from '../../store/teams.js';
import { leadTransitions } from '../../store/transitions.js';
import { bearer, type TestWorkspace } from '../../../test/support/fixtures.js';
import { MID_JUNE_2026, reportTest } from '../../../test/support/report-test.js';
import { insertClocks, insertLead, insertTransitions, markClock } from '../../../test/support/seed-rows.js';

const t = reportTest();
let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let auth: Record<string, string>;
let repA: string;
let repB: string;
let teamT: string;

const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00Z`);

/** A lead's walk as people made it: each step `[stage, day, reason code?, actor?]`, from the previous stage. */
async function walk(
  leadId: string,
  steps: readonly (readonly [string, string, string?, string?])[],
): Promise<void> {
  await insertTransitions(
    db,
    ws.workspace.id,
    leadId,
    steps.map(([to, day, reasonCode, actorType]) => [to, at(day), reasonCode, actorType]),
  );
}

async function dispute(leadId: string, status: 'open' | 'upheld' | 'reversed', day: string): Promise<void> {
  const rejection = (await leadTransitions(db, ws.workspace.id, leadId)).find((x) => x.reasonCode !== null)!;
  const opened = await insertDispute(db, ws.workspace.id, {
    leadId,
    rejectionTransitionId: rejection.id,
    rejectedFrom: rejection.fromStage!,
    rejectedTo: rejection.toStage,
    reasonCode: rejection.reasonCode!,
    openedBy: { type: 'user', id: null, label: 'Marketing' },
    note: 'fits the profile',
    at: at(day),
  });
  if (status === 'open') return;
  const by = { type: 'user', id: null, label: 'Sales' };
  await resolveDisputeRow(db, ws.workspace.id, opened.id, {
    status,
    by,
    note: null,
    at: at(day),
    reversalTransitionId: null,
  });
}

function deal(fields: {
  leadId?: string | null;
  ownerId?: string | null;
  amount: number;
  stage: string;
  probability: number;
  outcome: 'open' | 'won' | 'lost';
  source?: string;
  closeDate?: string;
  closedAt?: string;
}) {
  return insertOpportunity(db, ws.workspace.id, {
    leadId: fields.leadId ?? null,
    accountId: null,
    ownerId: fields.ownerId ?? null,
    name: `${fields.stage} ${fields.amount}`,
    amount: fields.amount,
    currency: 'USD',
    stage: fields.stage,
    probability: fields.probability,
    isProbabilitySet: false,
    isClosed: fields.outcome !== 'open',
    isWon: fields.outcome === 'won',
    source: fields.source ?? null,
    createdAt: at('2026-01-02'),
    closeDate: fields.closeDate ? at(fields.closeDate) : null,
    closedAt: fields.closedAt ? at(fields.closedAt) : null,
    externalId: null,
    externalSystem: null,
  });
}

/** One lead with one clock: `[kind, owner, team, start, due]`, then how it went. */
async function clock(
  c: { kind: 'response' | 'first_touch' | 'stage_exit'; owner: string; team: string | null },
  startedAt: Date,
  dueAt: Date,
  then: { warnedAt?: Date; breachedAt?: Date; stop?: ['met' | 'reassigned' | 'cancelled', Date] },
  lead: { source?: string } = {},
): Promise<SlaClockRow> {
  const leadId = await insertLead(db, ws.workspace.id, { ownerId: c.owner, teamId: c.team, ...lead });
  await insertClocks(db, ws.workspace.id, [
    {
      leadId,
      policyId: 'p',
      clock: c.kind,
      stage: 'mql',
      ownerId: c.owner,
      teamId: c.team,
      startedAt,
      warnAt: new Date((startedAt.getTime() + dueAt.getTime()) / 2),
      dueAt,
      agreementVersion: 1,
    },
  ]);
  let row = (await clocksOfLead(db, ws.workspace.id, leadId))[0]!;
  if (then.warnedAt || then.breachedAt) row = await markClock(db, row, then);
  if (then.stop) {
    const [status, stopAt] = then.stop;
    row = (await stopClocks(db, ws.workspace.id, leadId, {}, { status, reason: 'test', at: stopAt }))[0]!;
  }
  return row;
}

beforeAll(async () => {
  ({ db, server: app, ws } = t);
  auth = bearer(await ws.key('marketing'));
  const w = ws.workspace.id;
  repA = (await ws.member('sales_rep', 'rep-a')).id;
  repB = (await ws.member('sales_rep', 'rep-b')).id;
  teamT = (
    await insertTeam(db, w, { key: 't', name: 'T', calendar: defaultCalendar('UTC'), managerId: null })
  ).id;

  // Lead quality. Q1 google/spring: the whole way, won (1000; its lost deal of 500 is no revenue).
  const q1 = await insertLead(db, w, { source: 'google', campaign: 'spring', ownerId: repA });
  await walk(q1, [
    ['lead', '2026-03-02'],
    ['mql', '2026-03-03'],
    ['sal', '2026-03-04'],
    ['sql', '2026-03-10'],
    ['opportunity', '2026-03-20'],
    ['customer', '2026-04-10'],
  ]);
  // Q2 google/spring: rejected (not a fit) by a person, disputed and reversed, re-qualified, accepted.
  const q2 = await insertLead(db, w, { source: 'google', campaign: 'spring', ownerId: repB });
  await walk(q2, [
    ['lead', '2026-03-05'],
    ['mql', '2026-03-06'],
    ['nurture', '2026-03-07', 'not_a_fit', 'user'],
    ['mql', '2026-03-09'],
    ['sal', '2026-03-10'],
  ]);
  await dispute(q2, 'reversed', '2026-03-08');
  // Q3 google/spring: a PQL disqualified for bad data by a person; the dispute was upheld.
  const q3 = await insertLead(db, w, { source: 'google', campaign: 'spring' });
  await walk(q3, [
    ['lead', '2026-04-01'],
    ['pql', '2026-04-02'],
    ['disqualified', '2026-04-03', 'bad_data', 'user'],
  ]);
  await dispute(q3, 'upheld', '2026-04-04');
  // Q4 linkedin, no campaign: accepted and qualified, not won.
  const q4 = await insertLead(db, w, { source: 'linkedin' });
  await walk(q4, [
    ['lead', '2026-04-05'],
    ['mql', '2026-04-06'],
    ['sal', '2026-04-07'],
    ['sql', '2026-04-08'],
  ]);
  // Q5 linkedin: qualified in February (before the period), accepted 1 March: in no cohort.
  const q5 = await insertLead(db, w, { source: 'linkedin' });
  await walk(q5, [
    ['lead', '2026-02-20'],
    ['mql', '2026-02-21'],
    ['sal', '2026-03-01'],
  ]);
  // Q6 google/spring: sent to nurture by the system (fall-out): no rejection by a person.
  const q6 = await insertLead(db, w, { source: 'google', campaign: 'spring' });
  await walk(q6, [
    ['lead', '2026-05-01'],
    ['mql', '2026-05-02'],
    ['nurture', '2026-05-20', 'no_budget_timing', 'system'],
  ]);

  // Pipeline.
  await deal({
    leadId: q1,
    ownerId: repA,
    amount: 1000,
    stage: 'Closed Won',
    probability: 1,
    outcome: 'won',
    closedAt: '2026-04-10',
  }); // O1
  await deal({
    leadId: q1,
    ownerId: repA,
    amount: 500,
    stage: 'Closed Lost',
    probability: 0,
    outcome: 'lost',
    closedAt: '2026-05-02',
  }); // O2
  await deal({
    leadId: q4,
    ownerId: repB,
    amount: 2000,
    stage: 'Proposal',
    probability: 0.5,
    outcome: 'open',
    closeDate: '2026-06-20',
  }); // O3
  await deal({
    ownerId: repA,
    source: 'partner',
    amount: 3000,
    stage: 'Discovery',
    probability: 0.1,
    outcome: 'open',
    closeDate: '2026-09-01',
  }); // O4
  await deal({
    leadId: q2,
    amount: 4000,
    stage: 'Negotiation',
    probability: 0.75,
    outcome: 'open',
    closeDate: '2026-06-30',
  }); // O5: Q2's owner, repB
  await deal({
    source: 'partner',
    amount: 600,
    stage: 'Closed Won',
    probability: 1,
    outcome: 'won',
    closedAt: '2026-06-05',
  }); // O6
  await deal({
    leadId: q5,
    ownerId: repB,
    amount: 9999,
    stage: 'Closed Won',
    probability: 1,
    outcome: 'won',
    closedAt: '2026-01-10',
  }); // O7

  // SLA clocks (business hours Mon–Fri 09–17 UTC; 2 March 2026 is a Monday).
  const a = { owner: repA, team: teamT };
  const b = { owner: repB, team: teamT };
  // C1: met after 1.5 bh.
  await clock(
    { kind: 'response', ...a },
    at('2026-03-02', '10:00'),
    at('2026-03-02', '14:00'),
    {
      stop: ['met', at('2026-03-02', '11:30')],
    },
    { source: 'google' },
  );
  // C2: warned, met after 3 bh (Mon 15–17, Tue 09–10).
  await clock({ kind: 'response', ...a }, at('2026-03-02', '15:00'), at('2026-03-03', '11:00'), {
    warnedAt: at('2026-03-03'),
    stop: ['met', at('2026-03-03', '10:00')],
  });
  // C3: warned, breached, touched the next morning: met late after 8 bh.
  await clock({ kind: 'first_touch', ...b }, at('2026-03-04'), at('2026-03-04', '13:00'), {
    warnedAt: at('2026-03-04', '11:00'),
    breachedAt: at('2026-03-04', '13:00'),
    stop: ['met', at('2026-03-05')],
  });
  // C4: breached and reassigned.
  await clock({ kind: 'response', ...b }, at('2026-03-10'), at('2026-03-10', '13:00'), {
    breachedAt: at('2026-03-10', '13:00'),
    stop: ['reassigned', at('2026-03-10', '13:00')],
  });
  // C5: cancelled (the lead left the stage otherwise). C7: running, past due, no worker has marked it.
  await clock({ kind: 'stage_exit', owner: repA, team: null }, at('2026-04-01'), at('2026-04-03'), {
    stop: ['cancelled', at('2026-04-02')],
  });
  await clock({ kind: 'response', owner: repA, team: null }, at('2026-04-06'), at('2026-04-06', '13:00'), {});
  // C6: started this morning, due at 13:00: running and within its time.
  await clock({ kind: 'response', ...b }, at('2026-06-15'), at('2026-06-15', '13:00'), {});
});

async function get<T>(url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}
async function csv(url: string): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: `${url}&format=csv`, headers: auth });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  return res.body.trim().split('\n');
}

describe('lead quality', () => {
  it('counts the MQL cohort by source and campaign, and what became of it', async () => {
    const r = await get<QualityResult>('/api/v1/reports/quality?from=2026-03&to=2026-05');
    // google/spring: Q1, Q2 (once, though it qualified twice), Q3, Q6. Accepted Q1, Q2; SQL Q1; won Q1.
    expect(r.rows).toEqual([
      {
        source: 'google',
        campaign: 'spring',
        group: null,
        mqls: 4,
        accepted: 2,
        acceptanceRate: 0.5,
        sqls: 1,
        sqlRate: 0.25,
        won: 1,
        winRate: 0.25,
        revenue: 1000,
        // Q6's nurture was the system's, not a person's rejection.
        rejected: 2,
        rejections: [
          { reason: 'bad_data', count: 1 },
          { reason: 'not_a_fit', count: 1 },
        ],
        disputes: 2,
        disputesByStatus: { open: 0, upheld: 1, reversed: 1 },
      },
      {
        source: 'linkedin',
        campaign: null,
        group: null,
        mqls: 1,
        accepted: 1,
        acceptanceRate: 1,
        sqls: 1,
        sqlRate: 1,
        won: 0,
        winRate: 0,
        revenue: 0,
        rejected: 0,
        rejections: [],
        disputes: 0,
        disputesByStatus: { open: 0, upheld: 0, reversed: 0 },
      },
    ]);
    // The total adds counts: 5 MQLs, 3 accepted (60 %), 2 SQL, 1 won, 1000 in revenue.
    expect(r.total).toEqual([
      expect.objectContaining({
        group: null,
        rows: 2,
        mqls: 5,
        accepted: 3,
        acceptanceRate: 0.6,
        sqls: 2,
        sqlRate: 0.4,
        won: 1,
        winRate: 0.2,
        revenue: 1000,
        rejected: 2,
        disputes: 2,
      }),
    ]);
  });

  it('filters by source and breaks down by month', async () => {
    const linkedin = await get<QualityResult>(
      '/api/v1/reports/quality?from=2026-03&to=2026-05&source=linkedin',
    );
    expect(linkedin.rows.map((r) => [r.source, r.mqls])).toEqual([['linkedin', 1]]);
    const byMonth = await get<QualityResult>('/api/v1/reports/quality?from=2026-03&to=2026-05&by=period');
    // March: Q1, Q2; April: Q3 and Q4; May: Q6.
    expect(byMonth.rows.map((r) => [r.group, r.source, r.mqls, r.accepted])).toEqual([
      ['2026-03', 'google', 2, 2],
      ['2026-04', 'google', 1, 0],
      ['2026-04', 'linkedin', 1, 1],
      ['2026-05', 'google', 1, 0],
    ]);
    expect(byMonth.total.map((t) => [t.group, t.mqls])).toEqual([
      ['2026-03', 2],
      ['2026-04', 2],
      ['2026-05', 1],
    ]);
  });

  it('a period with no MQL has no rows and null rates, not zeros', async () => {
    const r = await get<QualityResult>('/api/v1/reports/quality?from=2026-06&to=2026-06');
    expect(r.rows).toEqual([]);
    expect(r.total).toEqual([
      expect.objectContaining({ mqls: 0, acceptanceRate: null, sqlRate: null, winRate: null }),
    ]);
  });

  it('answers as CSV', async () => {
    const lines = await csv('/api/v1/reports/quality?from=2026-03&to=2026-05');
    expect(lines[0]).toBe(
      'source,campaign,group,mqls,accepted,acceptance_rate,sqls,sql_rate,won,win_rate,revenue,rejected,rejection_reasons,disputes,disputes_open,disputes_upheld,disputes_reversed',
    );
    expect(lines).toContain('google,spring,,4,2,0.5,1,0.25,1,0.25,1000,2,bad_data:1; not_a_fit:1,2,0,1,1');
    expect(lines).toContain('total,,,5,3,0.6,2,0.4,1,0.2,1000,2,bad_data:1; not_a_fit:1,2,0,1,1');
  });
});

describe('pipeline', () => {
  it('lays the open deals out by stage and source, and forecasts the period', async () => {
    const r = await get<PipelineResult>('/api/v1/reports/pipeline?from=2026-06&to=2026-06');
    // Open: O3 Proposal 2000 × 0.5, O4 Discovery 3000 × 0.1, O5 Negotiation 4000 × 0.75.
    expect(r.byStage.map((s) => [s.stage, s.count, s.amount, s.weighted])).toEqual([
      ['Discovery', 1, 3000, 300],
      ['Solution Demo', 0, 0, 0],
      ['Proposal', 1, 2000, 1000],
      ['Negotiation', 1, 4000, 3000],
    ]);
    // O5's source is its lead's (google), O3's its lead's (linkedin), O4 has only its own (partner).
    expect(r.bySource.map((s) => [s.source, s.count, s.amount, s.weighted])).toEqual([
      ['google', 1, 4000, 3000],
      ['linkedin', 1, 2000, 1000],
      ['partner', 1, 3000, 300],
    ]);
    // June: O6 won (600); O3 and O5 are due in June (1000 + 3000 weighted): forecast 4600.
    expect(r.summary).toEqual([
      {
        group: null,
        open: 3,
        openAmount: 9000,
        weighted: 4300,
        won: 1,
        lost: 0,
        winRate: 1,
        wonAmount: 600,
        averageDealSize: 600,
        // O6: opened 2 January, won 5 June.
        cycleTime: { unit: 'days', count: 1, mean: 154, median: 154, p75: 154, p90: 154 },
        closingCount: 2,
        closingWeighted: 4000,
        forecast: 4600,
      },
    ]);
  });

  it('win rate and deal size over a longer period, by rep (the deal owner, else the lead owner)', async () => {
    const r = await get<PipelineResult>('/api/v1/reports/pipeline?from=2026-04&to=2026-06');
    // Closed April–June: O1 won 1000, O2 lost, O6 won 600 (O7 was won in January).
    expect(r.summary[0]).toMatchObject({
      won: 2,
      lost: 1,
      wonAmount: 1600,
      averageDealSize: 800,
      forecast: 5600,
    });
    expect(r.summary[0]!.winRate).toBeCloseTo(2 / 3, 10);
    const byRep = await get<PipelineResult>('/api/v1/reports/pipeline?from=2026-04&to=2026-06&by=rep');
    const rep = (id: string | null) => byRep.summary.find((s) => s.group === id);
    // repA: O4 open (3000 × 0.1), O1 won, O2 lost. repB: O3 and O5 (Q2's owner) open, both due in June.
    expect(rep(repA)).toMatchObject({
      open: 1,
      weighted: 300,
      won: 1,
      lost: 1,
      winRate: 0.5,
      forecast: 1000,
    });
    expect(rep(repB)).toMatchObject({
      open: 2,
      weighted: 4000,
      won: 0,
      winRate: null,
      closingWeighted: 4000,
      forecast: 4000,
    });
    expect(rep(null)).toMatchObject({ open: 0, won: 1, wonAmount: 600, forecast: 600 });
    const partner = await get<PipelineResult>(
      '/api/v1/reports/pipeline?from=2026-04&to=2026-06&source=partner',
    );
    expect(partner.summary[0]).toMatchObject({
      open: 1,
      openAmount: 3000,
      won: 1,
      wonAmount: 600,
      forecast: 600,
    });
  });

  it('answers as CSV', async () => {
    const lines = await csv('/api/v1/reports/pipeline?from=2026-06&to=2026-06');
    expect(lines[0]).toBe(
      'part,name,group,open,open_amount,weighted,won,lost,win_rate,won_amount,average_deal_size,closing_in_period,closing_weighted,forecast,won_cycle_days_mean,won_cycle_days_median,won_cycle_days_p75,won_cycle_days_p90',
    );
    expect(lines).toContain('stage,Negotiation,,1,4000,3000,,,,,,,,,,,,');
    expect(lines).toContain('summary,,,3,9000,4300,1,0,1,600,600,2,4000,4600,154,154,154,154');
  });

  it("breaks deals down by product and by team (the owner's team), and only the pipeline has a product", async () => {
    const w = ws.workspace.id;
    await upsertTeamMember(db, w, { teamId: teamT, userId: repA, weight: 1, capacity: null, active: true });
    const deals = await storedRows(db, opportunities, { workspaceId: w, amount: [1000, 500, 3000] });
    for (const d of deals) {
      const product = d.amount === 3000 ? 'MG Special' : 'GTX Pro';
      await updateOpportunity(db, w, d.id, { product }, MID_JUNE_2026);
    }
    // repA's deals are team T's: O1 won (opened 2 January, won 10 April: 98 days), O2 lost, O4 open.
    const byTeam = await get<PipelineResult>('/api/v1/reports/pipeline?from=2026-04&to=2026-06&by=team');
    expect(byTeam.summary.find((s) => s.group === teamT)).toMatchObject({
      open: 1,
      won: 1,
      lost: 1,
      winRate: 0.5,
      averageDealSize: 1000,
      cycleTime: { count: 1, median: 98 },
    });
    const byProduct = await get<PipelineResult>(
      '/api/v1/reports/pipeline?from=2026-04&to=2026-06&by=product',
    );
    expect(byProduct.summary.find((s) => s.group === 'GTX Pro')).toMatchObject({
      won: 1,
      lost: 1,
      winRate: 0.5,
    });
    const mg = await get<PipelineResult>(
      '/api/v1/reports/pipeline?from=2026-04&to=2026-06&product=MG%20Special',
    );
    expect(mg.summary[0]).toMatchObject({ open: 1, openAmount: 3000, won: 0 });
    const funnel = await app.inject({
      method: 'GET',
      url: '/api/v1/reports/funnel?by=product',
      headers: auth,
    });
    expect(funnel.statusCode).toBe(400);
    expect(funnel.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('by');
  });
});

describe('SLA compliance', () => {
  it('gives each month its clocks, breaches, follow-up rate and response times', async () => {
    const r = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-04');
    const [march, april] = r.months;
    // March: C1, C2 met; C3 met late (breached); C4 breached and reassigned. Warned: C2, C3.
    expect(march).toEqual({
      month: '2026-03',
      group: null,
      clocks: 4,
      met: 2,
      metLate: 1,
      reassigned: 1,
      cancelled: 0,
      running: 0,
      warnings: 2,
      breaches: 2,
      compliance: 0.5, // 2 met of 2 met + 2 breached
      followUpRate: 0.75, // 3 answered of 3 answered + 1 reassigned
      // Answered response and first-touch clocks: 1.5, 3 and 8 business hours.
      responseHours: { count: 3, median: 3, p75: 5.5, p90: 7 },
    });
    // April: C5 cancelled (left out); C7 running past due: a breach, and not followed up.
    expect(april).toMatchObject({
      month: '2026-04',
      clocks: 2,
      cancelled: 1,
      running: 1,
      breaches: 1,
      compliance: 0,
      followUpRate: 0,
      responseHours: { count: 0, median: null, p75: null, p90: null },
    });
  });

  it('breaks down by rep and team, filters by the lead, and leaves a month just begun without rates', async () => {
    const byRep = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-03&by=rep');
    const rep = (id: string) => byRep.months.find((m) => m.group === id);
    expect(rep(repA)).toMatchObject({ clocks: 2, met: 2, breaches: 0, compliance: 1, followUpRate: 1 });
    expect(rep(repB)).toMatchObject({
      clocks: 2,
      metLate: 1,
      reassigned: 1,
      breaches: 2,
      compliance: 0,
      followUpRate: 0.5,
    });
    const byTeam = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-04&by=team');
    expect(byTeam.months.map((m) => [m.month, m.group, m.clocks])).toEqual([
      ['2026-03', teamT, 4],
      ['2026-04', teamT, 0],
      ['2026-03', null, 0],
      ['2026-04', null, 2],
    ]);
    const google = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-03&source=google');
    expect(google.months[0]).toMatchObject({ clocks: 1, met: 1 });
    // June: C6 runs within its time: no breach, no rate to speak of yet.
    const june = await get<SlaResult>('/api/v1/reports/sla?from=2026-06&to=2026-06');
    expect(june.months[0]).toMatchObject({
      clocks: 1,
      running: 1,
      breaches: 0,
      compliance: null,
      followUpRate: null,
    });
  });

  it("holds marketing's MQLs against the agreement's commitment per period, and per segment of them", async () => {
    const r = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-04');
    expect(r.commitmentPeriod).toBe('month');
    // March: into mql Q1, Q2 twice (3); accepted Q1, Q2, Q5 (3); rejected Q2 (1). April: Q3 pql, Q4 mql;
    // accepted Q4; rejected Q3. The default agreement commits 150 a month at 60 % acceptance.
    expect(r.commitment).toEqual([
      expect.objectContaining({
        period: '2026-03',
        isTotal: true,
        mqls: 3,
        accepted: 3,
        rejected: 1,
        committed: 150,
        acceptanceRate: 0.75,
        minAcceptanceRate: 0.6,
        state: 'missed',
      }),
      expect.objectContaining({
        period: '2026-04',
        isTotal: true,
        mqls: 2,
        accepted: 1,
        rejected: 1,
        committed: 150,
        acceptanceRate: 0.5,
        state: 'missed',
      }),
    ]);
    expect(r.commitment[0]!.attainment).toBeCloseTo(3 / 150, 10);
    const bySource = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-03&by=source');
    expect(
      bySource.commitment.map((c) => [c.isTotal, c.group, c.mqls, c.accepted, c.rejected, c.committed]),
    ).toEqual([
      [true, null, 3, 3, 1, 150],
      [false, 'google', 3, 2, 1, null],
      [false, 'linkedin', 0, 1, 0, null],
    ]);
    // A filtered count is not held against the workspace's commitment; June is under way.
    const filtered = await get<SlaResult>('/api/v1/reports/sla?from=2026-03&to=2026-03&source=google');
    expect(filtered.commitment).toEqual([
      expect.objectContaining({ mqls: 3, committed: null, attainment: null }),
    ]);
    const june = await get<SlaResult>('/api/v1/reports/sla?from=2026-06&to=2026-06');
    expect(june.commitment).toEqual([
      expect.objectContaining({ mqls: 0, committed: 150, state: 'in_progress' }),
    ]);
  });

  it('answers as CSV', async () => {
    const lines = await csv('/api/v1/reports/sla?from=2026-03&to=2026-03');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['part', 'period', 'group', 'clocks']);
    expect(lines).toContain('sla,2026-03,,4,2,1,1,0,0,2,2,0.5,0.75,3,3,5.5,7,,,,,,,,');
    expect(lines).toContain('commitment,2026-03,,,,,,,,,,,,,,,,150,3,0.02,3,1,0.75,0.6,missed');
  });

  it('lists the new reports', async () => {
    const r = await get<{ reports: { name: string }[] }>('/api/v1/reports');
    expect(r.reports.map((x) => x.name)).toEqual([
      'funnel',
      'velocity',
      'quality',
      'pipeline',
      'sla',
      'influence',
      'goals',
      'spend',
      'planner',
      'plan',
    ]);
  });
});
