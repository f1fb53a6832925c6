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
    await expect(
      tandem('goal', 'set', '--workspace', slug, '--period', month, '--metric', 'bookings', '--target', '1'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/--metric/) });
  });
});
