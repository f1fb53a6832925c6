// The built-in presets for CRM exports: HubSpot's contacts and deals, Salesforce's Data Loader export
// and its reports (US and European date styles). Pure data: how they are used is in import-presets.ts.
import type { ValueOptions } from './import-mapping.js';
import type { ImportPreset } from './import-presets.js';

/** HubSpot's "Original Source" (labels as exported) → Tandem's source and medium. */
const HUBSPOT_SOURCE = {
  source: {
    'organic search': 'organic',
    'paid search': 'paid_search',
    'email marketing': 'email',
    'social media': 'social',
    'organic social': 'social',
    'paid social': 'paid_social',
    referrals: 'referral',
    'other campaigns': 'other_campaigns',
    'direct traffic': 'direct',
    'offline sources': 'offline',
    'ai referrals': 'ai_referral',
  },
  medium: {
    'organic search': 'organic',
    'paid search': 'cpc',
    'email marketing': 'email',
    'social media': 'social',
    'organic social': 'social',
    'paid social': 'paid_social',
    referrals: 'referral',
    'other campaigns': 'campaign',
    'direct traffic': 'none',
    'offline sources': 'offline',
    'ai referrals': 'referral',
    '*': '',
  },
};

/** Salesforce's standard Lead Source picklist → Tandem's source and medium (custom values pass as they are). */
const SALESFORCE_SOURCE = {
  source: {
    web: 'web',
    'phone inquiry': 'phone',
    'partner referral': 'partner',
    partner: 'partner',
    'purchased list': 'purchased_list',
    advertisement: 'advertisement',
    'employee referral': 'employee_referral',
    'external referral': 'external_referral',
    'public relations': 'public_relations',
    'seminar - internal': 'seminar',
    'seminar - partner': 'seminar_partner',
    'trade show': 'trade_show',
    'word of mouth': 'word_of_mouth',
    other: 'other',
  },
  medium: {
    web: 'website',
    'phone inquiry': 'phone',
    'partner referral': 'referral',
    partner: 'referral',
    'purchased list': 'list',
    advertisement: 'paid',
    'employee referral': 'referral',
    'external referral': 'referral',
    'public relations': 'pr',
    'seminar - internal': 'event',
    'seminar - partner': 'event',
    'trade show': 'event',
    'word of mouth': 'referral',
    '*': '',
  },
};

/** HubSpot exports date-times as `2024-01-15 10:23` (read as SQL-style ISO) or, in some portals, US style. */
const HUBSPOT_DATES: ValueOptions = { dateFormats: ['M/d/yyyy h:mm a', 'M/d/yyyy HH:mm', 'M/d/yyyy'] };
/** A Salesforce report exported by a user with an en_US locale: `3/14/2024 9:05 AM`, dates `3/14/2024`. */
const SALESFORCE_US_DATES: ValueOptions = { dateFormats: ['M/d/yyyy h:mm a', 'M/d/yyyy'] };
/** The same report from an en_GB (or most European) locale: `14/03/2024 09:05`, dates `14/03/2024`. */
const SALESFORCE_EU_DATES: ValueOptions = { dateFormats: ['dd/MM/yyyy HH:mm', 'dd/MM/yyyy'] };

const hubspotContacts: ImportPreset = {
  name: 'hubspot-contacts',
  system: 'HubSpot',
  reads: 'Contacts → Export (all contacts, all properties), CSV',
  kinds: [
    {
      kind: 'leads',
      columns: {
        externalId: ['Record ID', 'Contact ID'],
        email: 'Email',
        firstName: 'First Name',
        lastName: 'Last Name',
        title: 'Job Title',
        company: ['Company Name', 'Associated Company'],
        industry: 'Industry',
        employees: 'Number of Employees',
        annualRevenue: 'Annual Revenue',
        country: 'Country/Region',
        phone: ['Phone Number', 'Mobile Phone Number'],
        website: 'Website URL',
        source: 'Original Source',
        medium: 'Original Source',
        createdAt: 'Create Date',
        // One column per lifecycle stage: each a historical transition at that date.
        becameLeadAt: 'Became a Lead Date',
        becameMqlAt: 'Became a Marketing Qualified Lead Date',
        becameSqlAt: 'Became a Sales Qualified Lead Date',
        becameOpportunityAt: 'Became an Opportunity Date',
        becameCustomerAt: 'Became a Customer Date',
      },
      options: HUBSPOT_DATES,
      values: HUBSPOT_SOURCE,
      signature: [['Record ID', 'Contact ID'], 'Lifecycle Stage', 'Create Date'],
    },
  ],
};

