// The bell: marketing hears about a rejection, with its reason and note, and clears the count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/store/users.js';
import {
  type BrowserApp,
  type SalesWorkspace,
  salesWorkspace,
  screenshot,
  startBrowserApp,
} from '../support/browser.js';

let app: BrowserApp;
let world: SalesWorkspace;
let marketer: User;

beforeAll(async () => {
  app = await startBrowserApp();
  world = await salesWorkspace(app);
  marketer = await world.ws.member('marketing', `maya-${world.slug}`);
});
afterAll(async () => {
  await app?.close();
});

async function reject(leadId: string, reason: string, note: string): Promise<void> {
  const res = await fetch(`${app.baseUrl}/api/v1/leads/${leadId}/reject`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await world.ws.key('sales_manager')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ reason, note }),
  });
  expect(res.status).toBe(200);
}

describe('notifications', () => {
  it('shows the unread count, lists the rejection with its reason, opens the lead and marks all read', async () => {
    const first = await world.qualifiedLead({ firstName: 'Nia', lastName: 'Notified' });
    await reject(first, 'no_budget_timing', 'Budget frozen until Q3');

    const { page, errors } = await app.newPage();
    await world.signInAs(page, marketer);
    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor();
    await bell.click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    const item = panel.getByRole('button', { name: /Rejected: Nia Notified \(No budget or bad timing\)/ });
    await item.waitFor();
    expect(await item.textContent()).toContain('Budget frozen until Q3');
    await screenshot(page, 'notifications');

    // Opening it goes to the lead and marks it read.
    await item.click();
    await page.waitForURL(`**/leads/${first}`);
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // Two more: "Mark all read" clears the count.
    for (const name of ['Olu', 'Pia']) {
      const id = await world.qualifiedLead({ firstName: name, lastName: 'Later' });
      await reject(id, 'not_a_fit', `${name} sells to consumers`);
    }
    await page.reload();
    await page.getByRole('button', { name: 'Notifications, 2 unread' }).click();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(await panel.locator('.bell__item.is-unread').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
