// Import presets: a real export's columns and value conventions, mapped once so a person imports
// the file as it comes out of HubSpot, Salesforce or a public dataset with no hand mapping. A preset
// reads one export; for each kind it can import from that export it names the columns (with the
// spellings the export's versions use), how values are read and how the CRM's wording translates.
// A saved custom mapping is used the same way (system `custom`). Pure: no I/O.
import {
  IMPORT_FIELDS,
  type ImportKind,
  type ImportMapping,
  type ValueOptions,
  guessMapping,
} from './import-mapping.js';

export const PRESET_SYSTEMS = ['HubSpot', 'Salesforce', 'Olist', 'Maven', 'custom'] as const;
export type PresetSystem = (typeof PRESET_SYSTEMS)[number];

/** What a preset maps for one kind. */
export interface PresetKind {
  kind: ImportKind;
  /** Target field ← the export's column; alternatives in order (the spellings of its versions). */
  columns: Record<string, string | readonly string[]>;
  options?: ValueOptions;
  values?: ImportMapping['values'];
  constants?: ImportMapping['constants'];
  scale?: ImportMapping['scale'];
  /**
   * The header columns that identify the export (each one, or one of its alternatives, present):
   * how the preset is recognised when none is named. Empty: never recognised on its own.
   */
  signature: readonly (string | readonly string[])[];
  /** The file of a dataset this kind is read from (datasets: several files, one per kind). */
  file?: string;
}

export interface ImportPreset {
  name: string;
  system: PresetSystem;
  /** The export it reads, in the words of the system's menus. */
  reads: string;
  kinds: readonly PresetKind[];
}

// ---- Value translations ---------------------------------------------------------------------

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

// ---- Date conventions -----------------------------------------------------------------------

/** HubSpot exports date-times as `2024-01-15 10:23` (read as SQL-style ISO) or, in some portals, US style. */
const HUBSPOT_DATES: ValueOptions = { dateFormats: ['M/d/yyyy h:mm a', 'M/d/yyyy HH:mm', 'M/d/yyyy'] };
/** A Salesforce report exported by a user with an en_US locale: `3/14/2024 9:05 AM`, dates `3/14/2024`. */
const SALESFORCE_US_DATES: ValueOptions = { dateFormats: ['M/d/yyyy h:mm a', 'M/d/yyyy'] };
/** The same report from an en_GB (or most European) locale: `14/03/2024 09:05`, dates `14/03/2024`. */
const SALESFORCE_EU_DATES: ValueOptions = { dateFormats: ['dd/MM/yyyy HH:mm', 'dd/MM/yyyy'] };

// ---- The presets ----------------------------------------------------------------------------

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

