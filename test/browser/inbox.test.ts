// The rep's inbox: qualified leads with live SLA countdowns, accepted in one click or rejected with a reason.
import type { Page } from 'playwright-core';
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

const row = (page: Page, id: string) => page.locator(`.inbox-row[data-lead-id="${id}"]`);

describe('inbox', () => {
  it('a rep rejects a lead with a reason and it leaves the inbox', async () => {
    const keep = await world.qualifiedLead({ firstName: 'Kim', lastName: 'Keeper' });
    const reject = await world.qualifiedLead({ firstName: 'Rex', lastName: 'Rejected' });
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep);
    await page.waitForURL('**/inbox');

    // Both leads are there, each with a live countdown on its SLA clock.
    await row(page, reject).waitFor();
    await row(page, keep).waitFor();
    expect(await row(page, reject).locator('.sla').textContent()).toMatch(/\d+h \d+m left|\d+m left/);
    expect(await row(page, reject).locator('.sla').getAttribute('data-state')).toBe('on_track');
    await screenshot(page, 'inbox');

    await row(page, reject).click();
    const detail = page.getByRole('region', { name: 'Selected lead: Rex Rejected' });
    await detail.waitFor();
    // Why it is here: the agreement's reason for qualifying it, as the stage history records it.
    const history = (await (
      await fetch(`${app.baseUrl}/api/v1/leads/${reject}/transitions`, {
        headers: { authorization: `Bearer ${await world.ws.key('admin')}` },
      })
    ).json()) as { data: { toStage: string; reason: string }[] };
    const qualified = history.data.findLast((t) => t.toStage === 'mql');
    expect(qualified?.reason).toMatch(/qualifies|hand-raise/);
    await expect.poll(() => detail.getByTestId('stage-reason').textContent()).toMatch(/^MQL .+ ago: /);
    expect(await detail.getByTestId('stage-reason').textContent()).toContain(qualified?.reason);
    await detail.getByRole('button', { name: 'Reject' }).click();
    const menu = page.getByRole('menu', { name: 'Reject reason' });
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Not a fit'),
        expect.stringContaining('Wrong point of contact'),
      ]),
    );

    // "Wrong point of contact" needs a note: the field appears, and the server's message lands on it.
    await menu.getByRole('menuitem', { name: /Wrong point of contact/ }).click();
    const note = page.getByLabel('Note for “Wrong point of contact”');
    await note.waitFor();
    await page.getByRole('button', { name: 'Reject lead' }).click();
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await note.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ')[0]}`).textContent()).toMatch(/note/i);
    await screenshot(page, 'inbox-reject-note');

    await note.fill('Talked to their assistant: the buyer is the CFO, Dana Ruiz.');
    await page.getByRole('button', { name: 'Reject lead' }).click();
    await page.getByRole('status').getByText('Rejected Rex Rejected (Wrong point of contact)').waitFor();
    await row(page, reject).waitFor({ state: 'detached' });
    expect(await row(page, keep).isVisible()).toBe(true);

    // The server agrees: the lead went back to nurture with the reason and note.
    const transitions = (await (
      await fetch(`${app.baseUrl}/api/v1/leads/${reject}/transitions`, {
        headers: { authorization: `Bearer ${await world.ws.key('admin')}` },
      })
    ).json()) as { data: { toStage: string; reasonCode: string | null; note: string | null }[] };
    const last = transitions.data[transitions.data.length - 1];
    expect(last).toMatchObject({ toStage: 'nurture', reasonCode: 'wrong_contact' });
    expect(last?.note).toContain('CFO');
    expect(errors).toEqual([]);
  });

  it('rejects in two keystrokes: r, then the reason’s number', async () => {
    const id = await world.qualifiedLead({ firstName: 'Quinn', lastName: 'Quick' });
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep, `/inbox?lead=${id}`);
    const detail = page.getByRole('region', { name: 'Selected lead: Quinn Quick' });
    // The reasons come from the agreement: once they are in, the Reject button is enabled.
    await expect.poll(() => detail.getByRole('button', { name: 'Reject' }).isEnabled()).toBe(true);
    await page.keyboard.press('r');
    await page.getByRole('menu', { name: 'Reject reason' }).waitFor();
    await page.keyboard.press('1'); // the first reason, "Not a fit"
    await page
      .getByRole('status')
      .getByText(/Rejected Quinn Quick \(Not a fit\)/)
      .waitFor();
    await row(page, id).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('accepts a lead in one click; it moves to the accepted leads with its next clock', async () => {
    const id = await world.qualifiedLead({ firstName: 'Ada', lastName: 'Accepted' });
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep, '/inbox');
    await row(page, id).click();
    const detail = page.getByRole('region', { name: 'Selected lead: Ada Accepted' });
    await detail.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('status').getByText('Accepted Ada Accepted').waitFor();

    // No longer waiting for a decision: listed under "Accepted, to work", as a SAL.
    const waiting = page.locator('.inbox__items').first();
    await expect.poll(() => waiting.locator(`[data-lead-id="${id}"]`).count()).toBe(0);
    const accepted = page.getByRole('heading', { name: /Accepted, to work/ });
    await accepted.waitFor();
    await expect.poll(() => row(page, id).locator('.pill--stage').textContent()).toBe('SAL');
    const lead = (await (
      await fetch(`${app.baseUrl}/api/v1/leads/${id}`, {
        headers: { authorization: `Bearer ${await world.ws.key('admin')}` },
      })
    ).json()) as { stage: string };
    expect(lead.stage).toBe('sal');
    expect(errors).toEqual([]);
  });

  it('moves through the list with j and k, and accepts with a', async () => {
    const first = await world.qualifiedLead({ firstName: 'Jay', lastName: 'First' });
    const second = await world.qualifiedLead({ firstName: 'Kay', lastName: 'Second' });
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.rep, `/inbox?lead=${first}`);
    await page.getByRole('region', { name: 'Selected lead: Jay First' }).waitFor();
    await page.keyboard.press('j');
    await page.getByRole('region', { name: 'Selected lead: Kay Second' }).waitFor();
    expect(await row(page, second).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await page.getByRole('region', { name: 'Selected lead: Jay First' }).waitFor();
    await page.keyboard.press('a');
    await page.getByRole('status').getByText('Accepted Jay First').waitFor();
    expect(errors).toEqual([]);
  });
});
