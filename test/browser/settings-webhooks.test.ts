// Settings → Webhooks: subscribe (the signing secret shown once), test, redeliver, pause, resume, delete.
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

beforeAll(async () => {
  app = await startBrowserApp();
  world = await salesWorkspace(app);
});
afterAll(async () => {
  await app?.close();
});

describe('settings: webhooks', () => {
  it('adds a webhook, shows its secret once, and manages it and its deliveries', async () => {
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.ws.admin, '/settings/webhooks');
    const url = 'https://hooks.example.com/tandem';

    // The server's message lands on the field it is about.
    await page.getByLabel('URL').fill('not a url');
    await page.getByRole('checkbox', { name: 'feedback.rejected' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => page.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#webhook-url-error').textContent()).toMatch(/http/);

    await page.getByLabel('URL').fill(url);
    await page.getByRole('checkbox', { name: 'lead.assigned' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    const row = page.locator('tbody tr[data-webhook-id]', { hasText: url });
    await row.waitFor();
    expect(await row.textContent()).toContain('feedback.rejected, lead.assigned');

    // A test event appears in the delivery log, and can be sent again.
    await page.getByRole('button', { name: 'Send a test event' }).click();
    const delivery = page.locator('tr[data-delivery-id]', { hasText: 'webhook.test' });
    await delivery.waitFor();
    expect(await delivery.textContent()).toMatch(/Queued|Retrying/);
    await delivery.getByRole('button', { name: /Redeliver/ }).click();
    await screenshot(page, 'settings-webhooks');

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('Paused').waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByText('Active').waitFor();

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: `Confirm deleting the webhook to ${url}` }).click();
    await page.getByText('No webhooks yet').waitFor();
    expect(errors).toEqual([]);
  });
});
