// The agreement a new workspace starts from: a sensible, documented B2B default both teams can edit.
import type { Agreement } from './agreement.js';
import { DEFAULT_OPPORTUNITY_STAGES } from './opportunities.js';

/*
 * Why these numbers (change them once your own calibration report has data):
 * - Fit grades A ≥ 60, B ≥ 40, C ≥ 20 on a 0–90 scale: a VP or director in a revenue function at a
 *   50–5,000-person company on a business address is A/B; a lone individual contributor on a free
 *   mail domain is D. Seniority and function weigh most because they decide who can buy.
 * - Engagement half-life 30 days: the usual monthly decay people build by hand in Marketo and HubSpot
 *   (-N points per month of inactivity), made exact. A pricing-page visit is worth half after a month.
 * - Bands 60 / 30 / 10 and the cells A1–A3, B1–B2, C1: an A fit qualifies on light engagement, a C fit
 *   only on heavy engagement, a D never (sales reject poor fits first: "not a fit" tops every reason list).
 * - 150 MQLs a month with at least 60% accepted: SiriusDecisions' demand-waterfall benchmarks put
 *   MQL→SAL acceptance around 45–50% for typical B2B teams; 60% asks marketing for better-than-median
 *   quality while still leaving sales room to say no. Volume is a placeholder to size against pipeline goals.
 * - SLA hours: the HBR study "The Short Life of Online Sales Leads" (Oldroyd et al., 2011) found firms
 *   that answered within an hour were ~7× likelier to qualify the lead than those answering later, and the
 *   InsideSales.com/MIT Lead Response Management study saw contact odds collapse after the first hour.
 *   A hand-raise (demo request) therefore gets 2 business hours to first touch; a scored MQL one business
 *   day (8 business hours) for accept/reject; a SAL 10 business days (two weeks) to become an SQL or leave.
 * - Recycling after a 30-day cool-off and 20 points of fresh engagement (e.g. two pricing visits): long
 *   enough that a rejected lead is not bounced straight back, short enough to catch renewed interest.
 */
