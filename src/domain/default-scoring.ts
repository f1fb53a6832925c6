// The default agreement's scoring: fit rules and grades, engagement rules and decay, what qualifies
// a lead, and when a recycled lead may come back.
import type { Agreement } from './agreement.js';

/*
 * Why these numbers (change them once your own calibration report has data):
 * - Fit grades A ≥ 60, B ≥ 40, C ≥ 20 on a 0–90 scale: a VP or director in a revenue function at a
 *   50–5,000-person company on a business address is A/B; a lone individual contributor on a free
 *   mail domain is D. Seniority and function weigh most because they decide who can buy.
 * - Engagement half-life 30 days: the usual monthly decay people build by hand in Marketo and HubSpot
 *   (-N points per month of inactivity), made exact. A pricing-page visit is worth half after a month.
 * - Bands 60 / 30 / 10 and the cells A1–A3, B1–B2, C1: an A fit qualifies on light engagement, a C fit
 *   only on heavy engagement, a D never (sales reject poor fits first: "not a fit" tops every reason list).
 * - Recycling after a 30-day cool-off and 20 points of fresh engagement (e.g. two pricing visits): long
 *   enough that a rejected lead is not bounced straight back, short enough to catch renewed interest.
 */
export function defaultScoring(): Pick<Agreement, 'fit' | 'engagement' | 'qualification' | 'recycling'> {
  return {
    fit: {
      rules: [
        {
          id: 'senior-exec',
          label: 'C-level or VP',
          when: [{ field: 'titleSeniority', op: 'in', values: ['c_level', 'vp'] }],
          points: 25,
        },
        {
          id: 'director',
          label: 'Director',
          when: [{ field: 'titleSeniority', op: 'equals', value: 'director' }],
          points: 20,
        },
        {
          id: 'manager',
          label: 'Manager',
          when: [{ field: 'titleSeniority', op: 'equals', value: 'manager' }],
          points: 10,
        },
        {
          id: 'buying-function',
          label: 'Works in marketing, sales, operations or leadership',
          when: [
            { field: 'titleFunction', op: 'in', values: ['marketing', 'sales', 'operations', 'executive'] },
          ],
          points: 15,
        },
        {
          id: 'it-function',
          label: 'Works in IT',
          when: [{ field: 'titleFunction', op: 'equals', value: 'it' }],
          points: 5,
        },
        {
          id: 'core-size',
          label: '50–5,000 employees',
          when: [{ field: 'employees', op: 'range', min: 50, max: 5000 }],
          points: 20,
        },
        {
          id: 'enterprise-size',
          label: 'More than 5,000 employees',
          when: [{ field: 'employees', op: 'range', min: 5001 }],
          points: 10,
        },
        {
          id: 'too-small',
          label: 'Fewer than 10 employees',
          when: [{ field: 'employees', op: 'range', max: 9 }],
          points: -10,
        },
        {
          id: 'revenue-10m',
          label: 'Annual revenue of $10M or more',
          when: [{ field: 'annualRevenue', op: 'range', min: 10_000_000 }],
          points: 10,
        },
        {
          id: 'target-industry',
          label: 'Software, internet or financial services',
          when: [
            {
              field: 'industry',
              op: 'in',
              values: ['software', 'saas', 'internet', 'information technology', 'financial services'],
            },
          ],
          points: 10,
        },
        {
          id: 'business-email',
          label: 'Business e-mail address',
          when: [{ field: 'emailDomainType', op: 'equals', value: 'business' }],
          points: 5,
        },
        {
          id: 'free-email',
          label: 'Free e-mail address',
          when: [{ field: 'emailDomainType', op: 'equals', value: 'free' }],
          points: -20,
        },
        {
          id: 'served-country',
          label: 'In a country we sell and support in',
          when: [
            {
              field: 'country',
              op: 'in',
              values: ['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'SE', 'AU', 'SG', 'JP'],
            },
          ],
          points: 5,
        },
      ],
      grades: { A: 60, B: 40, C: 20 },
    },
    engagement: {
      halfLifeDays: 30,
      bands: { '1': 60, '2': 30, '3': 10 },
      rules: [
        {
          id: 'pricing-page',
          label: 'Viewed pricing',
          match: { type: 'page', properties: { path: { startsWith: '/pricing' } } },
          points: 10,
          perDayCap: 10,
        },
        { id: 'page-view', label: 'Viewed a page', match: { type: 'page' }, points: 1, perDayCap: 5 },
        {
          id: 'email-clicked',
          label: 'Clicked an e-mail',
          match: { type: 'track', event: 'Email Clicked' },
          points: 3,
          perDayCap: 6,
        },
        {
          id: 'webinar-attended',
          label: 'Attended a webinar',
          match: { type: 'track', event: 'Webinar Attended' },
          points: 15,
        },
        {
          id: 'content-downloaded',
          label: 'Downloaded content',
          match: { type: 'track', event: 'Content Downloaded' },
          points: 8,
          perDayCap: 16,
        },
        {
          id: 'trial-started',
          label: 'Started a trial',
          match: { type: 'track', event: 'Trial Started' },
          points: 20,
          lifetimeCap: 20,
        },
        {
          id: 'product-usage',
          label: 'Used the product',
          match: { type: 'track', event: 'Feature Used' },
          points: 2,
          perDayCap: 10,
        },
        {
          id: 'demo-requested',
          label: 'Requested a demo',
          match: { type: 'track', event: 'Demo Requested' },
          points: 30,
        },
        {
          id: 'contact-sales',
          label: 'Asked to talk to sales',
          match: { type: 'track', event: 'Contact Sales' },
          points: 30,
        },
      ],
    },
    qualification: {
      mql: { cells: ['A1', 'A2', 'A3', 'B1', 'B2', 'C1'] },
      handRaises: [
        { id: 'demo-request', label: 'Requested a demo', event: 'Demo Requested', minFit: 'C', to: 'mql' },
        {
          id: 'contact-sales',
          label: 'Asked to talk to sales',
          event: 'Contact Sales',
          minFit: 'C',
          to: 'mql',
        },
      ],
      pql: [
        {
          id: 'active-trial',
          label: 'Active trial (10 feature uses in 7 days)',
          match: { type: 'track', event: 'Feature Used' },
          minCount: 10,
          withinDays: 7,
          minFit: 'C',
        },
      ],
    },
    recycling: { coolOffDays: 30, freshEngagement: 20, handRaiseBypassesCoolOff: true },
  };
}
