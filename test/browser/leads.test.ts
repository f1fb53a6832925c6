// The leads list and a lead's page, on the demo workspace, as the demo admin sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, apiSession, screenshot, signIn, startBrowserApp } from '../support/browser.js';

interface Lead {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  title: string | null;
  source: string | null;
}

let app: BrowserApp;
let demoLeads: Lead[];
let richLead: Lead;

const nameOf = (l: Lead) => [l.firstName, l.lastName].filter(Boolean).join(' ') || l.email || 'Unnamed lead';

beforeAll(async () => {
  app = await startBrowserApp();
  const admin = await apiSession(app.baseUrl);
  const users = await admin.call<{ data: { id: string; email: string }[] }>('GET', '/users');
  const rep = users.data.find((u) => u.email === 'rep@demo.tandem.dev');
  // One lead with every attribute filled in, so the page shows each of them.
  richLead = await admin.call<Lead>('POST', '/leads', {
    email: 'ana.lima@globex-example.com',
    firstName: 'Ana',
    lastName: 'Lima',
    title: 'VP of Marketing',
    company: 'Globex',
    industry: 'Software',
    employees: 1250,
    annualRevenue: 48_500_000,
    country: 'Brazil',
    phone: '+55 11 5555 0100',
    source: 'google',
    medium: 'cpc',
    campaign: 'q4-brand',
    ownerId: rep?.id ?? null,
    traits: { plan: 'trial', seats: 25, newsletter: true, utm: { content: 'hero' } },
  });
  demoLeads = (await admin.call<{ data: Lead[] }>('GET', '/leads?limit=50')).data;
});
afterAll(async () => {
  await app?.close();
});

describe('leads', () => {
  it('the demo admin signs in, sees the demo leads and opens one', async () => {
    expect(demoLeads.length).toBeGreaterThan(1);
    const { page, errors } = await app.newPage();
    await signIn(page);
    await page.waitForURL('**/leads');

    // Rows with a link: while the list loads, the table shows skeleton rows without one.
    const rows = page.locator('table tbody tr:has(.row-link)');
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBe(demoLeads.length);
    const names = await page.locator('table tbody .row-link').allTextContents();
    expect(names).toEqual(demoLeads.map(nameOf));
    await screenshot(page, 'leads-list');

    await page.getByRole('link', { name: nameOf(richLead), exact: true }).click();
    await page.waitForURL(`**/leads/${richLead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Ana Lima' }).waitFor();
    const fit = page.locator('#lead-fit');
    await fit.getByText('ana.lima@globex-example.com').waitFor();
    const fitText = await fit.textContent();
    for (const shown of [
      'VP of Marketing',
      'Marketing',
      'VP',
      'Software',
      '1,250',
      '48.5M',
      'Brazil',
      'LATAM',
    ]) {
      expect(fitText).toContain(shown);
    }
    for (const shown of ['google', 'cpc', 'q4-brand', 'Riley Rep']) expect(fitText).toContain(shown);
    await fit.getByRole('link', { name: 'Globex', exact: true }).waitFor();
    expect(await page.locator('.record-header .pill').textContent()).toBe('Lead');
    const traits = await page.locator('#lead-traits').textContent();
    expect(traits).toContain('plan');
    expect(traits).toContain('trial');
    expect(traits).toContain('{"content":"hero"}');
    await screenshot(page, 'lead-detail');

    // The account link leads to the account, which lists this lead.
    await fit.getByRole('link', { name: 'Globex', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Globex' }).waitFor();
    await page.locator('#account-leads').getByRole('link', { name: 'Ana Lima' }).waitFor();
    await screenshot(page, 'account-detail');
    expect(errors).toEqual([]);
  });

  it('searches by e-mail and filters by stage, with an empty state when nothing matches', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { path: '/leads' });
    // The lead this file created: the demo's own people change as its generator does.
    const lead = richLead;
    await page.locator('table tbody tr:has(.row-link)').first().waitFor();

    await page.keyboard.press('/');
    await page.keyboard.type(lead.email ?? '');
    await page.waitForURL(/q=/);
    await expect.poll(() => page.locator('table tbody .row-link').allTextContents()).toEqual([nameOf(lead)]);

    // The same search among customers: nothing.
    await page.getByLabel('Stage').selectOption('customer');
    await page.waitForURL(/stage=customer/);
    await page.getByText('No leads match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => page.locator('table tbody tr:has(.row-link)').count()).toBe(demoLeads.length);
    expect(errors).toEqual([]);
  });

  it('fits a small laptop screen without scrolling sideways', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { path: '/leads' });
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 720 });
      await page.locator('table tbody tr:has(.row-link)').first().waitFor();
      // Neither the page nor the table scrolls sideways.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      const wrap = page.locator('.table-wrap');
      expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, `leads-list-${width}`);
    }
    await page.getByRole('link', { name: nameOf(richLead), exact: true }).click();
    await page.locator('#lead-fit').waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, 'lead-detail-1024');
    expect(errors).toEqual([]);
  });

  it('lists the accounts the leads work at and searches them', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.waitForURL('**/accounts');
    // The page signed in on may hold a table of its own: wait for the accounts themselves.
    const names = page.locator('table tbody .row-link');
    await expect.poll(() => names.allTextContents()).toContain('Globex');
    await screenshot(page, 'accounts-list');
    await page.getByLabel('Search accounts').fill('globex-exam');
    await expect.poll(() => names.allTextContents()).toEqual(['Globex']);
    await page.getByLabel('Search accounts').fill('no such company');
    await page.getByText('No accounts match').waitFor();
    expect(errors).toEqual([]);
  });

  it('says so when a lead does not exist', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { path: '/leads/00000000-0000-4000-8000-000000000000' });
    await page.getByText('This lead does not exist in this workspace').waitFor();
    expect(errors).toEqual([]);
  });

  it('loads the next page with "Load more"', async () => {
    const admin = await apiSession(app.baseUrl);
    for (let i = 0; i < 55; i++) {
      await admin.call('POST', '/leads', {
        email: `bulk${i}@initech-example.com`,
        firstName: 'Bulk',
        lastName: `Lead ${i}`,
      });
    }
    // Only these 55 (however many leads the demo has): 50 on the first page, 5 more on the next.
    const total = 55;
    const { page, errors } = await app.newPage();
    await signIn(page, { path: '/leads?q=initech-example.com' });
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.locator('.list-footer').textContent()).toContain('50 leads shown');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(total);
    expect(await page.locator('.list-footer').textContent()).toContain(`${total} leads`);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
