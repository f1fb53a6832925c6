// `tandem goal set`, `tandem spend set` and `tandem report goals|spend|planner|list`, run as an
// operator would: a separate process on the same database, printing what the API answers.
import { describe, expect, it } from 'vitest';
import { monthOf } from '../src/domain/report-months.js';
import { cliWorkspace } from './support/cli-workspace.js';

const { slug, tandem } = cliWorkspace({ slugPrefix: 'cli-m', name: 'CLI measure test' });
const month = monthOf(new Date());

describe('tandem goals, spend and planner', { timeout: 300_000 }, () => {
  it('report list names the new reports', async () => {
    const { stdout } = await tandem('report', 'list');
    expect(stdout).toMatch(/^goals +Shared goals/m);
    expect(stdout).toMatch(/^spend +Spend and return/m);
    expect(stdout).toMatch(/^planner +Reverse-funnel planner/m);
  });

  it('sets a goal and spend, and the reports show them', async () => {
    await tandem('goal', 'set', '--workspace', slug, '--period', month, '--metric', 'mqls', '--target', '40');
    await tandem(
      'spend',
      'set',
      '--workspace',
      slug,
      '--channel',
      'google',
      '--month',
      month,
      '--amount',
      '1200',
    );
    const goals = JSON.parse(
      (await tandem('report', 'goals', '--workspace', slug, '--from', month, '--to', month, '--json')).stdout,
    ) as { goals: { period: string; metric: string; target: number | null; actual: number }[] };
    expect(goals.goals.find((g) => g.period === month && g.metric === 'mqls')).toMatchObject({
      target: 40,
      actual: 0,
    });
    const csv = (
      await tandem('report', 'spend', '--workspace', slug, '--from', month, '--to', month, '--csv')
    ).stdout;
    // Spend with nothing counted: no cost per MQL (not 0, not infinity).
    expect(csv.split('\n')[1]).toBe('google,total,1200,0,0,0,0,,,,0');
    // Broken down: goals per rep (the workspace's goal against each rep's actual); spend per month.
    const byRep = JSON.parse(
      (
        await tandem(
          'report',
          'goals',
          '--workspace',
          slug,
          '--from',
          month,
          '--to',
          month,
          '--by',
          'rep',
          '--json',
        )
      ).stdout,
    ) as { filters: { by: string }; goals: { group: string | null; target: number | null }[] };
    expect(byRep.filters.by).toBe('rep');
    expect(byRep.goals.find((g) => g.target === 40)).toMatchObject({ group: null });
    const byPeriod = (
      await tandem(
        'report',
        'spend',
        '--workspace',
        slug,
        '--from',
        month,
        '--to',
        month,
        '--by',
        'period',
        '--csv',
      )
    ).stdout;
    expect(byPeriod.split('\n').slice(0, 2)).toEqual([
      'month,spend,mqls,sqls,customers,revenue,cost_per_mql,cost_per_sql,cost_per_customer,revenue_per_spend',
      `${month},1200,0,0,0,0,,,,0`,
    ]);
    // Spend has no rep: refused, saying why.
    await expect(tandem('report', 'spend', '--workspace', slug, '--by', 'rep')).rejects.toMatchObject({
      stderr: expect.stringMatching(/by: spend has no rep dimension: spend is recorded per channel/),
    });
    // google's own MQL goal is what google's slice is measured against; a campaign's spend is its own.
    expect(
      (
        await tandem(
          ...['goal', 'set', '--workspace', slug, '--period', month, '--metric', 'mqls'],
          ...['--target', '12', '--dimension', 'source', '--value', 'google'],
        )
      ).stdout,
    ).toBe(`${month} mqls source=google 12\n`);
    const google = JSON.parse(
      (
        await tandem(
          'report',
          'goals',
          '--workspace',
          slug,
          '--from',
          month,
          '--to',
          month,
          '--source',
          'google',
          '--json',
        )
      ).stdout,
    ) as { goals: { period: string; metric: string; target: number | null; goal: unknown }[] };
    expect(google.goals.find((g) => g.period === month && g.metric === 'mqls')).toMatchObject({
      target: 12,
      goal: { dimension: 'source', value: 'google' },
    });
    expect(
      (
        await tandem(
          ...['spend', 'set', '--workspace', slug, '--channel', 'google', '--month', month],
          ...['--amount', '300', '--campaign', 'spring'],
        )
      ).stdout,
    ).toBe(`google spring ${month} 300\n`);
  });

  it('plans with every input given, and refuses a bad one naming the flag', async () => {
    const { stdout } = await tandem(
      'report',
      'planner',
      '--workspace',
      slug,
      '--revenue-goal',
      '50000',
      '--from',
      month,
      '--to',
      month,
      '--deal-size',
      '10000',
      ...['lead', 'mql', 'sal', 'sql', 'opportunity'].flatMap((s) => [
        `--${s}-rate`,
        '0.5',
        `--${s}-lag-days`,
        '0',
      ]),
      '--json',
    );
    // 5 wins, then doubling back: 10, 20, 40, 80, 160.
    const result = JSON.parse(stdout) as { plan: { steps: { needed: number }[] } };
    expect(result.plan.steps.map((s) => s.needed)).toEqual([160, 80, 40, 20, 10, 5]);
    // By segment: nothing won while measuring, so there is no share to split the goal by.
    const bySegment = JSON.parse(
      (
        await tandem(
          'report',
          'planner',
          '--workspace',
          slug,
          '--revenue-goal',
          '50000',
          '--from',
          month,
          '--to',
          month,
          '--by',
          'segment',
          '--json',
        )
      ).stdout,
    ) as { filters: { by: string }; groups: { share: number; plan: unknown }[] };
    expect(bySegment.filters.by).toBe('segment');
    expect(bySegment.groups.every((g) => g.share === 0 && g.plan === null)).toBe(true);
    await expect(
      tandem('goal', 'set', '--workspace', slug, '--period', month, '--metric', 'bookings', '--target', '1'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/--metric/) });
  });
});
