import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupActuals } from './goals.js';
import { measureDimensionProblem, MEASURE_REPORTS } from './measure-reports.js';
import { splitGoal } from './planner.js';
import { periodTotals, spendReport } from './report-spend.js';
import { REPORT_DIMENSIONS } from './reports.js';

describe('the dimensions goals, spend and the planner take', () => {
  it('every dimension a report lacks is refused with its reason, naming the field', () => {
    for (const def of Object.values(MEASURE_REPORTS)) {
      for (const d of REPORT_DIMENSIONS) {
        const problem = measureDimensionProblem(def.name, { where: {}, by: d });
        expect(problem === null, `${def.name} by ${d}`).toBe(def.dimensions.includes(d));
        if (problem && def.name !== 'plan') expect(problem.message).toContain(def.refused[d]!);
      }
    }
    expect(measureDimensionProblem('spend', { where: { rep: 'x' }, by: null })).toEqual({
      field: 'rep',
      message: expect.stringContaining(
        'spend is recorded per channel (the source), medium, campaign and month',
      ) as unknown,
    });
    expect(measureDimensionProblem('spend', { where: { source: 'google' }, by: 'period' })).toBeNull();
    expect(measureDimensionProblem('spend', { where: { campaign: 'spring' }, by: 'medium' })).toBeNull();
  });
});

describe('splitGoal', () => {
  it('splits by the weights and the parts add up to the goal', () => {
    expect(splitGoal(100_000, [10_000, 30_000, 0])).toEqual([25_000, 75_000, 0]);
    expect(splitGoal(100, [0, 0])).toEqual([null, null]);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (goal, weights) => {
          const parts = splitGoal(goal, weights);
          if (!(weights.reduce((a, b) => a + b, 0) > 0)) return parts.every((p) => p === null);
          const sum = parts.reduce<number>((a, p) => a + (p ?? 0), 0);
          expect(Math.abs(sum - goal)).toBeLessThanOrEqual(goal * 1e-9 + 1e-9);
          const total = weights.reduce((a, b) => a + b, 0);
          // Each part is the goal in proportion to its weight (the last one takes the rounding).
          parts.forEach((p, i) =>
            expect(Math.abs(p! - (goal * weights[i]!) / total)).toBeLessThanOrEqual(goal * 1e-12 + 1e-9),
          );
          return parts.every((p) => p !== null && p >= 0);
        },
      ),
    );
  });
});

describe('groupActuals', () => {
  it('lays the store’s rows out per group and month, every month present', () => {
    const range = { from: '2026-01', to: '2026-02' };
    const out = groupActuals(
      [
        { month: '2026-02', group: 'b', metric: 'revenue', value: 5 },
        { month: '2026-01', group: null, metric: 'mqls', value: 2 },
      ],
      range,
    );
    expect([...out.keys()]).toEqual(['b', null]);
    expect(out.get('b')?.['2026-01']).toEqual({ revenue: 0, weighted_pipeline: 0, sqls: 0, mqls: 0 });
    expect(out.get('b')?.['2026-02']?.revenue).toBe(5);
    expect([...groupActuals([], range).keys()]).toEqual([null]);
  });
});

describe('periodTotals', () => {
  it('adds every channel per month; a month without any spend has none, not 0', () => {
    const period = { from: '2026-01', to: '2026-02' };
    const { months } = spendReport(
      [
        { channel: 'google', month: '2026-01', amount: 100 },
        { channel: 'bing', month: '2026-01', amount: 50 },
      ],
      [
        { channel: 'google', month: '2026-01', mqls: 2, sqls: 1, customers: 0, revenue: 0 },
        { channel: 'organic', month: '2026-01', mqls: 1, sqls: 0, customers: 0, revenue: 0 },
        { channel: 'organic', month: '2026-02', mqls: 1, sqls: 0, customers: 1, revenue: 900 },
      ],
      period,
    );
    expect(periodTotals(months, period)).toEqual([
      expect.objectContaining({ month: '2026-01', spend: 150, mqls: 3, costPerMql: 50, costPerSql: 150 }),
      expect.objectContaining({
        month: '2026-02',
        spend: null,
        customers: 1,
        revenue: 900,
        costPerMql: null,
      }),
    ]);
  });
});

describe('spend by campaign', () => {
  const period = { from: '2026-03', to: '2026-03' };
  const spend = [
    { channel: 'google', month: '2026-03', amount: 400, medium: 'cpc', campaign: 'spring' },
    { channel: 'google', month: '2026-03', amount: 100, medium: null, campaign: null },
  ];
  const counts = [
    { channel: 'google', month: '2026-03', group: 'spring', mqls: 4, sqls: 1, customers: 0, revenue: 0 },
    { channel: 'google', month: '2026-03', group: null, mqls: 5, sqls: 0, customers: 0, revenue: 0 },
  ];

  it('broken down, spend without a campaign is the channel’s "not set" row, against leads without one', () => {
    const { channels } = spendReport(spend, counts, period, 'campaign');
    expect(channels.map((c) => [c.channel, c.group, c.spend, c.mqls, c.costPerMql])).toEqual([
      ['google', 'spring', 400, 4, 100],
      ['google', null, 100, 5, 20],
    ]);
  });

  it('not broken down, a channel’s spend is all its rows added', () => {
    const { channels } = spendReport(spend, counts, period);
    expect(channels).toEqual([
      expect.objectContaining({ channel: 'google', group: null, spend: 500, mqls: 9 }),
    ]);
  });
});
