// The default agreement's funnel: the ten stages with their owners and definitions, and who may
// move a lead between them.
import type { Agreement } from './agreement.js';

export function defaultFunnel(): Pick<Agreement, 'funnel'> {
  const revenueTeam = ['sales_rep', 'sales_manager', 'admin', 'system'] as const;
  return {
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
  };
}
