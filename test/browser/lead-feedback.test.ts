// Notes and feedback both ways, in the browser: marketing comments with an @mention, the rep flags a
// good lead, marketing disputes a rejection, and the sales manager reverses it; the lead's page shows
// the conversation and the transition back.
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
  marketer = await world.ws.member('marketing', `maria-${world.slug}`);
});
afterAll(async () => {
  await app?.close();
});

async function rejectByApi(leadId: string): Promise<void> {
  const res = await fetch(`${app.baseUrl}/api/v1/leads/${leadId}/reject`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await world.ws.key('sales_manager')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ reason: 'not_interested' }),
  });
  expect(res.status).toBe(200);
}

describe('notes and feedback on a lead', () => {
  it('marketing mentions the rep, the rep flags the lead, a disputed rejection is reversed', async () => {
    const leadId = await world.qualifiedLead({ firstName: 'Dana', lastName: 'Dispute', company: 'Initech' });
    const path = `/leads/${leadId}`;

    // Marketing comments and names the rep by their handle.
    const m = await app.newPage();
    await world.signInAs(m.page, marketer, path);
    const notes = m.page.locator('#lead-conversation');
    await notes.getByLabel('Comment').fill(`@${world.rep.name} they came from the webinar, call today`);
    await notes.getByRole('button', { name: 'Post comment' }).click();
    const comment = notes.locator('[data-kind="comment"]').first();
    await comment.getByText(`Notified ${world.rep.name}`).waitFor();
    expect(await comment.textContent()).toContain(marketer.name);

    // The rep sees the mention and flags the lead as a good one.
    const r = await app.newPage();
    await world.signInAs(r.page, world.rep, path);
    const repNotes = r.page.locator('#lead-conversation');
    await repNotes.locator('[data-kind="comment"]').first().waitFor();
    await repNotes.getByRole('button', { name: 'Flag as a good lead' }).click();
    await repNotes.getByLabel('Why is it a good one? (optional)').fill('Budget confirmed on the call');
    await repNotes.getByRole('button', { name: 'Flag it' }).click();
    await repNotes.locator('[data-kind="flag"]').getByText('Budget confirmed on the call').waitFor();
    await screenshot(r.page, 'lead-feedback-flagged');

    // Sales rejects it; marketing disputes the rejection.
    await rejectByApi(leadId);
    await m.page.reload();
    await notes.getByRole('button', { name: 'Dispute the rejection' }).click();
    await notes.getByLabel('Why should sales take it back?').fill('They asked for pricing twice this week');
    await notes.getByRole('button', { name: 'Send the dispute' }).click();
    await notes.locator('[data-kind="dispute"]').getByText('Waiting for a sales manager').waitFor();
    expect(await notes.getByRole('button', { name: 'Dispute the rejection' }).count()).toBe(0);
    await screenshot(m.page, 'lead-feedback-disputed');

    // The manager reverses it: the lead is back in MQL, through a recorded transition.
    const g = await app.newPage();
    await world.signInAs(g.page, world.manager, path);
    const decide = g.page.getByTestId('resolve-dispute');
    await decide.getByText('They asked for pricing twice this week').waitFor();
    await decide.getByLabel('Your decision, in a sentence (optional)').fill('Marketing is right');
    await decide.getByRole('button', { name: /Reverse: back to/ }).click();
    await g.page
      .getByTestId('dispute-outcome')
      .getByText(/Reversed: back to/)
      .waitFor();
    await g.page.locator('.record-header').getByText('MQL', { exact: false }).first().waitFor();
    const history = g.page.locator('#lead-history');
    await history
      .getByText(/rejection reversed/i)
      .first()
      .waitFor();
    expect(await history.textContent()).toContain('Marketing is right');
    await screenshot(g.page, 'lead-feedback-reversed');

    for (const p of [m, r, g]) expect(p.errors).toEqual([]);
  });

  it('lists the workspace reject reasons in settings, and a custom one in the reject menu', async () => {
    const admin = await app.newPage();
    await world.signInAs(admin.page, world.ws.admin, '/settings/reject-reasons');
    await admin.page.getByRole('heading', { name: 'Reject reasons' }).first().waitFor();
    await admin.page.getByLabel('Code').fill('competitor');
    await admin.page.getByLabel('Label', { exact: true }).fill('Works for a competitor');
    await admin.page.getByLabel('Sends the lead to').selectOption('disqualified');
    await admin.page.getByRole('button', { name: 'Add reason' }).click();
    await admin.page.locator('tr[data-code="competitor"]').waitFor();
    await screenshot(admin.page, 'settings-reject-reasons');

    const leadId = await world.qualifiedLead({ firstName: 'Rita', lastName: 'Reason' });
    const rep = await app.newPage();
    await world.signInAs(rep.page, world.rep, `/leads/${leadId}`);
    await rep.page
      .getByRole('button', { name: /Reject/ })
      .first()
      .click();
    await rep.page.getByRole('menuitem', { name: /Works for a competitor/ }).waitFor();
    expect(admin.errors).toEqual([]);
    expect(rep.errors).toEqual([]);
  });
});
