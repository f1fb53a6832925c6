// The vendor's website, content, e-mails, webinars and product: what people view, download and use.
import { DAY_MS, HOUR_MS } from './calendar.js';

export const SITE_URL = 'https://www.acmeanalytics.example';

export interface Page {
  path: string;
  title: string;
  kind: 'home' | 'pricing' | 'product' | 'proof' | 'content' | 'docs' | 'hand-raise' | 'company';
}

export const PAGES: Page[] = [
  { path: '/', title: 'Acme Analytics: one funnel for sales and marketing', kind: 'home' },
  { path: '/pricing', title: 'Pricing | Acme Analytics', kind: 'pricing' },
  { path: '/pricing/enterprise', title: 'Enterprise pricing | Acme Analytics', kind: 'pricing' },
  { path: '/product', title: 'Product tour | Acme Analytics', kind: 'product' },
  { path: '/product/lead-scoring', title: 'Lead scoring | Acme Analytics', kind: 'product' },
  { path: '/product/routing', title: 'Lead routing | Acme Analytics', kind: 'product' },
  { path: '/product/sla', title: 'SLA tracking | Acme Analytics', kind: 'product' },
  { path: '/product/analytics', title: 'Funnel analytics | Acme Analytics', kind: 'product' },
  { path: '/integrations/salesforce', title: 'Salesforce integration | Acme Analytics', kind: 'product' },
  { path: '/integrations/hubspot', title: 'HubSpot integration | Acme Analytics', kind: 'product' },
  { path: '/security', title: 'Security and compliance | Acme Analytics', kind: 'proof' },
  { path: '/customers', title: 'Customers | Acme Analytics', kind: 'proof' },
  { path: '/customers/northwind-case-study', title: 'How Northwind doubled MQL acceptance', kind: 'proof' },
  { path: '/compare/tandem-vs-spreadsheets', title: 'Acme vs. spreadsheets', kind: 'proof' },
  { path: '/blog', title: 'Blog | Acme Analytics', kind: 'content' },
  { path: '/blog/what-is-an-mql', title: 'What is an MQL, really?', kind: 'content' },
  { path: '/blog/lead-scoring-decay', title: 'Why lead scores should decay', kind: 'content' },
  { path: '/blog/sales-marketing-sla', title: 'How to write a sales and marketing SLA', kind: 'content' },
  { path: '/blog/reverse-funnel-planning', title: 'Reverse-funnel planning in 5 steps', kind: 'content' },
  { path: '/blog/rejection-reasons', title: 'The 7 reasons sales rejects leads', kind: 'content' },
  { path: '/blog/round-robin-routing', title: 'Round robin routing that reps trust', kind: 'content' },
  { path: '/blog/revops-metrics', title: '12 RevOps metrics that matter', kind: 'content' },
  { path: '/blog/speed-to-lead', title: 'Speed to lead: the first hour', kind: 'content' },
  {
    path: '/resources/sales-marketing-alignment-ebook',
    title: 'E-book: Sales and marketing alignment',
    kind: 'content',
  },
  { path: '/resources/state-of-revops', title: 'Report: The state of RevOps', kind: 'content' },
  { path: '/resources/sla-playbook', title: 'Template: the SLA playbook', kind: 'content' },
  { path: '/webinars', title: 'Webinars | Acme Analytics', kind: 'content' },
  { path: '/webinars/live', title: 'Live webinar | Acme Analytics', kind: 'content' },
  { path: '/docs/getting-started', title: 'Getting started | Docs', kind: 'docs' },
  { path: '/docs/api', title: 'API reference | Docs', kind: 'docs' },
  { path: '/docs/segment', title: 'Connect Segment | Docs', kind: 'docs' },
  { path: '/demo', title: 'Book a demo | Acme Analytics', kind: 'hand-raise' },
  { path: '/contact-sales', title: 'Talk to sales | Acme Analytics', kind: 'hand-raise' },
  { path: '/about', title: 'About us | Acme Analytics', kind: 'company' },
  { path: '/careers', title: 'Careers | Acme Analytics', kind: 'company' },
];

export const pageIndex = (path: string): number => {
  const i = PAGES.findIndex((p) => p.path === path);
  if (i < 0) throw new Error(`no page ${path}`);
  return i;
};

export const PAGES_BY_KIND = new Map<Page['kind'], number[]>();
PAGES.forEach((p, i) => PAGES_BY_KIND.set(p.kind, [...(PAGES_BY_KIND.get(p.kind) ?? []), i]));

