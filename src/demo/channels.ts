// Acquisition channels, their campaigns (UTM), and what each paid channel costs per month.
import { apportion, logNormal } from './distributions.js';
import { MONTH_FACTOR } from './calendar.js';
import { randomFor } from './random.js';

export interface Channel {
  key: string;
  /** utm_source / utm_medium as the tracking links carry them; null for organic and direct. */
  source: string;
  medium: string;
  /** Cost per new lead when the channel is paid (USD); 0 when it is not bought. */
  costPerLead: number;
  /** Share of new visitors in an average month. */
  share: number;
  /** How much better (> 1) or worse (< 1) than average its people fit and intend to buy. */
  quality: number;
  /** Where its visitors come from (`document.referrer`). */
  referrer: string;
  /** Landing pages, by path. */
  landing: string[];
  /** Its campaigns; one runs per quarter, in order, so the names change through the year. */
  campaigns: string[];
}

export const CHANNELS: Channel[] = [
  {
    key: 'google',
    source: 'google',
    medium: 'cpc',
    costPerLead: 210,
    share: 19,
    quality: 1.1,
    referrer: 'https://www.google.com/',
    landing: [
      '/',
      '/product/lead-scoring',
      '/pricing',
      '/compare/tandem-vs-spreadsheets',
      '/product/routing',
    ],
    campaigns: [
      'brand-search',
      'lead-scoring-software',
      'lead-routing-tool',
      'sla-management',
      'competitor-search',
    ],
  },
  {
    key: 'linkedin',
    source: 'linkedin',
    medium: 'paid_social',
    costPerLead: 330,
    share: 13,
    quality: 1.15,
    referrer: 'https://www.linkedin.com/',
    landing: ['/resources/state-of-revops', '/resources/sla-playbook', '/webinars', '/product'],
    campaigns: ['revops-leaders-abm', 'demand-gen-managers', 'sales-leaders-sla', 'mql-quality-series'],
  },
  {
    key: 'g2',
    source: 'g2',
    medium: 'review',
    costPerLead: 260,
    share: 5,
    quality: 1.25,
    referrer: 'https://www.g2.com/categories/lead-management',
    landing: ['/compare/tandem-vs-spreadsheets', '/pricing', '/customers'],
    campaigns: ['g2-category-lead-management', 'g2-comparison-listing'],
  },
  {
    key: 'techtarget',
    source: 'techtarget',
    medium: 'syndication',
    costPerLead: 95,
    share: 8,
    quality: 0.7,
    referrer: 'https://www.techtarget.com/',
    landing: ['/resources/sales-marketing-alignment-ebook', '/resources/state-of-revops'],
    campaigns: ['ebook-alignment-syndication', 'revops-report-syndication'],
  },
  {
    key: 'webinar',
    source: 'webinar',
    medium: 'event',
    costPerLead: 140,
    share: 7,
    quality: 1.05,
    referrer: 'https://www.linkedin.com/',
    landing: ['/webinars', '/webinars/live'],
    campaigns: ['monthly-webinar'],
  },
  {
    key: 'newsletter',
    source: 'newsletter',
    medium: 'email',
    costPerLead: 45,
    share: 5,
    quality: 0.95,
    referrer: '',
    landing: ['/blog', '/resources/sla-playbook', '/webinars'],
    campaigns: ['partner-newsletter', 'revops-weekly-sponsorship'],
  },
  {
    key: 'organic',
    source: 'organic',
    medium: 'organic',
    costPerLead: 0,
    share: 25,
    quality: 0.95,
    referrer: 'https://www.google.com/',
    landing: ['/blog', '/', '/docs/getting-started', '/product'],
    campaigns: ['seo'],
  },
  {
    key: 'partner',
    source: 'partner',
    medium: 'referral',
    costPerLead: 0,
    share: 6,
    quality: 1.2,
    referrer: 'https://partners.example.com/',
    landing: ['/', '/integrations/salesforce', '/integrations/hubspot', '/pricing'],
    campaigns: ['partner-referral'],
  },
  {
    key: 'direct',
    source: 'direct',
    medium: 'none',
    costPerLead: 0,
    share: 12,
    quality: 1,
    referrer: '',
    landing: ['/', '/pricing', '/docs/getting-started', '/product'],
    campaigns: ['direct'],
  },
];

export const channelIndex = (key: string): number => CHANNELS.findIndex((c) => c.key === key);

/**
 * Share of new people each channel brings in a given calendar month: paid budgets follow the
 * seasons (more before quarter ends, little in August and late December), webinars pause in
 * summer and at year end, organic and direct stay put.
 */
export function channelWeights(month: number): number[] {
  return CHANNELS.map((c) => {
    if (c.key === 'webinar' && (month === 7 || month === 11)) return c.share * 0.2;
    if (c.costPerLead === 0) return c.share;
    const quarterEnd = month % 3 === 2 ? 1.12 : 1;
    return c.share * MONTH_FACTOR[month]! * quarterEnd;
  });
}

/** The campaign a channel runs in the quarter of `ms`: `2025-q2-revops-leaders-abm`. */
export function campaignName(channel: Channel, ms: number): string {
  const d = new Date(ms);
  const quarter = Math.floor(d.getUTCMonth() / 3);
  const base = channel.campaigns[(d.getUTCFullYear() * 4 + quarter) % channel.campaigns.length]!;
  return channel.costPerLead === 0 || channel.key === 'partner'
    ? base
    : `${d.getUTCFullYear()}-q${quarter + 1}-${base}`;
}

export interface ChannelSpend {
  channel: string;
  /** "2025-03" */
  month: string;
  amount: number;
}

/**
 * Spend per paid channel per month: the leads the channel is expected to bring that month times
 * its cost per lead, with the month-to-month noise real invoices have (bids, CPM swings).
 * `newPeopleByMonth` is how many people arrive in each month (all channels).
 */
export function channelSpend(seed: number, newPeopleByMonth: Map<string, number>): ChannelSpend[] {
  const out: ChannelSpend[] = [];
  for (const [month, people] of newPeopleByMonth) {
    const calendarMonth = Number(month.slice(5, 7)) - 1;
    const expected = apportion(people, channelWeights(calendarMonth));
    CHANNELS.forEach((channel, i) => {
      if (channel.costPerLead === 0) return;
      const r = randomFor(seed, 'spend', channel.key, month);
      const amount = (expected[i] ?? 0) * channel.costPerLead * logNormal(r, 1, 0.12);
      out.push({ channel: channel.source, month, amount: Math.round(amount * 100) / 100 });
    });
  }
  return out;
}
