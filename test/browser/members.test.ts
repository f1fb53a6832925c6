// Settings → Members in the browser: an admin invites a rep, the invitation e-mail arrives at a
// real SMTP server in this process, the rep opens its link, chooses a password and lands signed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import { type BrowserApp, screenshot, signIn, startBrowserApp } from '../support/browser.js';
import { type TestSmtp, startTestSmtp } from '../support/smtp.js';

let smtp: TestSmtp;
let mailer: Mailer;
let app: BrowserApp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Tandem <tandem@example.test>' });
  app = await startBrowserApp({ deps: { mailer } });
  // Seeding the demo workspace takes a while on a busy machine.
}, 240_000);
afterAll(async () => {
  await app?.close();
  mailer?.close();
  await smtp?.close();
});

describe('inviting a rep', () => {
  it(
    'e-mails a link with which the rep sets a password and lands signed in',
    { timeout: 180_000 },
    async () => {
      const admin = await app.newPage();
      await signIn(admin.page, { path: '/settings/members' });
      await admin.page.waitForURL('**/settings/members');
      await admin.page.getByLabel('E-mail').fill('new.rep@example.test');
      await admin.page.getByLabel('Role', { exact: true }).selectOption('sales_rep');
      await admin.page.getByRole('button', { name: 'Invite', exact: true }).click();
      const shown = (await admin.page.getByTestId('issued-link').textContent()) ?? '';
      expect(shown).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      await admin.page.getByText('Sent by e-mail to new.rep@example.test').waitFor();
      await admin.page.locator('tbody tr', { hasText: 'new.rep@example.test' }).waitFor();
      await screenshot(admin.page, 'members-invited');

      const mail = await smtp.waitFor((m) => m.to.includes('new.rep@example.test'));
      const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] ?? '';
      expect(link).toBe(shown);

      const rep = await app.newPage();
      await rep.page.goto(new URL(link).pathname);
      await rep.page.getByRole('heading', { name: /^Join / }).waitFor();
      expect(await rep.page.getByLabel('E-mail').inputValue()).toBe('new.rep@example.test');
      await rep.page.getByLabel('Your name').fill('Nia Newrep');
      await rep.page.getByLabel('Password').fill('weak');
      await rep.page.getByRole('button', { name: /^Join / }).click();
      await rep.page.locator('#password-error').waitFor();
      await screenshot(rep.page, 'invite-accept-weak-password');
      await rep.page.getByLabel('Password').fill('tundra-beacon-83-violet');
      await rep.page.getByRole('button', { name: /^Join / }).click();
      await rep.page.getByRole('navigation', { name: 'Workspace' }).waitFor();
      const session = await rep.page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()));
      expect(session.user).toMatchObject({
        email: 'new.rep@example.test',
        name: 'Nia Newrep',
        role: 'sales_rep',
      });
      await screenshot(rep.page, 'invite-accepted-signed-in');

      // The link is used up: opening it again says so.
      const again = await app.newPage();
      await again.page.goto(new URL(link).pathname);
      await again.page.getByRole('heading', { name: 'This link was already used' }).waitFor();

      // The admin sees the new member, and the invitation is no longer open.
      await admin.page.reload();
      await admin.page.locator('tbody tr', { hasText: 'Nia Newrep' }).waitFor();
      expect(await admin.page.getByRole('heading', { name: 'Open invitations' }).count()).toBe(0);
      await screenshot(admin.page, 'members-after-join');
      expect([...admin.errors, ...rep.errors]).toEqual([]);
    },
  );
});
