// The built-in presets for the public datasets Tandem loads in one command: Olist's marketing funnel
// and Maven Analytics' CRM sales opportunities. Pure data: how they are used is in import-presets.ts.
import type { ImportPreset } from './import-presets.js';

/** Olist's MQL origin is kept as the source (what its reports group by); the medium follows from it. */
const OLIST_MEDIUM = {
  organic_search: 'organic',
  paid_search: 'cpc',
  social: 'social',
  email: 'email',
  referral: 'referral',
  direct_traffic: 'none',
  display: 'display',
  other_publicities: 'paid',
  '*': '',
};

export const olistMql: ImportPreset = {
  name: 'olist-mql',
  system: 'Olist',
  reads: 'Olist marketing funnel: olist_marketing_qualified_leads_dataset.csv (one MQL per row)',
  kinds: [
    {
      kind: 'leads',
      columns: {
        externalId: 'mql_id',
        source: 'origin',
        medium: 'origin',
        // Each landing page served one campaign: reports by campaign read as conversion by landing page.
        campaign: 'landing_page_id',
        createdAt: 'first_contact_date',
        // Every row is an MQL, qualified at its first contact.
        becameMqlAt: 'first_contact_date',
      },
      values: { medium: OLIST_MEDIUM },
      signature: ['mql_id', 'first_contact_date', 'landing_page_id', 'origin'],
      file: 'olist_marketing_qualified_leads_dataset.csv',
    },
  ],
};

export const olistClosedDeals: ImportPreset = {
  name: 'olist-closed-deals',
  system: 'Olist',
  reads:
    'Olist marketing funnel: olist_closed_deals_dataset.csv (the MQLs that became sellers, joined by mql_id)',
  kinds: [
    {
      kind: 'opportunities',
      columns: {
        // One deal per MQL: the MQL's id is the deal's key and finds the lead olist-mql imported.
        externalId: 'mql_id',
        leadExternalId: 'mql_id',
        // The seller the MQL became is the account: anonymous in the dataset, so its id is its name.
        accountExternalId: 'seller_id',
        accountName: 'seller_id',
        name: 'business_segment',
        // The only money in the file: what the seller declared it sells a month (0.0 in most rows).
        amount: 'declared_monthly_revenue',
        closeDate: 'won_date',
        createdAt: 'won_date',
      },
      // Every row is a won deal, in Brazilian reais.
      constants: { stage: 'won', currency: 'BRL' },
      signature: ['mql_id', 'seller_id', 'sdr_id', 'sr_id', 'won_date'],
      file: 'olist_closed_deals_dataset.csv',
    },
  ],
};

export const mavenPipeline: ImportPreset = {
  name: 'maven-pipeline',
  system: 'Maven',
  reads:
    'Maven Analytics CRM Sales Opportunities: accounts.csv, sales_teams.csv, sales_pipeline.csv (products.csv holds list prices only: not read)',
  kinds: [
    {
      kind: 'accounts',
      columns: {
        // The dataset has no ids or domains: the company name is its key (sales_pipeline.csv joins on it).
        externalId: 'account',
        name: 'account',
        industry: 'sector',
        employees: 'employees',
        annualRevenue: 'revenue',
        country: 'office_location',
      },
      // The data dictionary: revenue is "Annual revenue (in millions of USD)"; a sector and a country are misspelt.
      scale: { annualRevenue: 1_000_000 },
      values: { industry: { technolgy: 'technology' }, country: { philipines: 'Philippines' } },
      signature: ['account', 'sector', 'year_established', 'revenue', 'office_location'],
      file: 'accounts.csv',
    },
    {
      // One row per agent; a team per manager (in its regional office), led by that manager.
      // No e-mails: the agents become members who cannot sign in until an admin sets them up.
      kind: 'reps',
      columns: { name: 'sales_agent', team: 'manager', manager: 'manager', office: 'regional_office' },
      signature: ['sales_agent', 'manager', 'regional_office'],
      file: 'sales_teams.csv',
    },
    {
      kind: 'opportunities',
      columns: {
        externalId: 'opportunity_id',
        // The deal is named by its product; the account by its name (accounts.csv's key), the owner
        // by the agent's name (sales_teams.csv's key).
        name: 'product',
        product: 'product',
        owner: 'sales_agent',
        accountExternalId: 'account',
        stage: 'deal_stage',
        amount: 'close_value',
        createdAt: 'engage_date',
        closeDate: 'close_date',
      },
      options: {
        stages: { prospecting: 'Discovery', engaging: 'Solution Demo', won: 'won', lost: 'lost' },
      },
      // The pipeline spells one product as products.csv does not ("GTXPro" for "GTX Pro").
      values: { product: { gtxpro: 'GTX Pro' }, name: { gtxpro: 'GTX Pro' } },
      constants: { currency: 'USD' },
      signature: ['opportunity_id', 'sales_agent', 'deal_stage', 'engage_date', 'close_value'],
      file: 'sales_pipeline.csv',
    },
  ],
};