/** HubSpot's default sales pipeline (labels as exported) → the default agreement's opportunity stages. */
const HUBSPOT_DEAL_STAGES = {
  'appointment scheduled': 'Discovery',
  'qualified to buy': 'Discovery',
  'presentation scheduled': 'Solution Demo',
  'decision maker bought-in': 'Proposal',
  'contract sent': 'Negotiation',
  'closed won': 'won',
  'closed lost': 'lost',
};

const hubspotDeals: ImportPreset = {
  name: 'hubspot-deals',
  system: 'HubSpot',
  reads: 'Deals → Export (all deals, all properties), CSV',
  kinds: [
    {
      kind: 'opportunities',
      columns: {
        externalId: ['Record ID', 'Deal ID'],
        name: 'Deal Name',
        stage: 'Deal Stage',
        amount: 'Amount',
        currency: ['Currency', 'Deal currency code'],
        probability: ['Deal probability', 'Deal Probability'],
        closeDate: 'Close Date',
        accountName: ['Associated Company', 'Associated Company (Primary)', 'Company name'],
        leadEmail: ['Associated Contact Email', 'Contact email'],
        createdAt: 'Create Date',
      },
      options: { ...HUBSPOT_DATES, crmSystem: 'hubspot', stages: HUBSPOT_DEAL_STAGES },
      signature: [['Record ID', 'Deal ID'], 'Deal Name', 'Deal Stage', 'Pipeline'],
    },
  ],
};

/** Salesforce's default opportunity stages → the default agreement's (trimmed from the same list). */
const SALESFORCE_STAGES = {
  prospecting: 'Discovery',
  qualification: 'Discovery',
  'needs analysis': 'Discovery',
  'value proposition': 'Solution Demo',
  'id. decision makers': 'Solution Demo',
  'perception analysis': 'Solution Demo',
  'proposal/price quote': 'Proposal',
  'negotiation/review': 'Negotiation',
  'closed won': 'won',
  'closed lost': 'lost',
};

const salesforceDataLoader: ImportPreset = {
  name: 'salesforce-data-loader',
  system: 'Salesforce',
  reads:
    'Data Loader (or dataloader.io) export of Lead, Account or Opportunity: API field names, ISO times with .000Z',
  kinds: [
    {
      kind: 'leads',
      columns: {
        externalId: 'Id',
        email: 'Email',
        firstName: 'FirstName',
        lastName: 'LastName',
        title: 'Title',
        company: 'Company',
        industry: 'Industry',
        employees: 'NumberOfEmployees',
        annualRevenue: 'AnnualRevenue',
        country: 'Country',
        phone: ['Phone', 'MobilePhone'],
        website: 'Website',
        source: 'LeadSource',
        medium: 'LeadSource',
        createdAt: 'CreatedDate',
      },
      values: SALESFORCE_SOURCE,
      signature: ['Id', 'LeadSource', 'Company', 'IsConverted'],
    },
    {
      // The same Lead export read for its Status: the agreement maps Salesforce statuses to stages.
      kind: 'crm-status',
      columns: {
        leadExternalId: 'Id',
        leadEmail: 'Email',
        status: 'Status',
        at: ['LastModifiedDate', 'SystemModstamp'],
      },
      options: { crmSystem: 'salesforce' },
      constants: { system: 'salesforce', object: 'lead' },
      signature: ['Id', 'LeadSource', 'Status', 'IsConverted'],
    },
    {
      kind: 'opportunities',
      columns: {
        externalId: 'Id',
        name: 'Name',
        accountExternalId: 'AccountId',
        stage: 'StageName',
        amount: 'Amount',
        currency: 'CurrencyIsoCode',
        probability: 'Probability',
        closeDate: 'CloseDate',
        source: 'LeadSource',
        createdAt: 'CreatedDate',
      },
      options: { crmSystem: 'salesforce', stages: SALESFORCE_STAGES },
      values: { source: SALESFORCE_SOURCE.source },
      signature: ['Id', 'StageName', 'AccountId', 'IsWon'],
    },
    {
      kind: 'accounts',
      columns: {
        externalId: 'Id',
        name: 'Name',
        domain: 'Website',
        industry: 'Industry',
        employees: 'NumberOfEmployees',
        annualRevenue: 'AnnualRevenue',
        country: ['BillingCountry', 'ShippingCountry'],
        createdAt: 'CreatedDate',
      },
      signature: ['Id', 'Name', 'BillingCountry', 'AccountSource'],
    },
  ],
};

