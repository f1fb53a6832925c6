// Opportunities on screen: the list page (the demo's generated deals and one made through the API,
// amounts in their currency, a status filter), the Opportunities section of a lead's page, and a
// deal created and won in the app, its lead moving as it goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, apiSession, screenshot, signIn, startBrowserApp } from '../support/browser.js';

interface Lead {
  id: string;
  email: string | null;
  accountId: string | null;
  stage: string;
}

interface Opportunity {
  id: string;
  name: string;
  leadId: string | null;
  status: string;
}

let app: BrowserApp;
let deal: Opportunity;
let demoDeals: Opportunity[];
/** A lead with an account and no deal yet, short of opportunity: the one the app's new deal is for. */
let qualified: Lead;

beforeAll(async () => {
  app = await startBrowserApp();
  const admin = await apiSession(app.baseUrl);
  demoDeals = (await admin.call<{ data: Opportunity[] }>('GET', '/opportunities?limit=50')).data;
  const leads = (await admin.call<{ data: Lead[] }>('GET', '/leads?limit=100')).data;
  const lead = leads.find((l) => l.accountId !== null)!;
  qualified = leads.find(
    (l) =>
      l.id !== lead.id &&
      l.accountId !== null &&
      l.email !== null &&
      !['opportunity', 'customer', 'lost', 'disqualified'].includes(l.stage),
  )!;
  deal = await admin.call<Opportunity>('POST', '/opportunities', {
    leadId: lead.id,
    name: 'Globex — annual licence',
    amount: 48_500,
    currency: 'USD', // the workspace's reporting currency
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
    for (const shown of ['Globex — annual licence', '$48,500', 'Proposal', '50%', 'Mar 31, 2027']) {
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
    expect(await section.textContent()).toContain('$48,500');
    expect(errors).toEqual([]);
  });

  it('creates a deal for a lead, shows field errors from the API, and winning it moves the lead', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { path: '/opportunities' });
    await page.getByRole('button', { name: 'New opportunity' }).click();
    const form = page.getByRole('form', { name: 'New opportunity' });
    await form.getByLabel('Search lead').fill(qualified.email!);
    await form
      .locator(`#new-opportunity-lead option[value="${qualified.id}"]`)
      .waitFor({ state: 'attached' });
    await form.locator('#new-opportunity-lead').selectOption(qualified.id);
    await form.getByLabel('Name').fill('Initech — pilot');
    await form.getByLabel('Stage').selectOption('Proposal');
    // The probability is the stage's default until given.
    expect(await form.locator('#new-opportunity-probability').getAttribute('placeholder')).toBe('50');
    expect(await form.locator('#new-opportunity-probability-hint').textContent()).toContain('50%');
    // The API's problem+json names the field; the form shows it there.
    await form.getByLabel('Amount').fill('-5');
    await form.getByRole('button', { name: 'Create opportunity' }).click();
    expect(await form.locator('#new-opportunity-amount-error').textContent()).toBe('must be 0 or more');
    await form.getByLabel('Amount').fill('12000');
    await form.getByLabel('Close date').fill('2027-06-30');
    await screenshot(page, 'opportunities-new');
    await form.getByRole('button', { name: 'Create opportunity' }).click();

    // The lead moved to opportunity, and the deal is on the list.
    const opened = page.locator('[data-lead-move="opportunity"]');
    await opened.waitFor();
    const table = page.getByRole('table', { name: 'Opportunities' });
    const row = table.locator('tr', { hasText: 'Initech — pilot' });
    await row.waitFor();
    for (const shown of ['$12,000', 'Proposal', '50%', 'Jun 30, 2027']) {
      expect(await row.textContent()).toContain(shown);
    }
    await screenshot(page, 'opportunities-created');

    // Inline edit: a bad probability is refused on its field, then the deal is won.
    await row.getByRole('button', { name: 'Edit Initech — pilot' }).click();
    const edit = page.getByRole('form', { name: 'Edit Initech — pilot' });
    await edit.getByLabel('Probability, %').fill('150');
    await edit.getByRole('button', { name: 'Save' }).click();
    const probabilityError = edit.locator('[id$="-probability-error"]');
    expect(await probabilityError.textContent()).toBe('must be between 0% and 100%');
    await edit.getByLabel('Probability, %').fill('');
    await edit.getByLabel('Stage').selectOption('Closed Won');
    await screenshot(page, 'opportunities-edit');
    await edit.getByRole('button', { name: 'Save' }).click();
    const won = page.locator('[data-lead-move="customer"]');
    await won.waitFor();
    expect(await won.textContent()).toContain('moved from');
    await row.locator('[data-status="won"]').waitFor();
    await screenshot(page, 'opportunities-won');

    // The lead's own page says so.
    await won.getByRole('link').click();
    await page.waitForURL(`**/leads/${qualified.id}`);
    await page.locator('.record-header .pill--stage', { hasText: 'Customer' }).first().waitFor();
    const section = page.locator('#lead-opportunities');
    await section.locator('tr', { hasText: 'Initech — pilot' }).locator('[data-status="won"]').waitFor();
    await screenshot(page, 'opportunities-lead-won');
    expect(errors).toEqual([]);
  }, 120_000);
});