export const ASSETS = [
  {
    name: 'Sales and marketing alignment e-book',
    type: 'ebook',
    path: '/resources/sales-marketing-alignment-ebook',
  },
  { name: 'The state of RevOps report', type: 'report', path: '/resources/state-of-revops' },
  { name: 'The SLA playbook', type: 'template', path: '/resources/sla-playbook' },
  { name: 'Lead scoring worksheet', type: 'template', path: '/resources/sla-playbook' },
] as const;

export const FEATURES = [
  'Scoring rules',
  'Funnel report',
  'Lead inbox',
  'Routing rules',
  'SLA dashboard',
  'Segment source',
  'CSV import',
  'Agreement editor',
  'Webhooks',
  'Planner',
] as const;

const WEBINAR_TOPICS = [
  'Writing an SLA both teams sign',
  'Lead scoring that sales trusts',
  'From MQL to pipeline: a RevOps teardown',
  'Recycling leads without spamming them',
  'Reverse-funnel planning for next year',
  'What your rejection reasons are telling you',
];

const EMAIL_SUBJECTS = [
  'Your MQLs are decaying (and that is fine)',
  '3 SLA templates you can steal',
  'The RevOps report is out',
  'Why sales rejects 40% of leads',
  'New: webhooks for every stage change',
  'Join us live next Thursday',
  'Speed to lead, measured',
  'Planner: work backwards from revenue',
];

// The newsletter goes out every other Tuesday at 15:00 UTC; webinars run on the second Thursday.
const NEWSLETTER_ANCHOR = Date.UTC(2020, 0, 7, 15);
const NEWSLETTER_EVERY = 14 * DAY_MS;

/** Newsletter sends between `fromMs` and `toMs`: their ids (stable) and times. */
export function newsletterSends(fromMs: number, toMs: number): { id: number; at: number }[] {
  const out: { id: number; at: number }[] = [];
  for (let id = Math.ceil((fromMs - NEWSLETTER_ANCHOR) / NEWSLETTER_EVERY); ; id++) {
    const at = NEWSLETTER_ANCHOR + id * NEWSLETTER_EVERY;
    if (at > toMs) return out;
    out.push({ id, at });
  }
}

export function newsletter(id: number): {
  emailId: string;
  subject: string;
  campaign: string;
  sentAt: number;
} {
  const sentAt = NEWSLETTER_ANCHOR + id * NEWSLETTER_EVERY;
  const date = new Date(sentAt).toISOString().slice(0, 10);
  return {
    emailId: `nl-${date}`,
    subject: EMAIL_SUBJECTS[id % EMAIL_SUBJECTS.length]!,
    campaign: `newsletter-${date.slice(0, 7)}`,
    sentAt,
  };
}

/** The webinar of the calendar month of `ms` (id: months since 2000), on the second Thursday at 16:00 UTC. */
export function webinarOfMonth(ms: number): { id: number; at: number } {
  const d = new Date(ms);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const firstThursday = first + ((4 - new Date(first).getUTCDay() + 7) % 7) * DAY_MS;
  return {
    id: (d.getUTCFullYear() - 2000) * 12 + d.getUTCMonth(),
    at: firstThursday + 7 * DAY_MS + 16 * HOUR_MS,
  };
}

export function webinar(id: number): { webinarId: string; title: string; at: number } {
  const year = 2000 + Math.floor(id / 12);
  const month = id % 12;
  return {
    webinarId: `wb-${year}-${String(month + 1).padStart(2, '0')}`,
    title: WEBINAR_TOPICS[id % WEBINAR_TOPICS.length]!,
    at: webinarOfMonth(Date.UTC(year, month, 1)).at,
  };
}

export const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
];

export const LOCALES = [
  'en-US',
  'en-GB',
  'de-DE',
  'fr-FR',
  'nl-NL',
  'es-ES',
  'pt-BR',
  'ja-JP',
  'en-IN',
  'en-SG',
  'en-AU',
  'sv-SE',
  'it-IT',
  'pl-PL',
];

const LOCALE_OF_COUNTRY: Record<string, string> = {
  US: 'en-US', CA: 'en-US', GB: 'en-GB', IE: 'en-GB', DE: 'de-DE', CH: 'de-DE', FR: 'fr-FR', NL: 'nl-NL',
  ES: 'es-ES', MX: 'es-ES', BR: 'pt-BR', JP: 'ja-JP', IN: 'en-IN', SG: 'en-SG', AU: 'en-AU', SE: 'sv-SE',
  IT: 'it-IT', PL: 'pl-PL',
}; // prettier-ignore

export const localeIndexOf = (country: string): number =>
  Math.max(0, LOCALES.indexOf(LOCALE_OF_COUNTRY[country] ?? 'en-US'));
