// Settings → API keys: a secret key is shown once, works against the API, and can be revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, screenshot, signIn, startBrowserApp } from '../support/browser.js';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});
afterAll(async () => {
  await app?.close();
});

describe('API keys', () => {
  it('creates a secret key, shows it once with a copy button, and revokes it', async () => {
    const { page, context, errors } = await app.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    await signIn(page, { path: '/settings/api-keys' });
    await page.waitForURL('**/settings/api-keys');

    // A secret key needs a role: the server says so next to the field.
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#key-role-error').waitFor();
    expect(await page.locator('#key-role-error').textContent()).toBe('a secret key needs a role');

    await page.getByLabel('Acts as').selectOption('marketing');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretEl = page.getByTestId('new-key-secret');
    await secretEl.waitFor();
    const secret = (await secretEl.textContent()) ?? '';
    expect(secret).toMatch(/^tdm_sk_/);
    await screenshot(page, 'api-key-created');

    await page.getByRole('status', { name: 'New API key' }).getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    // The key shown is real: it reads the API with the marketing role.
    const res = await fetch(`${app.baseUrl}/api/v1/leads?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);

    // Shown once: gone after "Done" and after a reload; the list keeps only its prefix.
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tbody tr', { hasText: 'CRM sync' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${secret.slice(0, 11)}…`);
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Confirm revoking CRM sync' }).click();
    await row.getByText('Revoked').waitFor();
    const after = await fetch(`${app.baseUrl}/api/v1/leads?limit=1`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(after.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('keeps a write key visible in the list', async () => {
    const { page, errors } = await app.newPage();
    await signIn(page, { path: '/settings/api-keys' });
    await page.getByLabel('Name').fill('Website tracking');
    await page.getByLabel('Type').selectOption('write');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^tdm_wk_/);
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tbody tr', { hasText: 'Website tracking' });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret);
    await screenshot(page, 'api-keys');
    expect(errors).toEqual([]);
  });
});
