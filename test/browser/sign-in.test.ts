// Signing in and out of the web app, and what each role sees in the navigation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../src/services/demo-workspace.js';
import { type BrowserApp, screenshot, signIn, startBrowserApp } from '../support/browser.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});
afterAll(async () => {
  await app?.close();
});

describe('sign-in', () => {
  it("shows the server's message on a wrong password and stays on the sign-in page", async () => {
    const { page, errors } = await app.newPage();
    await page.goto('/sign-in');
    await expect.poll(() => page.getByLabel('Workspace').inputValue()).toBe('demo');
    await expect.poll(() => page.getByText('Demo:').isVisible()).toBe(true);
    await page.getByLabel('E-mail').fill(DEMO_ADMIN_EMAIL);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByLabel('Password').press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The workspace, e-mail or password is wrong.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-error');
    expect(errors).toEqual([]);
  });

  it('names the empty field next to it when the server rejects the form', async () => {
    const { page } = await app.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Workspace').fill('demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const email = page.getByLabel('E-mail');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await email.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('must not be empty');
  });

  it('sends a signed-out visitor to sign in and back to the page they asked for', async () => {
    const { page, errors } = await app.newPage();
    await page.goto('/settings/members');
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('E-mail').fill(DEMO_ADMIN_EMAIL);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/settings/members');
    await page.getByRole('cell', { name: 'Riley Rep' }).waitFor();
    await screenshot(page, 'members');
    expect(errors).toEqual([]);
  });

  it('shows the workspace, the person and their role, and signs out', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page);
    const sidebar = page.locator('.sidebar');
    expect(await sidebar.textContent()).toContain('Acme Analytics (demo)');
    expect(await sidebar.textContent()).toContain('Alex Admin');
    expect(await sidebar.textContent()).toContain('Admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/leads');
    await page.waitForURL(/\/sign-in\?next=%2Fleads/);
    expect(errors).toEqual([]);
  });

  it('asks to sign in again when the session ends mid-work, then returns to the page', async () => {
    const { page, context, errors } = await app.newPage();
    await signIn(page, { path: '/leads' });
    await page.locator('table tbody tr').first().waitFor();
    await context.clearCookies();
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByText('Your session has ended').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/accounts');
    await page.getByLabel('E-mail').fill(DEMO_ADMIN_EMAIL);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/accounts');
    await page.locator('table tbody tr').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('a sales rep sees members, their own account and alerts, but not API keys', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { email: 'rep@demo.tandem.dev' });
    expect(await page.locator('.sidebar').textContent()).toContain('Sales rep');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/members');
    const tabs = page.getByRole('navigation', { name: 'Settings' });
    expect(await tabs.getByRole('link').allTextContents()).toEqual(['Members', 'Your account', 'Alerts']);
    await page.goto('/settings/api-keys');
    await page.getByText('This page is not available to your role').waitFor();
    expect(errors).toEqual([]);
  });
});
