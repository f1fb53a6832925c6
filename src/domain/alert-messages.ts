// How a notification reads outside the app: an e-mail (subject, text, html) and a Slack message.
// The notification's title and body already name people; this adds who it is for and the link.

export interface AlertSource {
  type: string;
  title: string;
  body: string;
  leadId: string | null;
}

export interface RenderedAlert {
  subject: string;
  text: string;
  html: string;
  /** Slack's incoming-webhook body. */
  slack: { text: string };
  /** The page the alert links to. */
  link: string;
}

/** Where people open a lead: `${base}/leads/<id>`; the base carries no trailing slash. */
export const leadLink = (base: string, leadId: string): string => `${trimBase(base)}/leads/${leadId}`;

/** Alerts about no lead link to the page that explains them. */
const PAGE_OF_TYPE: Readonly<Record<string, string>> = {
  'marketing.commitment_missed': '/marketing',
};

/** A webhook payload's `data` with `lead.url` beside `lead.id` when it is about a lead. */
export function withLeadLink(data: Record<string, unknown>, base: string): Record<string, unknown> {
  const lead = data['lead'];
  if (typeof lead !== 'object' || lead === null || Array.isArray(lead)) return data;
  const id = (lead as Record<string, unknown>)['id'];
  if (typeof id !== 'string') return data;
  return { ...data, lead: { ...lead, url: leadLink(base, id) } };
}

export const trimBase = (base: string): string => base.replace(/\/+$/, '');

export function alertLink(base: string, n: AlertSource): string {
  if (n.leadId) return leadLink(base, n.leadId);
  return `${trimBase(base)}${PAGE_OF_TYPE[n.type] ?? '/'}`;
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Slack mrkdwn treats &, < and > as control characters. */
const escapeSlack = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderAlert(n: AlertSource, recipientName: string, base: string): RenderedAlert {
  const link = alertLink(base, n);
  const open = n.leadId ? 'Open the lead' : 'Open Tandem';
  const text = [
    `Hello ${recipientName},`,
    '',
    n.title,
    n.body,
    '',
    `${open}: ${link}`,
    '',
    '— Tandem. Choose which alerts reach you, and where, under Settings → Alerts.',
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(recipientName)},</p>`,
    `<p><strong>${escapeHtml(n.title)}</strong><br>${escapeHtml(n.body)}</p>`,
    `<p><a href="${escapeHtml(link)}">${open}</a></p>`,
    '<p style="color:#666">Tandem. Choose which alerts reach you, and where, under Settings → Alerts.</p>',
  ].join('\n');
  return {
    subject: n.title,
    text,
    html,
    slack: {
      text: `*<${link}|${escapeSlack(n.title)}>*\n${escapeSlack(n.body)} (for ${escapeSlack(recipientName)})`,
    },
    link,
  };
}
