// Marketing's commitment against the transitions of its period: the period named or the current
// one, the pace expected by now, and the acceptance rate of what sales decided on.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAgreement } from '../domain/default-agreement.js';
import type { AgreementInput } from '../domain/agreement.js';
import { type TestWorkspace, appErrorOf, makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { insertLead, insertTransitions } from '../../test/support/seed-rows.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { activateAgreement, saveDraft } from './agreements.js';
import { currentPeriod, marketingCommitment, periodBounds } from './marketing-commitment.js';

const ACTOR = { type: 'system', id: null, label: 'test' } as const;

// 16 November 2026, 00:00 UTC: half of November's 30 days have gone.
const NOW = new Date('2026-11-16T00:00:00Z');
// The workspace began with the year: every period below ran under its first agreement.
const t = workspaceTest({ clock: () => NOW, createdAt: new Date('2026-01-01T00:00:00Z') });
const { marketing } = defaultAgreement();

describe('periodBounds', () => {
  it('reads a month and a quarter as their UTC bounds', () => {
    expect(periodBounds('2026-11')).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(periodBounds('2026-Q4')).toEqual({
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('refuses another shape and a year PostgreSQL cannot hold, naming the period', async () => {
    for (const period of ['2026-13', '2026-Q5', 'November', '9999-12', '1969-01']) {
      const err = await appErrorOf(Promise.resolve().then(() => periodBounds(period)));
      expect(err.code, period).toBe('validation_failed');
      expect(err.errors.map((e) => e.field)).toEqual(['period']);
    }
  });
});

describe('currentPeriod', () => {
  it("names the month or the quarter the clock is in, as the agreement's period says", () => {
    const at = new Date('2026-05-31T23:59:59Z');
    expect(currentPeriod('month', at)).toBe('2026-05');
    expect(currentPeriod('quarter', at)).toBe('2026-Q2');
  });
});

describe('marketingCommitment', () => {
  let now: Date;
  it("counts the period's MQLs, what sales accepted and rejected, and the pace expected by now", async () => {
    const ws = t.ws.workspace.id;
    const walk = async (steps: Parameters<typeof insertTransitions>[3]) =>
      insertTransitions(t.db, ws, await insertLead(t.db, ws), steps);
    await walk([
      ['mql', '2026-11-02T09:00:00Z'],
      ['sal', '2026-11-03T09:00:00Z'],
    ]);
    await walk([
      ['mql', '2026-11-04T09:00:00Z'],
      ['sal', '2026-11-05T09:00:00Z'],
    ]);
    await walk([
      ['pql', '2026-11-06T09:00:00Z'],
      ['disqualified', '2026-11-07T09:00:00Z', 'not_a_fit', 'user'],
    ]);
    // October's MQL is another period's.
    await walk([['mql', '2026-10-20T09:00:00Z']]);

    const status = await marketingCommitment(t.deps, ws, '2026-11');
    const expectedByNow = Math.round(marketing.mqlCommitment / 2);
    expect(status).toMatchObject({
      period: '2026-11',
      commitment: { mqls: marketing.mqlCommitment, minAcceptanceRate: marketing.minAcceptanceRate },
      mqls: 3,
      accepted: 2,
      rejected: 1,
      acceptanceRate: 2 / 3,
      expectedByNow,
      isVolumeOnTrack: 3 >= expectedByNow,
      isAcceptanceOnTrack: 2 / 3 >= marketing.minAcceptanceRate,
      rejectionReasons: [{ reason: 'not_a_fit', count: 1 }],
    });
    // A period over is expected in full; one not begun, not at all.
    expect((await marketingCommitment(t.deps, ws, '2026-10')).expectedByNow).toBe(marketing.mqlCommitment);
    expect((await marketingCommitment(t.deps, ws, '2026-12')).expectedByNow).toBe(0);
  });

  it('has no acceptance rate while sales has decided on nothing, and defaults to the current period', async () => {
    const empty = await makeWorkspace(t.deps);
    const status = await marketingCommitment(t.deps, empty.workspace.id);
    expect(status.period).toBe(currentPeriod(marketing.period, NOW));
    expect(status).toMatchObject({ mqls: 0, acceptanceRate: null, isAcceptanceOnTrack: null });
  });

  it('holds a period against the terms then in force, and counts each committed segment', async () => {
    now = new Date('2026-03-20T12:00:00Z');
    const deps = testDeps(t.db, () => now);
    const ws = await makeWorkspace(deps);
    const id = ws.workspace.id;
    // The workspace (and its first agreement, 150 a month) began on 20 March 2026.
    const march = await marketingCommitment(deps, id, '2026-03');
    expect(march.commitment).toEqual({ mqls: 150, minAcceptanceRate: 0.6 });
    const february = await marketingCommitment(deps, id, '2026-02');
    expect(february).toMatchObject({ commitment: null, isVolumeOnTrack: null, expectedByNow: 0 });

    // On 1 May a second version commits 200, 120 of them in SaaS and 50 in EMEA.
    now = new Date('2026-05-01T09:00:00Z');
    const next: AgreementInput = defaultAgreement();
    next.marketing = {
      ...next.marketing,
      mqlCommitment: 200,
      segments: [
        { dimension: 'segment', value: 'SaaS', mqlCommitment: 120 },
        { dimension: 'territory', value: 'EMEA', mqlCommitment: 50 },
      ],
    };
    await saveDraft(deps, ACTOR, id, { document: next }, 'per segment');
    await activateAgreement(deps, ACTOR, id);
    const saas = await insertLead(t.db, id, { industry: 'SaaS', region: 'EMEA' });
    const retail = await insertLead(t.db, id, { industry: 'Retail', region: 'AMER' });
    await insertTransitions(t.db, id, saas, [
      ['lead', '2026-05-02T10:00:00Z'],
      ['mql', '2026-05-03T10:00:00Z'],
    ]);
    await insertTransitions(t.db, id, retail, [
      ['lead', '2026-05-02T10:00:00Z'],
      ['mql', '2026-05-04T10:00:00Z'],
    ]);

    now = new Date('2026-05-16T12:00:00Z');
    // April ended under the first version; May runs under the second.
    expect((await marketingCommitment(deps, id, '2026-04')).commitment?.mqls).toBe(150);
    const may = await marketingCommitment(deps, id);
    expect(may).toMatchObject({ period: '2026-05', mqls: 2, commitment: { mqls: 200 } });
    // 15.5 of May's 31 days: half the period, so half of each part is expected by now.
    expect(may.expectedByNow).toBe(100);
    expect(may.segments).toEqual([
      { dimension: 'segment', value: 'SaaS', committed: 120, mqls: 1, expectedByNow: 60 },
      { dimension: 'territory', value: 'EMEA', committed: 50, mqls: 1, expectedByNow: 25 },
    ]);
  });
});

describe("marketing's commitment, early in the period", () => {
  const at = (iso: string) => testDeps(t.db, () => new Date(iso));
  let early: TestWorkspace;
  beforeAll(async () => {
    early = await makeWorkspace(at('2026-10-01T00:00:00Z'));
    // Four MQLs on 1 and 2 November.
    for (const day of ['01', '01', '02', '02']) {
      const lead = await insertLead(t.db, early.workspace.id);
      await insertTransitions(t.db, early.workspace.id, lead, [['mql', `2026-11-${day}T10:00:00Z`]]);
    }
  });

  it('projects where the month ends at the pace so far, once a day has gone by', async () => {
    // Two days of thirty gone, four MQLs: on pace for 60.
    const s = await marketingCommitment(at('2026-11-03T00:00:00Z'), early.workspace.id, '2026-11');
    expect(s.mqls).toBe(4);
    expect(s.elapsed).toBeCloseTo(2 / 30);
    expect(s.projected).toBe(60);
  });

  it('has no projection in its first day, and none to make once the period has ended', async () => {
    const first = await marketingCommitment(at('2026-11-01T12:00:00Z'), early.workspace.id, '2026-11');
    expect(first.projected).toBeNull();
    const after = await marketingCommitment(at('2026-12-15T00:00:00Z'), early.workspace.id, '2026-11');
    expect(after).toMatchObject({ elapsed: 1, projected: 4 });
  });
});