const olistMql: ImportPreset = {
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

const olistClosedDeals: ImportPreset = {
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

const mavenPipeline: ImportPreset = {
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

/** Every built-in preset, in the order `tandem import presets` lists them. */
export const IMPORT_PRESETS: readonly ImportPreset[] = [
  hubspotContacts,
  hubspotDeals,
  salesforceDataLoader,
  salesforceReport('salesforce-report', 'US (M/d/yyyy h:mm a)', SALESFORCE_US_DATES, true),
  salesforceReport('salesforce-report-eu', 'European (dd/MM/yyyy HH:mm)', SALESFORCE_EU_DATES, false),
  olistMql,
  olistClosedDeals,
  mavenPipeline,
];

/** A public dataset loaded in one command: its files, each through its preset, in an order that joins. */
export interface ImportDataset {
  name: string;
  reads: string;
  steps: readonly {
    preset: string;
    kind: ImportKind;
    file: string;
    /** Rows the file is known to hold that Tandem refuses (listed in the error report): the error limit allows them. */
    knownRejected?: number;
  }[];
}

const stepsOf = (...parts: [ImportPreset, ImportKind][]) =>
  parts.map(([preset, kind]) => ({ preset: preset.name, kind, file: presetKind(preset, kind)!.file! }));

export const IMPORT_DATASETS: readonly ImportDataset[] = [
  {
    name: 'olist',
    reads: 'Olist marketing funnel: the MQLs, then the deals they closed',
    steps: stepsOf([olistMql, 'leads'], [olistClosedDeals, 'opportunities']),
  },
  {
    name: 'maven',
    reads: 'Maven Analytics CRM Sales Opportunities: the accounts, the sales teams, then the pipeline',
    // 1,425 open deals of sales_pipeline.csv name no account, and a deal belongs to one: they are refused.
    steps: stepsOf(
      [mavenPipeline, 'accounts'],
      [mavenPipeline, 'reps'],
      [mavenPipeline, 'opportunities'],
    ).map((s) => (s.kind === 'opportunities' ? { ...s, knownRejected: 1425 } : s)),
  },
];

/**
 * The dataset a folder holds, by name (or one of its presets' names), else by its files (every
 * file of exactly one dataset present); null when none or several fit.
 */
export function findDataset(name: string | null, files: readonly string[]): ImportDataset | null {
  if (name) {
    return IMPORT_DATASETS.find((d) => d.name === name || d.steps.some((s) => s.preset === name)) ?? null;
  }
  const fits = IMPORT_DATASETS.filter((d) => d.steps.every((s) => files.includes(s.file)));
  return fits.length === 1 ? fits[0]! : null;
}

export function builtInPreset(name: string): ImportPreset | null {
  return IMPORT_PRESETS.find((p) => p.name === name) ?? null;
}

/** A saved custom mapping as a preset of one kind (it maps exactly the columns it names). */
export function customPreset(saved: {
  name: string;
  kind: ImportKind;
  description: string | null;
  mapping: ImportMapping;
}): ImportPreset {
  return {
    name: saved.name,
    system: 'custom',
    reads: saved.description ?? 'a custom mapping saved in this workspace',
    kinds: [
      {
        kind: saved.kind,
        columns: saved.mapping.fields,
        ...(saved.mapping.options ? { options: saved.mapping.options } : {}),
        ...(saved.mapping.values ? { values: saved.mapping.values } : {}),
        ...(saved.mapping.constants ? { constants: saved.mapping.constants } : {}),
        ...(saved.mapping.scale ? { scale: saved.mapping.scale } : {}),
        signature: [],
      },
    ],
  };
}

const norm = (s: string) => s.trim().toLowerCase();

/** The header that is one of the alternatives (compared trimmed, case-insensitively), else null. */
function findHeader(headers: readonly string[], spelled: string | readonly string[]): string | null {
  const wanted = (typeof spelled === 'string' ? [spelled] : spelled).map(norm);
  for (const w of wanted) {
    const found = headers.find((h) => norm(h) === w);
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * The preset's mapping for this file: each field bound to the column the file has (the first of its
 * spellings present); a field whose column the export left out is not mapped, so an export with
 * fewer columns still imports (a missing required column is reported by checkMapping).
 */
export function presetMapping(p: PresetKind, headers: readonly string[]): ImportMapping {
  const fields: Record<string, string> = {};
  for (const [field, spelled] of Object.entries(p.columns)) {
    const header = findHeader(headers, spelled);
    if (header !== null) fields[field] = header;
  }
  const keep = <T>(table: Record<string, T> | undefined) =>
    table ? Object.fromEntries(Object.entries(table).filter(([f]) => f in fields)) : undefined;
  const values = keep(p.values);
  const scale = keep(p.scale);
  return {
    fields,
    ...(p.options ? { options: p.options } : {}),
    ...(values && Object.keys(values).length > 0 ? { values } : {}),
    ...(p.constants ? { constants: p.constants } : {}),
    ...(scale && Object.keys(scale).length > 0 ? { scale } : {}),
  };
}

/** The preset's part for a kind, or null when it does not import that kind. */
export function presetKind(preset: ImportPreset, kind: ImportKind): PresetKind | null {
  return preset.kinds.find((k) => k.kind === kind) ?? null;
}

/** Does the file's header row carry every column of the preset's signature? */
function matchesSignature(p: PresetKind, headers: readonly string[]): boolean {
  return p.signature.length > 0 && p.signature.every((s) => findHeader(headers, s) !== null);
}

export type Detection = { preset: ImportPreset; part: PresetKind } | { preset: null; candidates: string[] };

/**
 * The preset whose export this header row is, for this kind: found when exactly one preset's
 * signature matches. Several matching is ambiguous (no preset, and their names); none, none.
 */
export function detectPreset(
  kind: ImportKind,
  headers: readonly string[],
  presets: readonly ImportPreset[] = IMPORT_PRESETS,
): Detection {
  const found = presets.flatMap((preset) => {
    const part = presetKind(preset, kind);
    return part && matchesSignature(part, headers) ? [{ preset, part }] : [];
  });
  if (found.length === 1) return found[0]!;
  return { preset: null, candidates: found.map((f) => f.preset.name) };
}

/** How an import's mapping was chosen: by hand, a named preset, a detected preset, or the headers' names. */
export type MappingSource = 'mapping' | 'preset' | 'detected' | 'guessed';

export interface ChosenMapping {
  mapping: ImportMapping;
  /** The preset used (named or detected), else null. */
  preset: string | null;
  source: MappingSource;
  /** What a person should know about the choice (an ambiguous header row), else null. */
  note: string | null;
}

/**
 * The mapping an import of this file uses: the hand mapping when given, else the named preset's,
 * else the preset the header row is recognised as, else a guess from the headers' names. A named
 * preset that does not import the kind is a problem (a string), not a mapping.
 */
export function chooseMapping(
  kind: ImportKind,
  headers: readonly string[],
  choice: { mapping?: ImportMapping; preset?: ImportPreset; presets?: readonly ImportPreset[] },
): ChosenMapping | { problem: string } {
  if (choice.mapping) return { mapping: choice.mapping, preset: null, source: 'mapping', note: null };
  if (choice.preset) {
    const part = presetKind(choice.preset, kind);
    if (!part) {
      return {
        problem: `${choice.preset.name} does not import ${kind} (it imports ${presetKinds(choice.preset).join(', ')})`,
      };
    }
    return {
      mapping: presetMapping(part, headers),
      preset: choice.preset.name,
      source: 'preset',
      note: null,
    };
  }
  const detected = detectPreset(kind, headers, choice.presets);
  if (detected.preset) {
    return {
      mapping: presetMapping(detected.part, headers),
      preset: detected.preset.name,
      source: 'detected',
      note: `recognised as ${detected.preset.system} ${detected.preset.name}`,
    };
  }
  return {
    mapping: guessMapping(kind, headers),
    preset: null,
    source: 'guessed',
    note:
      detected.candidates.length > 1
        ? `the header row fits several presets (${detected.candidates.join(', ')}): name one to use it`
        : null,
  };
}

/** The kinds a preset imports, for listings. */
export function presetKinds(preset: ImportPreset): ImportKind[] {
  return preset.kinds.map((k) => k.kind);
}

/** Every field a preset maps exists for its kind (a guard the tests and the saved mappings use). */
export function unknownPresetFields(p: PresetKind): string[] {
  const fields = IMPORT_FIELDS[p.kind] as Record<string, unknown>;
  return [
    ...Object.keys(p.columns),
    ...Object.keys(p.values ?? {}),
    ...Object.keys(p.constants ?? {}),
    ...Object.keys(p.scale ?? {}),
  ].filter((f) => !(f in fields));
}
