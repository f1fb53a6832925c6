// The manager's team page: reps' load against capacity, the queue with "Assign to…", and SLA alerts
// with "Reassign"; both assign with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTeamMember } from '../../src/services/teams.js';
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
let backup: User;
let queued: string;
let late: string;

beforeAll(async () => {
  app = await startBrowserApp();
  world = await salesWorkspace(app);
  backup = await world.ws.member('sales_rep', `backup-${world.slug}`);
  await setTeamMember(app.deps, { type: 'system', id: null, label: 'test' }, world.ws.workspace.id, {
    teamId: world.teamId,
    userId: backup.id,
    weight: 1,
    capacity: 10,
    active: false, // takes no new leads, so routing leaves the others with the first rep
  });
  // Singapore routes to team "apac", which this workspace does not have: the lead waits in the queue.
  queued = await world.qualifiedLead({ firstName: 'Quentin', lastName: 'Queued', country: 'SG' });
  late = await world.qualifiedLead({ firstName: 'Lara', lastName: 'Late' });
  // Its response clock ran out two hours ago (as the SLA job would have recorded it).
  await app.deps.db.query(
    `update sla_clocks set started_at = now() - interval '10 hours', warn_at = now() - interval '4 hours',
            due_at = now() - interval '2 hours', warned_at = now() - interval '4 hours', breached_at = now() - interval '2 hours'
      where workspace_id = $1 and lead_id = $2 and status = 'running'`,
    [world.ws.workspace.id, late],
  );
});
afterAll(async () => {
  await app?.close();
});

describe('team', () => {
  it('shows load against capacity, the queue and breached clocks, and assigns from both with a reason', async () => {
    const { page, errors } = await app.newPage();
    await world.signInAs(page, world.manager, '/team');
    await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();

    // Reps: open leads against capacity as a bar.
    const reps = page.locator('#team-amer');
    await reps.getByText(world.rep.name).waitFor();
    const repRow = reps.locator('tr', { hasText: world.rep.name });
    expect(await repRow.getByRole('meter').getAttribute('aria-valuemax')).toBe('25');
    expect(await repRow.textContent()).toMatch(/1\s*\/\s*25/);
    expect(await reps.locator('tr', { hasText: backup.name }).textContent()).toContain('Paused');

    // The breached clock, with how long it is overdue.
    const alerts = page.locator('#team-alerts');
    const alertRow = alerts.locator(`tr[data-lead-id="${late}"]`);
    await alertRow.waitFor();
    expect(await alertRow.locator('.sla').getAttribute('data-state')).toBe('breached');
    expect(await alertRow.locator('.sla').textContent()).toMatch(/overdue (1h 59m|2h)/);
    expect(await alertRow.textContent()).toContain(world.rep.name);

    const queueRow = page.locator(`#team-queue tr[data-lead-id="${queued}"]`);
    await queueRow.waitFor();
    await screenshot(page, 'team');

    // Assign the queued lead to the rep, with a reason.
    await queueRow.getByRole('button', { name: 'Assign to… Quentin Queued' }).click();
    await queueRow.getByLabel('Assign Quentin Queued to').selectOption(world.rep.id);
    await queueRow.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('status').getByText(`Assigned Quentin Queued to ${world.rep.name}.`).waitFor();
    await queueRow.waitFor({ state: 'detached' });

    // Reassign the late lead to the backup rep; the reason is prefilled from the breach.
    await alertRow.getByRole('button', { name: 'Reassign Lara Late' }).click();
    expect(await alertRow.getByRole('textbox').inputValue()).toMatch(/SLA breached/);
    await alertRow.getByLabel('Assign Lara Late to').selectOption(backup.id);
    await alertRow.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('status').getByText(`Assigned Lara Late to ${backup.name}.`).waitFor();

    const handoff = (await (
      await fetch(`${app.baseUrl}/api/v1/leads/${late}/handoff`, {
        headers: { authorization: `Bearer ${await world.ws.key('admin')}` },
      })
    ).json()) as { assignments: { ownerId: string | null; kind: string; reason: string }[] };
    expect(handoff.assignments.some((a) => a.ownerId === backup.id && /SLA breached/.test(a.reason))).toBe(
      true,
    );
    expect(errors).toEqual([]);
  });

  it('is not for reps', async () => {
    const { page } = await app.newPage();
    await world.signInAs(page, world.rep, '/team');
    await page.getByText('This page is not available to your role').waitFor();
  });
});
