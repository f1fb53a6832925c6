// Opportunities on screen: the list page (the demo's generated deals and one made through the API,
// amounts in their currency, a status filter) and the Opportunities section of a lead's page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, apiSession, screenshot, signIn, startBrowserApp } from '../support/browser.js';

interface Opportunity {
  id: string;
  name: string;
  leadId: string | null;
  status: string;
}

let app: BrowserApp;
let deal: Opportunity;
let demoDeals: Opportunity[];

beforeAll(async () => {
  app = await startBrowserApp();
  const admin = await apiSession(app.baseUrl);
  demoDeals = (await admin.call<{ data: Opportunity[] }>('GET', '/opportunities?limit=50')).data;
  const lead = (
    await admin.call<{ data: { id: string; accountId: string | null }[] }>('GET', '/leads?limit=50')
  ).data.find((l) => l.accountId !== null)!;
  deal = await admin.call<Opportunity>('POST', '/opportunities', {
    leadId: lead.id,
    name: 'Globex — annual licence',
    amount: 48_500,
    currency: 'EUR',
    stage: 'Proposal',
    closeDate: '2027-03-31',
  });
});
afterAll(async () => {
  await app?.close();
});

describe('opportunities', () => {
  it('lists the pipeline with amounts in their currency, filters by status, and shows on the lead', async () => {
    expect(demoDeals.length).toBeGreaterThan(0);
    const { page, errors } = await app.newPage();
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('link', { name: 'Opportunities' })
      .click();
    await page.waitForURL('**/opportunities');

    const table = page.getByRole('table', { name: 'Opportunities' });
    const ours = table.locator(`tr[data-opportunity="${deal.id}"]`);
    await ours.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(Math.min(demoDeals.length + 1, 50));
    const row = await ours.textContent();
    for (const shown of ['Globex — annual licence', '€48,500', 'Proposal', '50%', 'Mar 31, 2027']) {
      expect(row).toContain(shown);
    }
    await screenshot(page, 'opportunities-list');

    // Won only: our open deal leaves the list, and every row left says won.
    await page.getByLabel('Status').selectOption('won');
    await page.waitForURL('**/opportunities?status=won');
    await ours.waitFor({ state: 'detached' });
    const statuses = await table
      .locator('tbody [data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(demoDeals.some((d) => d.status === 'won') ? ['won'] : []));

    await page.goto(`/leads/${deal.leadId}`);
    const section = page.locator('#lead-opportunities');
    await section.locator(`tr[data-opportunity="${deal.id}"]`).waitFor();
    expect(await section.textContent()).toContain('€48,500');
    expect(errors).toEqual([]);
  });
});
