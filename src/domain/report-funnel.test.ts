import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNNEL_STEPS, type FunnelCohortCounts, type FunnelStep, funnelReport } from './report-funnel.js';
import { rate } from './reports.js';

const stepCounts = fc
  .array(fc.integer({ min: 0, max: 50 }), { minLength: FUNNEL_STEPS.length, maxLength: FUNNEL_STEPS.length })
  .map((drops) => {
    // reached is non-increasing down the funnel; advanced[i] ≤ reached[i].
    const reached = {} as Record<FunnelStep, number>;
    const advanced = {} as Record<FunnelStep, number>;
    let n = 200;
    FUNNEL_STEPS.forEach((s, i) => {
      n = Math.max(0, n - (drops[i] ?? 0) * (i === 0 ? 0 : 1));
      reached[s] = n;
    });
    FUNNEL_STEPS.forEach((s, i) => {
      const next = FUNNEL_STEPS[i + 1];
      advanced[s] = next ? reached[next] : 0;
    });
    return { reached, advanced };
  });

describe('the funnel report', () => {
  const period = { from: '2026-01', to: '2026-03' };
  const now = new Date('2026-12-01T00:00:00Z');

  it('every month of the period has a row; totals add counts, not rates', () => {
    fc.assert(
      fc.property(fc.array(stepCounts, { minLength: 3, maxLength: 3 }), (months) => {
        const counts: FunnelCohortCounts[] = months.map((m, i) => ({
          cohort: `2026-0${i + 1}`,
          group: null,
          ...m,
        }));
        const r = funnelReport(counts, period, 90, now);
        expect(r.cohorts.map((c) => c.cohort)).toEqual(['2026-01', '2026-02', '2026-03']);
        for (const c of r.cohorts)
          for (const s of c.steps) {
            if (s.conversion !== null) {
              expect(s.conversion).toBeGreaterThanOrEqual(0);
              expect(s.conversion).toBeLessThanOrEqual(1);
            }
            if (c.leads === 0) expect(s.conversion).toBeNull();
          }
        const total = r.total[0]!;
        for (const step of FUNNEL_STEPS) {
          const sum = r.cohorts
            .filter((c) => (total.basis === 'complete' ? c.status === 'complete' : c.status !== 'empty'))
            .reduce((acc, c) => acc + c.steps.find((s) => s.step === step)!.reached, 0);
          expect(total.steps.find((s) => s.step === step)!.reached).toBe(sum);
        }
        const lead = total.steps[0]!;
        expect(lead.conversion).toBe(rate(lead.advanced, lead.reached));
      }),
    );
  });

  it('the total waits for complete cohorts: maturing ones are left out while any is complete', () => {
    const one = (cohort: string, leads: number): FunnelCohortCounts => ({
      cohort,
      group: null,
      reached: { lead: leads, mql: 1, sal: 0, sql: 0, opportunity: 0, customer: 0 },
      advanced: { lead: 1, mql: 0, sal: 0, sql: 0, opportunity: 0, customer: 0 },
    });
    const r = funnelReport(
      [one('2026-01', 10), one('2026-03', 4)],
      period,
      90,
      new Date('2026-05-10T00:00:00Z'),
    );
    expect(r.cohorts.map((c) => c.status)).toEqual(['complete', 'empty', 'maturing']);
    expect(r.total[0]).toMatchObject({ basis: 'complete', cohorts: 1, leads: 10 });
  });
});
