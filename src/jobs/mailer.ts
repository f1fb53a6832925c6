// Outgoing e-mail over SMTP (nodemailer), configured by SMTP_URL and MAIL_FROM. Without SMTP_URL
// the mailer is disabled: callers check `enabled` and offer the link to copy instead.
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** False when no SMTP server is configured: nothing can be sent. */
  readonly enabled: boolean;
  /** Sends one message; rejects with the SMTP server's error when it refuses. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://…; null disables e-mail. */
  smtpUrl: string | null;
  /** The From header, e.g. "Tandem <tandem@example.com>". */
  from: string;
}

export const disabledMailer: Mailer = {
  enabled: false,
  send: () => Promise.reject(new Error('e-mail is not configured (set SMTP_URL)')),
  close: () => undefined,
};

export function createMailer(config: MailConfig): Mailer {
  if (!config.smtpUrl) return disabledMailer;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from: config.from, ...message });
    },
    close: () => transport.close(),
  };
}
