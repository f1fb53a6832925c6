// The shared Overview: funnel and velocity charts drawn (on canvas, under the CSP) with their tables
// beside them, from transitions seeded over the last months; screenshot in test/browser/screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  type SalesWorkspace,
  salesWorkspace,
  screenshot,
  startBrowserApp,
} from '../support/browser.js';
import { insertLead, insertTransitions } from '../support/seed-rows.js';

let app: BrowserApp;
let world: SalesWorkspace;

const DAY = 86_400_000;

beforeAll(async () => {
  app = await startBrowserApp({ demo: false });
  world = await salesWorkspace(app);
  const w = world.ws.workspace.id;
  const now = Date.now();
  const ago = (days: number, hours = 0) => new Date(now - days * DAY + hours * 3_600_000);
  // Forty leads over the last four months: all enter, most qualify, fewer are accepted, a few win.
  for (let i = 0; i < 40; i++) {
    const start = 120 - i * 3;
    const lead = await insertLead(app.deps.db, w, {
      source: i % 3 === 0 ? 'linkedin' : 'google',
      ownerId: world.rep.id,
    });
    const walk: [string, Date][] = [['lead', ago(start)]];
    if (i % 5 !== 0) walk.push(['mql', ago(start - 2, 3)]);
    if (i % 5 !== 0 && i % 2 === 0) walk.push(['sal', ago(start - 3, 5)]);
    if (i % 5 !== 0 && i % 4 === 0) walk.push(['sql', ago(start - 10)]);
    if (i % 5 !== 0 && i % 8 === 0)
      walk.push(['opportunity', ago(start - 20)], ['customer', ago(start - 35)]);
    await insertTransitions(
      app.deps.db,
      w,
      lead,
      walk.filter(([, at]) => at.getTime() < now),
    );
  }
});
afterAll(async () => {
  await app?.close();
});

describe('overview', () => {
  it('draws the funnel and velocity charts with their tables, with no CSP or script errors', async () => {
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.manager, '/overview');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const funnelTable = page.locator('#report-funnel-table');
    await funnelTable.locator('tr', { hasText: 'MQL / PQL' }).waitFor();
    // The total (complete cohorts) shows counts beside a rate.
    expect(await funnelTable.locator('tr', { hasText: 'Lead' }).first().textContent()).toMatch(
      /^Lead\d+\d+\d+%$/,
    );
    // The cohorts hold all forty leads, month by month.
    const perCohort = await page
      .locator('#report-cohorts tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number.parseInt(r.children[1]?.textContent ?? '', 10) || 0));
    expect(perCohort.reduce((a, b) => a + b, 0)).toBe(40);
    await page.locator('#report-velocity-table tr', { hasText: 'SAL' }).waitFor();

    // Both charts have drawn something: their canvases are not blank.
    for (const id of ['#report-funnel', '#report-velocity']) {
      const canvas = page.locator(`${id} canvas`);
      await canvas.waitFor();
      const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d');
        if (!ctx || c.width === 0) return 0;
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
        return n;
      });
      expect(inked, id).toBeGreaterThan(500);
    }
    // The month just begun is never a bare 0%: it is maturing or has no leads yet.
    const cohorts = page.locator('#report-cohorts tbody tr');
    expect(await cohorts.last().textContent()).toMatch(/Maturing until|No leads entered this month yet/);

    await screenshot(page, 'overview');
    expect(errors).toEqual([]);
  });
});
