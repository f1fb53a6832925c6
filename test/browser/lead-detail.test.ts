// A lead's page explains itself: the score (fit rules, an engagement ledger that adds up), the timeline,
// the stage history with reasons, the hand-off, and a stage move the agreement may refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  type SalesWorkspace,
  salesWorkspace,
  screenshot,
  startBrowserApp,
} from '../support/browser.js';

let app: BrowserApp;
let world: SalesWorkspace;
let leadId: string;

beforeAll(async () => {
  app = await startBrowserApp();
  world = await salesWorkspace(app);
  leadId = await world.qualifiedLead({ firstName: 'Sasha', lastName: 'Score', company: 'Globex' });
});
afterAll(async () => {
  await app?.close();
});

const parse = (text: string | null) => Number((text ?? '').replace(/[^\d.−-]/g, '').replace('−', '-'));

describe('lead detail', () => {
  it('shows the score breakdown, the timeline, the stage history and the hand-off', async () => {
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep, `/leads/${leadId}`);
    await page.getByRole('heading', { level: 1, name: 'Sasha Score' }).waitFor();

    // Fit: the grade and the rules that gave it, summing to its points.
    const score = page.locator('#lead-score');
    await score.getByText('Fit grade A').waitFor();
    const fitText = await score.textContent();
    for (const rule of ['C-level or VP', '+25', '50–5,000 employees', 'Business e-mail address']) {
      expect(fitText).toContain(rule);
    }
    const fitLines = await score
      .locator('table[aria-label="Fit rules that matched"] tbody .num')
      .allTextContents();
    const fitTotal = await score
      .locator('table[aria-label="Fit rules that matched"] tfoot .num')
      .textContent();
    expect(fitLines.map(parse).reduce((a, b) => a + b, 0)).toBe(parse(fitTotal));

    // Engagement: a ledger by rule whose displayed lines add up to the displayed total.
    const ledger = score.locator('table[aria-label="Engagement by rule"]');
    expect(await ledger.textContent()).toContain('Requested a demo');
    expect(await ledger.textContent()).toContain('Viewed pricing');
    const nows = await ledger.locator('tbody td.ledger__points').allTextContents();
    const total = parse(await score.getByTestId('engagement-total').textContent());
    expect(Math.round(nows.map(parse).reduce((a, b) => a + b, 0) * 10) / 10).toBe(total);
    expect(total).toBeGreaterThan(30);
    expect(fitText).toContain('halve every 30 days');

    // The cell on the matrix, and whether it qualifies.
    await score.getByText('In a qualifying cell').waitFor();
    expect(await score.locator('.matrix__cell.is-current').count()).toBe(1);

    // Timeline: newest first, with icons by type, page paths and event names.
    const timeline = page.locator('#lead-timeline');
    await timeline.locator('.timeline__item').first().waitFor();
    const titles = await timeline.locator('.timeline__title').allTextContents();
    expect(titles[0]).toBe('Demo Requested');
    expect(titles).toContain('Webinar Attended');
    expect(titles).toContain('Viewed Pricing');
    expect(await timeline.locator('.timeline__path').allTextContents()).toContain('/pricing');
    expect(await timeline.locator('[data-event-type="page"] .timeline__icon svg').count()).toBeGreaterThan(0);

    // Stage history: lead → MQL, by the agreement, with why.
    const history = page.locator('#lead-history');
    await history.getByText('Tandem (agreement)').waitFor();
    expect(await history.textContent()).toMatch(/MQL/);

    // Hand-off: routed to the rep by the rule, with the running SLA clock.
    const handoff = page.locator('#lead-handoff');
    await handoff.getByText('Routing rule').waitFor();
    expect(await handoff.textContent()).toContain(world.rep.name);
    await handoff.getByText('Accept or reject an MQL').first().waitFor();
    expect(await handoff.locator('.sla--on_track').count()).toBeGreaterThan(0);

    await screenshot(page, 'lead-detail-score');
    expect(errors).toEqual([]);
  });

  it("moves a stage with a reason, and shows the server's sentence when the agreement refuses", async () => {
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep, `/leads/${leadId}`);
    await page.getByRole('heading', { level: 1, name: 'Sasha Score' }).waitFor();

    await page.getByRole('button', { name: 'Move stage' }).click();
    const form = page.getByRole('form', { name: 'Move stage' });
    // MQL → Customer is not a move the agreement allows.
    await form.getByLabel('Move to').selectOption('customer');
    await form.getByLabel('Why').fill('Signed already');
    await form.getByRole('button', { name: 'Move' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The agreement does not allow this move');
    expect(await alert.textContent()).toMatch(/may not move a lead from mql to customer/);

    // MQL → SAL is, with a reason.
    await form.getByLabel('Move to').selectOption('sal');
    await form.getByLabel('Why').fill('Called: they want a proposal this quarter');
    await form.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => page.locator('.record-header .pill--stage').textContent()).toBe('SAL');
    const history = page.locator('#lead-history');
    await history.getByText('Called: they want a proposal this quarter').waitFor();
    expect(errors).toEqual([]);
  });

  it('asks for a reject reason when a stage move sends a qualified lead back, as Reject does', async () => {
    const id = await world.qualifiedLead({ firstName: 'Nico', lastName: 'Nurture', company: 'Initech' });
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep, `/leads/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Nico Nurture' }).waitFor();
    await page.getByRole('button', { name: 'Move stage' }).click();
    const form = page.getByRole('form', { name: 'Move stage' });
    await form.getByLabel('Move to').selectOption('nurture');
    await form.getByLabel('Why').fill('No project before next year');
    const code = form.getByLabel('Reject reason');
    // Only the reasons that send a lead to nurture are offered.
    const offered = await code.locator('option').allTextContents();
    expect(offered).toContain('Not interested');
    expect(offered).not.toContain('Not a fit');
    await code.selectOption('not_interested');
    await form.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => page.locator('.record-header .pill--stage').textContent()).toBe('Nurture');
    expect(errors).toEqual([]);
  });
});
