import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../../test/support/smtp.js';
import { createMailer, disabledMailer } from './mailer.js';

describe('mailer', () => {
  let smtp: TestSmtp;
  beforeEach(async () => {
    smtp = await startTestSmtp();
  });
  afterEach(async () => {
    await smtp.close();
  });

  it('delivers a message to a real SMTP server', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Tandem <tandem@example.test>' });
    try {
      await mailer.send({ to: 'ana@example.test', subject: 'Hello Ana', text: 'A lead for you' });
      const mail = await smtp.waitFor((m) => m.subject === 'Hello Ana');
      expect(mail.to).toEqual(['ana@example.test']);
      expect(mail.from).toBe('tandem@example.test');
      expect(mail.text.trim()).toBe('A lead for you');
    } finally {
      mailer.close();
    }
  });

  it('is disabled without SMTP_URL and refuses to send', async () => {
    expect(createMailer({ smtpUrl: null, from: 'x@example.test' })).toBe(disabledMailer);
    await expect(disabledMailer.send({ to: 'a@b.test', subject: 's', text: 't' })).rejects.toThrow(
      /SMTP_URL/,
    );
  });
});
