// Settings → Import: upload a CSV, map the column the server could not guess, dry-run it, run it
// with its progress, see the bad row, fix it inline, re-submit it, and undo from the recent imports;
// a HubSpot export recognised by its header row, and another preset or a saved mapping chosen instead.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveMapping } from '../../src/services/import-presets.js';
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
  app = await startBrowserApp({ demo: false });
  world = await salesWorkspace(app);
});
afterAll(async () => {
  await app?.close();
});

const CSV = [
  'Mail Address,First Name,Company,Employees',
  'ana@acme.example,Ana,Acme,250',
  'bo@globex.example,Bo,Globex,lots',
  'cy@initech.example,Cy,Initech,90',
].join('\n');

const leadEmails = async () =>
  (
    await app.deps.db.query<{ email: string }>(
      `select email from leads where workspace_id = $1 order by email`,
      [world.ws.workspace.id],
    )
  ).map((l) => l.email);

describe('settings: import', () => {
  it('uploads a file, maps a column, fixes a bad row inline, re-submits it and finishes', async () => {
    const { page, errors } = await app.newPage();
    page.setDefaultTimeout(20_000);
    await world.signInAs(page, world.ws.admin, '/settings/import');
    await page.getByText('No imports yet').waitFor();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });

    // "Mail Address" is not a spelling the server knows: nothing can run until it is mapped.
    const mailField = page.getByLabel('Field for column Mail Address');
    await mailField.waitFor();
    expect(await mailField.inputValue()).toBe('');
    await page.getByText('Map a column to Email or External id').waitFor();
    expect(await page.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Field for column Employees').inputValue()).toBe('employees');
    await mailField.selectOption('email');

    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByTestId('dry-run-counts');
    await dry.waitFor();
    expect(await dry.textContent()).toContain('would be created2');
    expect(await dry.textContent()).toContain('would be rejected1');
    expect(await leadEmails()).toEqual([]);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await progress.waitFor();
    await page.getByText('1 rejected row').waitFor();
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await leadEmails()).toEqual(['ana@acme.example', 'cy@initech.example']);

    // The bad cell is marked with why; fixing it re-submits just that row as a new import.
    const bad = page.getByLabel('Row 3, Employees');
    expect(await bad.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('tr[data-row="3"]').textContent()).toContain('employees is not a whole number');
    expect(await page.getByRole('link', { name: 'Download error CSV' }).getAttribute('href')).toMatch(
      /^\/api\/v1\/imports\/[0-9a-f-]+\/errors\.csv$/,
    );
    await bad.fill('40');
    await screenshot(page, 'settings-import-fixing');
    await page.getByRole('button', { name: 'Re-submit fixed rows (1)' }).click();
    await page.getByText('Imported: 1 created, 0 updated, 0 unchanged.').waitFor();
    expect(await page.getByRole('heading', { name: /contacts\.csv \(fixed rows\)/ }).count()).toBe(1);
    expect(await leadEmails()).toEqual(['ana@acme.example', 'bo@globex.example', 'cy@initech.example']);
    const recent = page.locator('tr[data-import-id]');
    await expect.poll(() => recent.count()).toBe(2);
    await screenshot(page, 'settings-import-done');

    // Undo of the first import removes the two leads it created; the fixed row's import stays.
    const first = recent.filter({ hasNotText: 'fixed rows' });
    await first.getByRole('button', { name: 'Undo' }).click();
    await first.getByRole('button', { name: 'Confirm undoing the import of contacts.csv' }).click();
    await first.getByText('Undone').waitFor();
    expect(await leadEmails()).toEqual(['bo@globex.example']);
    expect(errors).toEqual([]);
  });

  it('recognises a HubSpot export, fills the mapping from its preset, and maps with another on request', async () => {
    await saveMapping(
      app.deps,
      world.ws.workspace.id,
      { type: 'user', id: world.ws.admin.id, label: world.ws.admin.email },
      { name: 'emails only', kind: 'leads', mapping: { fields: { email: 'Email' } } },
    );
    const { page, errors } = await app.newPage();
    page.setDefaultTimeout(20_000);
    await world.signInAs(page, world.ws.admin, '/settings/import');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'hubspot-contacts.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(path.resolve(import.meta.dirname, '../fixtures/imports/hubspot-contacts.csv')),
    });

    // Recognised from the header row; the mapping step holds the preset's columns.
    const recognised = page.locator('[data-recognised]');
    await recognised.filter({ hasText: 'Recognised as HubSpot: hubspot-contacts' }).waitFor();
    expect(await recognised.getAttribute('data-recognised')).toBe('hubspot-contacts');
    const picker = page.getByLabel('Mapping from');
    expect(await picker.inputValue()).toBe('hubspot-contacts');
    const recordId = page.getByLabel('Field for column Record ID');
    const email = page.getByLabel('Field for column Email');
    const became = page.getByLabel('Field for column Became a Customer Date');
    expect(await recordId.inputValue()).toBe('externalId');
    expect(await email.inputValue()).toBe('email');
    expect(await became.inputValue()).toBe('becameCustomerAt');
    await screenshot(page, 'settings-import-preset');

    // A saved mapping of the same kind: only its column stays mapped.
    const savedOption = picker.locator('option', { hasText: 'emails only' });
    expect(await savedOption.count()).toBe(1);
    await picker.selectOption('emails only');
    await expect.poll(() => recordId.inputValue()).toBe('');
    expect(await email.inputValue()).toBe('email');
    expect(await became.inputValue()).toBe('');

    // Back to the recognised preset, and the file dry-runs with it.
    await picker.selectOption('hubspot-contacts');
    await expect.poll(() => became.inputValue()).toBe('becameCustomerAt');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByTestId('dry-run-counts');
    await dry.waitFor();
    expect(await dry.textContent()).toMatch(/would be created[1-9]/);
    expect(errors).toEqual([]);
  });
});
