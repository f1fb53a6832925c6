// Day one: a fresh server's first visitor sets Tandem up and lands in the empty workspace's checklist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.js';
import { findWorkspaceBySlug } from '../../src/store/workspaces.js';
import { type BrowserApp, screenshot, startBrowserApp } from '../support/browser.js';
import { openEmptyDb } from '../support/empty-database.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ demo: false, openDb: openEmptyDb });
}, 180_000);
afterAll(async () => {
  await app?.close();
});

describe('first-run setup', () => {
  it('sets up the company workspace through the page and lands in its getting-started checklist', async () => {
    const { page, errors } = await app.newPage();
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Set up Tandem for your company' }).waitFor();

    await page.getByLabel('Company name').fill('Northwind Traders');
    expect(await page.getByLabel('Workspace slug').inputValue()).toBe('northwind-traders');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('checkbox', { name: 'Fri' }).uncheck();
    await page.getByLabel('Opens at').fill('08:00');
    await page.getByLabel('Closes at').fill('16:30');
    await page.getByLabel('Your name').fill('Nora Admin');
    await page.getByLabel('E-mail').fill('nora@northwind.example');
    // A guessable password is refused beside its field, and nothing is created.
    await page.getByLabel('Password').fill('password12');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    const password = page.getByLabel('Password');
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'first-run-setup');
    expect(await findWorkspaceBySlug(app.deps.db, 'northwind-traders')).toBeNull();

    await password.fill('lantern orchard velvet 42');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/getting-started');
    await page.getByRole('heading', { name: 'Welcome to Northwind Traders' }).waitFor();
    const steps = page.locator('.checklist__step');
    await expect.poll(() => steps.count()).toBe(5);
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-done')))).toEqual([
      'false',
      'false',
      'false',
      'false',
      'false',
    ]);
    expect(await page.locator('.sidebar').textContent()).toContain('Nora Admin');
    await screenshot(page, 'first-run-getting-started');

    const ws = await findWorkspaceBySlug(app.deps.db, 'northwind-traders');
    expect(ws).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(ws?.settings.businessHours).toEqual({
      days: ['mon', 'tue', 'wed', 'thu'],
      from: '08:00',
      to: '16:30',
    });

    // Reading the agreement ticks its step off.
    await page.getByRole('link', { name: 'Read the agreement' }).click();
    await page.waitForURL('**/agreement');
    await expect
      .poll(async () =>
        (await listAudit(app.deps.db, ws!.id, { limit: 50, beforeId: null })).some(
          (e) => e.action === 'agreement.reviewed',
        ),
      )
      .toBe(true);
    await page.getByRole('link', { name: 'Getting started' }).click();
    await expect
      .poll(() => page.locator('[data-step="review_agreement"]').getAttribute('data-done'))
      .toBe('true');
    await expect.poll(() => page.getByTestId('getting-started-progress').textContent()).toBe('1 of 5 done');

    // The setup is closed now: its page sends the next visitor to sign in.
    const other = await app.newPage();
    await other.page.goto('/setup');
    await other.page.waitForURL('**/sign-in');
    await other.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  }, 120_000);
});
