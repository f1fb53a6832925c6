// The agreement page: the funnel as people read it, scoring as sentences, and the qualification matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, screenshot, signIn, startBrowserApp } from '../support/browser.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});
afterAll(async () => {
  await app?.close();
});

describe('agreement', () => {
  it('shows the funnel definitions, the scoring rules as sentences and the qualification matrix', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { email: 'rep@demo.tandem.dev' });
    await page.getByRole('link', { name: 'Agreement' }).click();
    await page.waitForURL('**/agreement');
    await page
      .getByText(/Version \d+/)
      .first()
      .waitFor();
    expect(await page.locator('.page-header__subtitle').textContent()).toMatch(/activated by/);

    // Each stage with its written definition, owner team and allowed moves.
    const funnel = page.locator('#agreement-funnel');
    const mql = funnel.locator('[data-stage="mql"]');
    await mql.waitFor();
    expect(await mql.textContent()).toContain('Marketing qualified lead');
    expect(await mql.textContent()).toMatch(/Sales must accept or reject within the SLA/);
    expect(await mql.textContent()).toMatch(/Can move to SAL, Nurture, Disqualified/);
    expect(await funnel.locator('[data-stage]').count()).toBeGreaterThanOrEqual(6);

    // Fit rules read as sentences with their points.
    const fit = page.locator('#agreement-fit');
    expect(await fit.textContent()).toContain('Title seniority is C-level or VP');
    expect(await fit.textContent()).toContain('+25');

    // The 4×4 matrix, qualifying cells highlighted.
    const matrix = page.locator('#agreement-qualification .matrix');
    expect(await matrix.locator('.matrix__cell').count()).toBe(16);
    const qualifying = await matrix
      .locator('.matrix__cell.is-qualifying')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-cell')));
    expect(qualifying).toContain('A1');
    expect(qualifying).not.toContain('D4');

    // SLAs as sentences, reject reasons with where they send a lead, marketing's commitment.
    expect(await page.locator('#agreement-handoff').textContent()).toMatch(
      /MQL: accept or reject within 8 business hours; warn at 75%; then notify the manager and reassign/,
    );
    expect(await page.locator('#agreement-feedback').textContent()).toContain('Wrong point of contact');
    expect(await page.locator('#agreement-marketing').textContent()).toMatch(/MQLs a month/);
    await screenshot(page, 'agreement');
    expect(errors).toEqual([]);
  });
});
