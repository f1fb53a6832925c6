import { describe, expect, it } from 'vitest';
import {
  type Goal,
  attainment,
  goalFor,
  goalIndex,
  goalPeriodMonths,
  goalPeriodsWithin,
  goalsReport,
  isGoalPeriod,
} from './goals.js';
import { type SpendRow, spendReport } from './report-spend.js';

describe('goal periods', () => {
  it('are months or quarters', () => {
    expect(isGoalPeriod('2026-03')).toBe(true);
    expect(isGoalPeriod('2026-Q4')).toBe(true);
    expect(isGoalPeriod('2026-Q5')).toBe(false);
    expect(isGoalPeriod('2026-13')).toBe(false);
    expect(goalPeriodMonths('2026-Q2')).toEqual({ from: '2026-04', to: '2026-06' });
    expect(goalPeriodsWithin({ from: '2026-02', to: '2026-06' })).toEqual([
      '2026-Q2',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  });
});

describe('attainment', () => {
  it('on the first day of a month shows what is expected by now, not a bare 0', () => {
    const a = attainment('2026-03', 'sqls', 10, 0, new Date('2026-03-01T06:00:00Z'));
    expect(a.status).toBe('running');
    expect(a.attainment).toBe(0);
    expect(a.expectedByNow).toBeCloseTo((10 * 6) / (31 * 24), 9);
    expect(a.projected).toBeNull();
  });

  it('mid-period: pace against the share of the period gone, and the projection', () => {
    // Q1 2026 has 90 days; on 16 February 00:00, 46 days have gone.
    const a = attainment('2026-Q1', 'revenue', 90_000, 23_000, new Date('2026-02-16T00:00:00Z'));
    expect(a.elapsed).toBeCloseTo(46 / 90, 12);
    expect(a.expectedByNow).toBeCloseTo(46_000, 6);
    expect(a.pace).toBeCloseTo(0.5, 12);
    expect(a.projected).toBeCloseTo(45_000, 6);
    expect(a.attainment).toBeCloseTo(23_000 / 90_000, 12);
  });

  it('the report shows goals set, and the current month and quarter even without one', () => {
    const rows = goalsReport(
      [{ period: '2026-01', metric: 'mqls', target: 40 }],
      { '2026-01': { revenue: 0, weighted_pipeline: 0, sqls: 2, mqls: 30 } },
      { from: '2026-01', to: '2026-03' },
      new Date('2026-03-10T00:00:00Z'),
    );
    expect(rows.filter((r) => r.period === '2026-01').map((r) => [r.metric, r.actual, r.target])).toEqual([
      ['mqls', 30, 40],
    ]);
    expect(rows.filter((r) => r.period === '2026-Q1')).toHaveLength(4);
    expect(rows.filter((r) => r.period === '2026-03')).toHaveLength(4);
    expect(rows.find((r) => r.period === '2026-Q1' && r.metric === 'mqls')?.actual).toBe(30);
  });
});

describe("a slice's own goal", () => {
  const goals: Goal[] = [
    { period: '2026-Q1', metric: 'sqls', target: 100 },
    { period: '2026-Q1', metric: 'sqls', target: 40, dimension: 'team', value: 'team-east' },
    { period: '2026-Q1', metric: 'sqls', target: 10, dimension: 'rep', value: 'rep-ann' },
    { period: '2026-Q1', metric: 'sqls', target: 25, dimension: 'source', value: 'google' },
  ];
  const index = goalIndex(goals);
  const target = (where: Record<string, string>, by: string | null = null, group: string | null = null) =>
    goalFor(index, '2026-Q1', 'sqls', { where, by, group })?.target ?? null;

  it("a filter naming a slice with its own goal is measured against that goal, else the workspace's", () => {
    expect(target({})).toBe(100);
    expect(target({ team: 'team-east' })).toBe(40);
    expect(target({ source: 'google' })).toBe(25);
    // No goal of its own: the slice's actual is its share of the workspace's goal.
    expect(target({ team: 'team-west' })).toBe(100);
    expect(target({ medium: 'cpc' })).toBe(100);
    // Several filters with goals: the most specific one (a rep's within a team).
    expect(target({ team: 'team-east', rep: 'rep-ann' })).toBe(10);
    expect(target({ source: 'google', team: 'team-east' })).toBe(40);
  });

  it('broken down, each value is measured against its own goal, else the filtered or shared one', () => {
    expect(target({}, 'team', 'team-east')).toBe(40);
    expect(target({}, 'team', 'team-west')).toBe(100);
    expect(target({}, 'team', null)).toBe(100);
    expect(target({ source: 'google' }, 'team', 'team-west')).toBe(25);
    expect(target({ source: 'google' }, 'team', 'team-east')).toBe(40);
    // Broken down by a dimension goals are not set for: the shared goal.
    expect(target({}, 'medium', 'cpc')).toBe(100);
  });

  it("no goal at all: null, and a slice goal alone is not the workspace's", () => {
    const only = goalIndex([{ period: '2026-Q1', metric: 'mqls', target: 5, dimension: 'team', value: 't' }]);
    expect(goalFor(only, '2026-Q1', 'mqls', { where: {}, by: null, group: null })).toBeNull();
    expect(goalFor(only, '2026-Q1', 'mqls', { where: { team: 't' }, by: null, group: null })?.target).toBe(5);
  });

  it('the report says whose goal each row is measured against', () => {
    const rows = goalsReport(
      goals,
      { '2026-01': { revenue: 0, weighted_pipeline: 0, sqls: 20, mqls: 0 } },
      { from: '2026-01', to: '2026-03' },
      new Date('2026-04-10T00:00:00Z'),
      { where: { team: 'team-east' }, by: null, group: null },
    );
    const q1 = rows.find((r) => r.period === '2026-Q1' && r.metric === 'sqls');
    expect(q1).toMatchObject({ target: 40, actual: 20, attainment: 0.5 });
    expect(q1?.goal).toEqual({ dimension: 'team', value: 'team-east' });
    const shared = goalsReport(
      goals,
      { '2026-01': { revenue: 0, weighted_pipeline: 0, sqls: 20, mqls: 0 } },
      { from: '2026-01', to: '2026-03' },
      new Date('2026-04-10T00:00:00Z'),
    ).find((r) => r.period === '2026-Q1' && r.metric === 'sqls');
    expect(shared).toMatchObject({ target: 100, attainment: 0.2, goal: { dimension: null, value: null } });
  });
});

describe('spend and return', () => {
  it('divides spend by what each channel brought, null where nothing was spent or counted', () => {
    const spend: SpendRow[] = [
      { channel: 'google', month: '2026-01', amount: 1000 },
      { channel: 'google', month: '2026-02', amount: 500 },
      { channel: 'linkedin', month: '2026-01', amount: 300 },
    ];
    const { channels, months } = spendReport(
      spend,
      [
        { channel: 'google', month: '2026-01', mqls: 5, sqls: 2, customers: 1, revenue: 6000 },
        { channel: 'google', month: '2026-02', mqls: 5, sqls: 1, customers: 0, revenue: 0 },
        { channel: 'organic', month: '2026-01', mqls: 4, sqls: 1, customers: 1, revenue: 2000 },
      ],
      { from: '2026-01', to: '2026-02' },
    );
    expect(channels.map((c) => c.channel)).toEqual(['google', 'linkedin', 'organic']);
    expect(channels[0]).toMatchObject({
      spend: 1500,
      mqls: 10,
      costPerMql: 150,
      costPerSql: 500,
      costPerCustomer: 1500,
      revenuePerSpend: 4,
    });
    expect(channels[1]).toMatchObject({ spend: 300, mqls: 0, costPerMql: null, revenuePerSpend: 0 });
    expect(channels[2]).toMatchObject({ spend: null, costPerMql: null, revenuePerSpend: null });
    expect(months).toHaveLength(6);
    expect(months.find((m) => m.channel === 'google' && m.month === '2026-02')?.costPerMql).toBe(100);
  });
});
