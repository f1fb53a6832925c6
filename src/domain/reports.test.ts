import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPeriod, monthsOf } from './report-months.js';
import { reportFilters, reportQuerySchema } from './report-query.js';
import { cohortStatus } from './report-funnel.js';
import { distributionOf, percentile, rate } from './reports.js';

describe('rates and percentiles', () => {
  it('a rate of nothing is null, never 0', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 4)).toBe(0.75);
  });

  it('percentile interpolates between ranks like percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([24, 96, 120, 120], 0.5)).toBe(108);
    expect(percentile([0, 0, 8, 840], 0.9)).toBeCloseTo(590.4, 9);
    expect(percentile([5], 0.9)).toBe(5);
  });

  it('percentiles lie within the values, in order, and ignore the input order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (values) => {
        const d = distributionOf(values);
        const min = Math.min(...values);
        const max = Math.max(...values);
        expect(d.count).toBe(values.length);
        expect(d.median!).toBeGreaterThanOrEqual(min);
        expect(d.median!).toBeLessThanOrEqual(d.p75!);
        expect(d.p75!).toBeLessThanOrEqual(d.p90!);
        expect(d.p90!).toBeLessThanOrEqual(max);
        expect(distributionOf([...values].reverse())).toEqual(d);
      }),
    );
  });
});

describe('cohorts and windows', () => {
  const now = new Date('2026-06-15T00:00:00Z');
  it('a cohort is complete once its last lead has had the whole window', () => {
    // May's last lead entered 31 May: with 14 days it is complete on 15 June, with 15 not yet.
    expect(cohortStatus('2026-05', 3, 14, now)).toBe('complete');
    expect(cohortStatus('2026-05', 3, 15, now)).toBe('maturing');
    expect(cohortStatus('2026-06', 0, 90, now)).toBe('empty');
    expect(cohortStatus('2026-06', 2, 90, now)).toBe('maturing');
  });

  it('the default period is twelve months ending with the current one', () => {
    expect(defaultPeriod(now)).toEqual({ from: '2025-07', to: '2026-06' });
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });

  it('the query: months checked, a missing end is this month, filters kept by name', () => {
    const q = reportQuerySchema.parse({ from: '2026-01', source: 'google', by: 'rep' });
    expect(reportFilters(q, now)).toEqual({
      period: { from: '2026-01', to: '2026-06' },
      where: { source: 'google' },
      by: 'rep',
    });
    expect(reportQuerySchema.safeParse({ from: '2026-05', to: '2026-04' }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: '2020-01', to: '2026-04' }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ colour: 'red' }).success).toBe(false);
  });

  it('refuses months that are not months without judging the period they do not make (the fuzzer found a loop)', () => {
    const bad = reportQuerySchema.safeParse({ from: '8E{u&Dse', to: 'mg<W&' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['from', 'to']);
    expect(() => monthsOf({ from: 'NaN-NaN', to: '2026-01' })).toThrow(RangeError);
    expect(monthsOf({ from: '2026-03', to: '2026-02' })).toEqual([]);
  });
});
