// Marketing's commitment against the transitions of its period: the period named or the current
// one, the pace expected by now, and the acceptance rate of what sales decided on.
import { describe, expect, it } from 'vitest';
import { defaultAgreement } from '../domain/default-agreement.js';
import { appErrorOf, makeWorkspace } from '../../test/support/fixtures.js';
import { insertLead, insertTransitions } from '../../test/support/seed-rows.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { currentPeriod, marketingCommitment, periodBounds } from './marketing-commitment.js';

// 16 November 2026, 00:00 UTC: half of November's 30 days have gone.
const NOW = new Date('2026-11-16T00:00:00Z');
const t = workspaceTest({ clock: () => NOW });
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
    const agreement = defaultAgreement();
    const at = new Date('2026-05-31T23:59:59Z');
    expect(currentPeriod({ ...agreement, marketing: { ...agreement.marketing, period: 'month' } }, at)).toBe(
      '2026-05',
    );
    expect(
      currentPeriod({ ...agreement, marketing: { ...agreement.marketing, period: 'quarter' } }, at),
    ).toBe('2026-Q2');
  });
});

describe('marketingCommitment', () => {
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
    expect(status.period).toBe(currentPeriod(defaultAgreement(), NOW));
    expect(status).toMatchObject({ mqls: 0, acceptanceRate: null, isAcceptanceOnTrack: null });
  });
});
