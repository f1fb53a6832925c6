// The default agreement's hand-off: why sales may reject a lead, how leads are routed, the SLA
// clocks, what CRM statuses mean, and marketing's commitment.
import type { Agreement } from './agreement.js';

/*
 * Why these numbers:
 * - 150 MQLs a month with at least 60% accepted: SiriusDecisions' demand-waterfall benchmarks put
 *   MQL→SAL acceptance around 45–50% for typical B2B teams; 60% asks marketing for better-than-median
 *   quality while still leaving sales room to say no. Volume is a placeholder to size against pipeline goals.
 * - SLA hours: the HBR study "The Short Life of Online Sales Leads" (Oldroyd et al., 2011) found firms
 *   that answered within an hour were ~7× likelier to qualify the lead than those answering later, and the
 *   InsideSales.com/MIT Lead Response Management study saw contact odds collapse after the first hour.
 *   A hand-raise (demo request) therefore gets 2 business hours to first touch; a scored MQL one business
 *   day (8 business hours) for accept/reject; a SAL 10 business days (two weeks) to become an SQL or leave.
 */
export function defaultHandoff(): Pick<Agreement, 'feedback' | 'routing' | 'sla' | 'crm' | 'marketing'> {
  return {
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
    marketing: { period: 'month', mqlCommitment: 150, minAcceptanceRate: 0.6 },
  };
}
