// Settings → Teams: a rep's weight, capacity and whether they take new leads, and time out of office.
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

const localInput = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

describe('Settings → Teams', () => {
  it('changes a rep’s capacity and pauses them, naming a bad field, and records time out of office', async () => {
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.ws.admin, '/settings/teams');
    const row = page.locator(`tr[data-user-id="${world.rep.id}"]`);
    await row.waitFor();
    const name = world.rep.name;

    // A weight of zero is refused by the server, which names the field.
    await row.getByLabel(`Weight of ${name}`).fill('0');
    await row.getByRole('button', { name: 'Save' }).click();
    await row
      .getByRole('alert')
      .getByText(/^Weight /)
      .waitFor();

    await row.getByLabel(`Weight of ${name}`).fill('2');
    await row.getByLabel(`Capacity of ${name}`).fill('3');
    await row.getByRole('checkbox').uncheck();
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
    expect(await row.textContent()).toContain('Paused');
    // The row shows the edit at once; the database has it when the request's transaction commits.
    const saved = async () =>
      (
        await app.deps.db.query<{ weight: number; capacity: number | null; active: boolean }>(
          `select weight, capacity, active from team_members where workspace_id = $1 and user_id = $2`,
          [world.ws.workspace.id, world.rep.id],
        )
      )[0];
    await expect.poll(saved, { timeout: 10_000 }).toEqual({ weight: 2, capacity: 3, active: false });

    // Out of office from now until tomorrow.
    const form = page.getByRole('form', { name: 'Add time out of office' });
    await form.getByLabel('Who').selectOption(world.rep.id);
    await form.getByLabel('From').fill(localInput(new Date()));
    await form.getByLabel('Until').fill(localInput(new Date(Date.now() + 86_400_000)));
    await form.getByLabel('Note').fill('Conference');
    await form.getByRole('button', { name: 'Add' }).click();
    const absence = page.locator('.absences__item', { hasText: name });
    await absence.getByText('Conference').waitFor();
    const [away] = await app.deps.db.query<{ n: number }>(
      `select count(*)::int as n from out_of_office where workspace_id = $1 and user_id = $2 and note = 'Conference'`,
      [world.ws.workspace.id, world.rep.id],
    );
    expect(away?.n).toBe(1);
    await screenshot(page, 'settings-teams');

    await absence.getByRole('button', { name: `Remove ${name}'s absence` }).click();
    await page.getByText('Nobody is away now or later.').waitFor();
    expect(errors).toEqual([]);
  });
});
