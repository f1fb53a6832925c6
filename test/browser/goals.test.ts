// Goals & plan: goal attainment, spend and return, the reverse-funnel planner and a saved plan
// against the actual, each drawn (on canvas, under the CSP) with its table beside it, from a
// workspace seeded over the last months; an admin sets a goal and saves a plan through the page,
// a sales rep sees the same figures without the forms. Screenshots in test/browser/screenshots.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { goalPeriodMonths, quarterOf } from '../../src/domain/goals.js';
import { addMonths, monthOf } from '../../src/domain/report-months.js';
import { upsertGoal } from '../../src/store/goals.js';
import { insertOpportunity } from '../../src/store/opportunities.js';
import { setSpend } from '../../src/store/report-spend.js';
import { browserAppTest, inked, screenshot } from '../support/browser.js';
import { insertLead, insertTransitions } from '../support/seed-rows.js';

const DAY = 86_400_000;
const month = monthOf(new Date());
const quarter = quarterOf(month);
const lastQuarter = quarterOf(addMonths(goalPeriodMonths(quarter).from, -3));

const t = browserAppTest({
  demo: false,
  seed: async (db, world) => {
    const w = world.ws.workspace.id;
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY);
    // Forty leads over the last ten months: most qualify, fewer are accepted, four win.
    for (let i = 0; i < 40; i++) {
      const start = 300 - i * 7;
      const lead = await insertLead(db, w, { source: i % 3 === 0 ? 'linkedin' : 'google' });
      const walk: [string, Date][] = [['lead', ago(start)]];
      if (i % 5 !== 0) walk.push(['mql', ago(start - 2)]);
      if (i % 5 !== 0 && i % 2 === 0) walk.push(['sal', ago(start - 5)]);
      if (i % 5 !== 0 && i % 4 === 0) walk.push(['sql', ago(start - 15)]);
      if (i % 5 !== 0 && i % 8 === 0)
        walk.push(['opportunity', ago(start - 35)], ['customer', ago(start - 70)]);
      const done = walk.filter(([, at]) => at.getTime() < now);
      await insertTransitions(db, w, lead, done);
      if (done.some(([stage]) => stage === 'customer')) {
        const won = ago(start - 70);
        await insertOpportunity(db, w, {
          leadId: lead,
          accountId: null,
          ownerId: null,
          name: `Deal ${i}`,
          amount: 24_000,
          currency: 'USD',
          stage: 'Closed Won',
          probability: 1,
          isProbabilitySet: false,
          isClosed: true,
          isWon: true,
          source: null,
          createdAt: ago(start - 35),
          closeDate: won,
          closedAt: won,
          externalId: null,
          externalSystem: null,
        });
      }
    }
    for (let m = -12; m <= 0; m++) {
      await setSpend(db, w, { channel: 'google', month: addMonths(month, m), amount: 2000 });
      await setSpend(db, w, { channel: 'linkedin', month: addMonths(month, m), amount: 1500 });
    }
    const at = new Date();
    await upsertGoal(db, w, { period: quarter, metric: 'revenue', target: 96_000 }, 'browser test', at);
    await upsertGoal(db, w, { period: quarter, metric: 'sqls', target: 12 }, 'browser test', at);
    // Last quarter's MQL goal: a whole quarter of leads from both sources to filter and break down.
    await upsertGoal(db, w, { period: lastQuarter, metric: 'mqls', target: 10 }, 'browser test', at);
  },
});
let failed: Page | null = null;
afterEach(async (context) => {
  // A failed step leaves the page as it stood, to look at.
  if (failed && context.task.result?.state === 'fail')
    await screenshot(failed, `goals-failed-${context.task.name.slice(0, 12)}`);
  failed = null;
});
describe('goals & plan', () => {
  it('an admin sets a goal and saves a plan; every section draws its chart beside its table', async () => {
    const { page, errors } = await t.app.newPage();
    failed = page;
    await t.world.signInAs(page, t.world.ws.admin, '/goals');
    await page.getByRole('heading', { level: 1, name: 'Goals & plan' }).waitFor();

    // The seeded quarter goals, with the pace expected by now beside the actual.
    const revenueRow = page.locator(`[data-goal="${quarter}/revenue"]`);
    await revenueRow.waitFor();
    expect(await revenueRow.textContent()).toMatch(/\$96,000/);
    expect(await revenueRow.textContent()).toMatch(/expected by now|Not begun|No goal/);

    // An admin sets this month's MQL goal through the form.
    await page.locator('#goal-period').selectOption(month);
    await page.locator('#goal-metric').selectOption('mqls');
    await page.locator('#goal-target').fill('6');
    await page.getByRole('button', { name: 'Save goal' }).click();
    const mqlRow = page.locator(`[data-goal="${month}/mqls"]`);
    await mqlRow.filter({ hasText: 'expected by now' }).waitFor();
    expect(await mqlRow.locator('td').nth(3).textContent()).toBe('6');
    // A bad goal is refused, naming the field.
    await page.locator('#goal-target').fill('-1');
    await page.getByRole('button', { name: 'Save goal' }).click();
    await page.locator('#goal-target-error').waitFor();

    // Spend and return: google's cost per MQL is in the table.
    const google = page.locator('#report-spend-table tr', { hasText: 'google' });
    await google.waitFor();
    expect(await google.locator('td').nth(1).textContent()).toBe('$24,000');

    // The planner plans the quarter's revenue goal from the measured figures.
    const wins = page.locator('#report-plan-table tr', { hasText: 'Wins' });
    await wins.waitFor();
    // $96,000 at $24,000 a deal: 4 wins.
    expect(await wins.locator('td').nth(1).textContent()).toBe('4');
    await page.locator('#report-plan-channels tr', { hasText: 'google' }).waitFor();
    // Overriding a rate changes the plan: SQL → opportunity at 100% needs as many SQLs as opportunities.
    await page.locator('.planner-overrides summary').click();
    await page.locator('#plan-sql-rate').fill('100');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    const sqls = page.locator('#report-plan-table tr', { hasText: 'SQLs' });
    await sqls.filter({ hasText: '100%' }).waitFor();
    const opportunities = page.locator('#report-plan-table tr', { hasText: 'Opportunities' });
    expect(await sqls.locator('td').nth(1).textContent()).toBe(
      await opportunities.locator('td').nth(1).textContent(),
    );

    // Saved, the plan is compared with the actual.
    await page.locator('#plan-name').fill('This quarter');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.locator('#report-plan-actual-table tr', { hasText: 'Leads' }).waitFor();

    for (const id of ['#report-goals', '#report-spend', '#report-plan', '#report-plan-actual'])
      expect(await inked(page, id), id).toBeGreaterThan(500);
    await screenshot(page, 'goals-admin');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a sales rep sees the same goals and plan, without the forms, reached from the Overview', async () => {
    const { page, errors } = await t.app.newPage();
    failed = page;
    await t.world.signInAs(page, t.world.rep, '/overview');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'Goals & plan' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Goals & plan' }).waitFor();
    await page.locator(`[data-goal="${quarter}/revenue"]`).waitFor();
    expect(await page.locator('#goal-form').count()).toBe(0);
    await page.locator('#report-plan-table tr', { hasText: 'Wins' }).waitFor();
    expect(await page.locator('#plan-save').count()).toBe(0);
    await page.locator('#report-plan-actual-table').waitFor();
    const { from } = goalPeriodMonths(quarter);
    expect(from <= month).toBe(true);
    expect(await inked(page, '#report-goals')).toBeGreaterThan(500);
    await screenshot(page, 'goals-rep');
    expect(errors).toEqual([]);
  }, 120_000);

  it('goals, spend and the planner filter and break down by the dimensions each has, kept in the URL', async () => {
    const { page, errors } = await t.app.newPage();
    failed = page;
    await t.world.signInAs(page, t.world.ws.admin, `/goals?quarter=${lastQuarter}`);
    await page.getByRole('heading', { level: 1, name: 'Goals & plan' }).waitFor();
    // The Actual column: fifth from the end, with or without a breakdown column first.
    const actual = async (row: ReturnType<Page['locator']>) => {
      const cells = await row.locator('td').allTextContents();
      return Number((cells[cells.length - 5] ?? '').replace(/[^0-9.]/g, ''));
    };

    // Goals: all of last quarter's MQLs, then broken down by source, then only linkedin's.
    const mqls = page.locator(`[data-goal="${lastQuarter}/mqls"]`);
    await mqls.first().waitFor();
    const all = await actual(mqls);
    expect(all).toBeGreaterThan(0);
    // Spend, which has no team or rep, does not offer them; goals do.
    expect(await page.locator('#goals-filter-team').count()).toBe(1);
    expect(await page.locator('#spend-filter-team').count()).toBe(0);
    expect(await page.locator('#spend-filter-rep').count()).toBe(0);
    await page.locator('#goals-filter-by').selectOption('source');
    const linkedinRow = mqls.and(page.locator('[data-group="linkedin"]'));
    const googleRow = mqls.and(page.locator('[data-group="google"]'));
    await linkedinRow.waitFor();
    const [linkedin, google] = [await actual(linkedinRow), await actual(googleRow)];
    expect(linkedin + google).toBe(all);
    expect(linkedin).toBeGreaterThan(0);
    expect(linkedin).toBeLessThan(all);
    await page.locator('#goals-filter-by').selectOption('');
    await page.locator('#goals-filter-source').fill('linkedin');
    await page.locator('#goals-filter-source').press('Enter');
    await page.locator(`[data-goal="${lastQuarter}/mqls"][data-group=""]`).waitFor();
    await expect.poll(() => actual(mqls.first())).toBe(linkedin);
    // An admin gives linkedin its own MQL goal: the filtered row is measured against it.
    await page.locator('#goal-period').selectOption(lastQuarter);
    await page.locator('#goal-metric').selectOption('mqls');
    await page.locator('#goal-dimension').selectOption('source');
    await page.locator('#goal-value').fill('linkedin');
    await page.locator('#goal-target').fill('4');
    await page.getByRole('button', { name: 'Save goal' }).click();
    await mqls.first().filter({ hasText: 'Source: linkedin' }).waitFor();
    const cells = await mqls.first().locator('td').allTextContents();
    expect(cells[cells.length - 4]).toBe('4');

    // Spend: linkedin only, then month by month ($1,500 a month is linkedin's alone).
    await page.locator('#report-spend-table tr', { hasText: 'google' }).waitFor();
    await page.locator('#spend-filter-source').fill('linkedin');
    await page.locator('#spend-filter-source').press('Enter');
    await page.locator('#report-spend-table tr', { hasText: 'google' }).waitFor({ state: 'detached' });
    await page.locator('#spend-filter-by').selectOption('period');
    const thisMonth = page.locator('#report-spend-table tr').filter({ hasText: '$1,500' });
    await page.locator('#report-spend-table th', { hasText: 'Month' }).waitFor();
    expect(await thisMonth.count()).toBeGreaterThan(1);

    // The planner split by source: each source's share of the goal, the shares making the whole.
    const linkedinChannel = page.locator('#report-plan-channels tr', { hasText: 'linkedin' });
    await linkedinChannel.waitFor();
    await page.locator('#plan-filter-by').selectOption('source');
    const groups = page.locator('#report-plan-groups tbody tr');
    await page.locator('#report-plan-groups tr', { hasText: 'linkedin' }).waitFor();
    await page.locator('#report-plan-groups tr', { hasText: 'google' }).waitFor();
    expect(await groups.count()).toBeGreaterThanOrEqual(2);
    // Filtered to google, the plan is google's: its MQLs come from google alone.
    await page.locator('#plan-filter-source').fill('google');
    await page.locator('#plan-filter-source').press('Enter');
    await linkedinChannel.waitFor({ state: 'detached' });
    await page.locator('#report-plan-channels tr', { hasText: 'google' }).waitFor();

    // The filters are in the URL: a reload (or a link) shows the same numbers.
    expect(page.url()).toContain('goals-source=linkedin');
    expect(page.url()).toContain('spend-by=period');
    await page.reload();
    expect(await page.locator('#goals-filter-source').inputValue()).toBe('linkedin');
    await page.locator(`[data-goal="${lastQuarter}/mqls"]`).first().waitFor();
    expect(await actual(page.locator(`[data-goal="${lastQuarter}/mqls"]`).first())).toBe(linkedin);
    await screenshot(page, 'goals-filtered');
    expect(errors).toEqual([]);
  }, 120_000);
});
