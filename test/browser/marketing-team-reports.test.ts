// The Marketing and Team pages lead with their reports on the demo workspace (a year of history):
// lead quality, content influence and its gap, spend and return, the commitment over time with this
// period's pace; SLA compliance by rep month by month. Charts drawn on canvas under the CSP.
// Screenshots in test/browser/screenshots and /tmp/influence-*.png.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAppTest, inked, screenshot, signIn } from '../support/browser.js';

const t = browserAppTest({ demo: true });

async function shoot(page: Page, id: string, name: string): Promise<void> {
  await page
    .locator(`#${id}`)
    .locator('xpath=..')
    .screenshot({ path: `/tmp/influence-${name}.png` });
}

describe('Marketing and Team pages on the demo workspace', { timeout: 300_000 }, () => {
  it('Marketing leads with quality, influence, spend and the commitment, and a pace for this period', async () => {
    const { page, errors } = await t.app.newPage();
    await signIn(page);
    await page.goto('/marketing');
    await page.getByRole('heading', { level: 1, name: 'Marketing' }).waitFor();

    // This period reads as a pace (or a first-day count) with the period before beside it.
    await page.getByTestId('marketing-pace').waitFor();
    expect(await page.getByTestId('marketing-pace').textContent()).toMatch(/^Day \d+ of \d+: \d+ MQLs?/);
    // The demo's first agreement is in force from the start of its history: last month is held
    // against the commitment then in force.
    expect(await page.getByTestId('marketing-previous').textContent()).toMatch(
      /^\w+ \d{4}: \d+ of \d+(, \d+% accepted)?\.$/,
    );

    // Content influence: touches with their counts, the base rates in the note, lifts charted.
    const table = page.locator('#report-influence-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await table.textContent()).toMatch(/Page|Asset|Campaign|Event/);
    expect(await page.locator('#report-influence').textContent()).toMatch(/Of [\d,]+ leads, \d+% became MQL/);
    await page.locator('#report-influence-gap').waitFor();

    await page.locator('#report-quality-table tbody tr').first().waitFor();
    await page.locator('#report-spend').waitFor();
    await page.locator('#report-commitment-table tbody tr').first().waitFor();
    for (const id of ['#report-quality', '#report-influence', '#report-spend', '#report-commitment'])
      expect(await inked(page, id), id).toBeGreaterThan(500);

    await screenshot(page, 'marketing-reports');
    await page.screenshot({ path: '/tmp/influence-marketing.png', fullPage: true });
    await page
      .locator('#marketing-volume')
      .locator('xpath=..')
      .screenshot({ path: '/tmp/influence-kpis.png' });
    for (const [id, name] of [
      ['report-quality', 'quality'],
      ['report-influence', 'influence'],
      ['report-spend', 'spend'],
      ['report-commitment', 'commitment'],
    ] as const)
      await shoot(page, id, name);
    await page.locator('#report-influence-table').screenshot({ path: '/tmp/influence-table.png' });

    // One kind of touch at a time.
    await page.locator('#influence-kind').selectOption('asset');
    await expect
      .poll(async () =>
        (await table.locator('tbody tr td:first-child').allTextContents()).every((k) => k === 'Asset'),
      )
      .toBe(true);
    expect(errors).toEqual([]);
  });

  it('Team leads with SLA compliance by rep, month by month', async () => {
    const { page, errors } = await t.app.newPage();
    await signIn(page);
    await page.goto('/team');
    await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    const table = page.locator('#team-sla-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await table.textContent()).toMatch(/\d+%/);
    expect(await inked(page, '#team-sla-compliance')).toBeGreaterThan(500);
    // The report comes first, before the alerts and the queue.
    const ids = await page
      .locator('.stack > *  [id], .stack > [id]')
      .evaluateAll((els) => els.map((e) => e.id));
    expect(ids.indexOf('team-sla-compliance')).toBeLessThan(ids.indexOf('team-alerts'));
    await screenshot(page, 'team-reports');
    await page.screenshot({ path: '/tmp/influence-team.png', fullPage: true });
    await shoot(page, 'team-sla-compliance', 'team-sla');
    expect(errors).toEqual([]);
  });
});