/** A Salesforce leads report (Reports → Export → Details only, CSV): the columns by their labels. */
function salesforceReport(name: string, locale: string, dates: ValueOptions, detect: boolean): ImportPreset {
  return {
    name,
    system: 'Salesforce',
    reads: `Reports → Export (Details Only, .csv) of a Leads, Accounts or Opportunities report: column labels, ${locale} dates`,
    kinds: [
      {
        kind: 'leads',
        columns: {
          externalId: ['Lead ID', 'Lead Id'],
          email: 'Email',
          firstName: 'First Name',
          lastName: 'Last Name',
          title: 'Title',
          company: ['Company / Account', 'Company'],
          industry: 'Industry',
          employees: ['No. of Employees', 'Employees'],
          annualRevenue: 'Annual Revenue',
          country: ['Country', 'Country Code'],
          phone: ['Phone', 'Mobile'],
          website: 'Website',
          source: 'Lead Source',
          medium: 'Lead Source',
          createdAt: ['Create Date', 'Created Date'],
        },
        options: dates,
        values: SALESFORCE_SOURCE,
        signature: detect
          ? ['Lead Source', 'First Name', ['Company / Account', 'Company'], 'Lead Status']
          : [],
      },
      {
        kind: 'crm-status',
        columns: {
          leadExternalId: ['Lead ID', 'Lead Id'],
          leadEmail: 'Email',
          status: 'Lead Status',
          at: ['Last Modified Date', 'Last Activity'],
        },
        options: { ...dates, crmSystem: 'salesforce' },
        constants: { system: 'salesforce', object: 'lead' },
        signature: detect ? ['Lead Source', 'First Name', 'Lead Status', 'Last Modified Date'] : [],
      },
      {
        kind: 'opportunities',
        columns: {
          externalId: ['Opportunity ID', 'Opportunity Id'],
          name: 'Opportunity Name',
          accountExternalId: ['Account ID', 'Account Id'],
          accountName: 'Account Name',
          stage: 'Stage',
          amount: 'Amount',
          currency: ['Amount Currency', 'Opportunity Currency'],
          probability: 'Probability (%)',
          closeDate: 'Close Date',
          source: 'Lead Source',
          createdAt: ['Created Date', 'Create Date'],
        },
        options: { ...dates, crmSystem: 'salesforce', stages: SALESFORCE_STAGES },
        values: { source: SALESFORCE_SOURCE.source },
        signature: detect ? ['Opportunity Name', 'Stage', 'Close Date', 'Account Name'] : [],
      },
      {
        kind: 'accounts',
        columns: {
          externalId: ['Account ID', 'Account Id'],
          name: 'Account Name',
          domain: 'Website',
          industry: 'Industry',
          employees: 'Employees',
          annualRevenue: 'Annual Revenue',
          country: ['Billing Country', 'Shipping Country'],
          createdAt: ['Created Date', 'Create Date'],
        },
        options: dates,
        signature: detect ? ['Account Name', 'Account Owner', 'Billing Country', 'Type'] : [],
      },
    ],
  };
}

/** The CRM presets, in the order `tandem import presets` lists them. */
export const CRM_PRESETS: readonly ImportPreset[] = [
  hubspotContacts,
  hubspotDeals,
  salesforceDataLoader,
  salesforceReport('salesforce-report', 'US (M/d/yyyy h:mm a)', SALESFORCE_US_DATES, true),
  salesforceReport('salesforce-report-eu', 'European (dd/MM/yyyy HH:mm)', SALESFORCE_EU_DATES, false),
];
