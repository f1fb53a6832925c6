// The e-mails members receive: an invitation and a password-reset link, as text and simple HTML.
import type { Role } from './roles.js';

/** What a message says; the caller addresses it. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const ROLE_NAMES: Record<Role, string> = {
  admin: 'an admin',
  marketing: 'a marketing member',
  sales_manager: 'a sales manager',
  sales_rep: 'a sales rep',
};

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const when = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function html(paragraphs: string[], link: { url: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const url = escapeHtml(link.url);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
${body}
<p><a href="${url}">${escapeHtml(link.label)}</a></p>
<p style="color:#666;font-size:13px">Or paste this address into your browser: ${url}</p>
</body></html>`;
}

export function invitationMail(input: {
  workspaceName: string;
  inviterName: string;
  role: Role;
  url: string;
  expiresAt: Date;
}): MailContent {
  const lines = [
    `${input.inviterName} invited you to join ${input.workspaceName} on Tandem as ${ROLE_NAMES[input.role]}.`,
    `Open the link to choose your name and password. It works until ${when(input.expiresAt)}.`,
  ];
  return {
    subject: `Join ${input.workspaceName} on Tandem`,
    text: `${lines.join('\n\n')}\n\n${input.url}\n`,
    html: html(lines, { url: input.url, label: 'Accept the invitation' }),
  };
}

export function passwordResetMail(input: {
  workspaceName: string;
  url: string;
  expiresAt: Date;
}): MailContent {
  const lines = [
    `Someone asked to reset your password for ${input.workspaceName} on Tandem.`,
    `Open the link to choose a new one; it works once, until ${when(input.expiresAt)}. Every place you are signed in will be signed out.`,
    'If it was not you, ignore this e-mail: your password stays as it is.',
  ];
  return {
    subject: `Reset your Tandem password for ${input.workspaceName}`,
    text: `${lines.join('\n\n')}\n\n${input.url}\n`,
    html: html(lines, { url: input.url, label: 'Choose a new password' }),
  };
}