export function defaultAgreement(): Agreement {
  const revenueTeam = ['sales_rep', 'sales_manager', 'admin', 'system'] as const;
  return {
    name: 'Default sales & marketing agreement',
    notes: 'Starting point: review every number with both teams before signing.',
    funnel: {
      stages: [
        {
          key: 'lead',
          label: 'Lead',
          owner: 'marketing',
          definition:
            'A known person (we have an e-mail address) who has not yet met the qualification rules.',
        },
        {
          key: 'mql',
          label: 'Marketing qualified lead',
          owner: 'marketing',
          definition:
            'Fit and engagement meet an agreed cell of the matrix, or the person asked for sales (demo request, contact sales) with fit C or better. Sales must accept or reject within the SLA.',
        },
        {
          key: 'pql',
          label: 'Product qualified lead',
          owner: 'shared',
          definition:
            'Used the product enough in a trial to show real intent (10 feature uses in 7 days) with fit C or better. Sales must accept or reject within the SLA.',
        },
        {
          key: 'sal',
          label: 'Sales accepted lead',
          owner: 'sales',
          definition: 'A rep has reviewed the lead, agrees it is worth working, and owns the next step.',
        },
        {
          key: 'sql',
          label: 'Sales qualified lead',
          owner: 'sales',
          definition:
            'A conversation confirmed need, authority, budget or timing well enough to open an opportunity.',
        },
        {
          key: 'opportunity',
          label: 'Opportunity',
          owner: 'sales',
          definition: 'An open deal with an amount and a close date in the CRM.',
        },
        {
          key: 'customer',
          label: 'Customer',
          owner: 'sales',
          definition:
            'The opportunity closed won: a signed contract or a paid subscription is recorded in the CRM.',
        },
        {
          key: 'nurture',
          label: 'Nurture',
          owner: 'marketing',
          definition:
            'Not ready now (rejected for a recyclable reason, or recycled from the CRM); marketing keeps in touch until fresh engagement re-qualifies the lead.',
        },
        {
          key: 'disqualified',
          label: 'Disqualified',
          owner: 'shared',
          definition:
            'Never a buyer (not a fit, duplicate, bad data). Leaves the funnel for good unless an admin restores it.',
        },
        {
          key: 'lost',
          label: 'Lost',
          owner: 'sales',
          definition: 'An opportunity that closed lost. Recyclable after the cool-off.',
        },
      ],
      transitions: [
        {
          from: 'lead',
          to: ['mql', 'pql', 'nurture', 'disqualified'],
          roles: ['marketing', 'admin', 'system'],
        },
        { from: 'mql', to: ['sal', 'nurture', 'disqualified'], roles: [...revenueTeam] },
        { from: 'pql', to: ['sal', 'nurture', 'disqualified'], roles: [...revenueTeam] },
        { from: 'sal', to: ['sql', 'nurture', 'disqualified'], roles: [...revenueTeam] },
        { from: 'sql', to: ['opportunity', 'nurture', 'lost'], roles: [...revenueTeam] },
        { from: 'opportunity', to: ['customer', 'lost'], roles: [...revenueTeam] },
        { from: 'nurture', to: ['mql', 'pql', 'disqualified'], roles: ['marketing', 'admin', 'system'] },
        { from: 'lost', to: ['nurture'], roles: ['marketing', 'sales_manager', 'admin', 'system'] },
        { from: 'disqualified', to: ['nurture'], roles: ['admin'] },
      ],
    },
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
    feedback: {
      rejectReasons: {
        not_a_fit: { label: 'Not a fit', to: 'disqualified', recyclable: false, noteRequired: false },
        wrong_size: {
          label: 'Wrong company size',
          to: 'nurture',
          recyclable: true,
          coolOffDays: 180,
          noteRequired: false,
        },
        wrong_contact: {
          label: 'Wrong point of contact',
          to: 'nurture',
          recyclable: true,
          noteRequired: true,
        },
        not_interested: {
          label: 'Not interested',
          to: 'nurture',
          recyclable: true,
          coolOffDays: 90,
          noteRequired: false,
        },
        no_budget_timing: {
          label: 'No budget or bad timing',
          to: 'nurture',
          recyclable: true,
          coolOffDays: 90,
          noteRequired: false,
        },
        duplicate: { label: 'Duplicate', to: 'disqualified', recyclable: false, noteRequired: false },
        bad_data: { label: 'Bad data', to: 'disqualified', recyclable: false, noteRequired: false },
        other: { label: 'Other', to: 'nurture', recyclable: true, noteRequired: true },
      },
    },
    routing: {
      useAccountOwner: true,
      rules: [
        {
          id: 'emea',
          label: 'EMEA territory',
          when: [{ field: 'region', op: 'equals', value: 'EMEA' }],
          team: 'emea',
        },
        {
          id: 'apac',
          label: 'APAC territory',
          when: [{ field: 'region', op: 'equals', value: 'APAC' }],
          team: 'apac',
        },
        { id: 'amer', label: 'Everyone else (Americas)', when: [], team: 'amer' },
      ],
      fallbackTeam: null,
    },
    sla: {
      policies: [
        {
          id: 'hand-raise-first-touch',
          label: 'First touch on a hand-raise',
          stage: 'mql',
          appliesTo: 'hand_raise',
          clock: 'first_touch',
          target: { businessHours: 2 },
          warnAtShare: 0.5,
          escalation: { notifyManager: true, reassign: true },
        },
        {
          id: 'mql-response',
          label: 'Accept or reject an MQL',
          stage: 'mql',
          appliesTo: 'all',
          clock: 'response',
          target: { businessHours: 8 },
          warnAtShare: 0.75,
          escalation: { notifyManager: true, reassign: true },
        },
        {
          id: 'pql-response',
          label: 'Accept or reject a PQL',
          stage: 'pql',
          appliesTo: 'all',
          clock: 'response',
          target: { businessHours: 8 },
          warnAtShare: 0.75,
          escalation: { notifyManager: true, reassign: true },
        },
        {
          id: 'sal-exit',
          label: 'Work a SAL to SQL or out',
          stage: 'sal',
          appliesTo: 'all',
          clock: 'stage_exit',
          target: { businessDays: 10 },
          warnAtShare: 0.8,
          escalation: { notifyManager: true, reassign: false },
        },
      ],
    },
    crm: {
      statusMap: [
        { system: 'salesforce', object: 'lead', status: 'Working - Contacted', to: 'sal' },
        { system: 'salesforce', object: 'lead', status: 'Closed - Converted', to: 'sql' },
        { system: 'salesforce', object: 'lead', status: 'Closed - Not Converted', to: 'nurture' },
        { system: 'hubspot', object: 'contact', status: 'IN_PROGRESS', to: 'sal' },
        {
          system: 'hubspot',
          object: 'contact',
          status: 'BAD_TIMING',
          to: 'nurture',
          reasonCode: 'no_budget_timing',
        },
        {
          system: 'hubspot',
          object: 'contact',
          status: 'UNQUALIFIED',
          to: 'disqualified',
          reasonCode: 'not_a_fit',
        },
        { system: 'any', object: 'opportunity', status: 'Closed Won', to: 'customer' },
        { system: 'any', object: 'opportunity', status: 'Closed Lost', to: 'lost' },
      ],
    },
    opportunities: { stages: DEFAULT_OPPORTUNITY_STAGES.map((s) => ({ ...s })) },
    marketing: { period: 'month', mqlCommitment: 150, minAcceptanceRate: 0.6 },
  };
}
