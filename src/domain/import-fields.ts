// CSV import: the kinds of file Tandem imports, the fields each kind has (with the header spellings
// that map onto them unasked) and the fields a kind cannot do without. Pure data.
export const IMPORT_KINDS = [
  'leads',
  'accounts',
  'opportunities',
  'activities',
  'stage-changes',
  'crm-status',
  'spend',
  'reps',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * How a cell is read. `currency`: an ISO 4217 code (upper-cased); `month`: `YYYY-MM` or a date, kept
 * as `YYYY-MM`; `probability`: 0–1, or a percentage (`25%`, or a number above 1 read as percent).
 */
export type FieldType =
  'text' | 'email' | 'int' | 'number' | 'date' | 'country' | 'domain' | 'currency' | 'month' | 'probability';

export interface FieldSpec {
  type: FieldType;
  /** Other header spellings that map to this field without a hand mapping (compared normalised). */
  aliases: readonly string[];
  /** Only set when the record is created (a record's creation date never moves on re-import). */
  createOnly?: boolean;
  /**
   * Not a column of the record: a lifecycle stage the lead entered at this date (HubSpot's
   * "Became a … Date"), written as a historical transition through the lifecycle engine.
   */
  stageDate?: 'lead' | 'mql' | 'pql' | 'sal' | 'sql' | 'opportunity' | 'customer';
}

const text = (...aliases: string[]): FieldSpec => ({ type: 'text', aliases });
const became = (stage: NonNullable<FieldSpec['stageDate']>, ...aliases: string[]): FieldSpec => ({
  type: 'date',
  aliases,
  stageDate: stage,
});

/** Which lead a row of activities, stage changes or CRM status changes is about: e-mail or record id. */
const LEAD_REFERENCE = {
  leadEmail: {
    type: 'email',
    aliases: ['email', 'e-mail', 'email address', 'contact email', 'lead email', 'contact e-mail'],
  },
  leadExternalId: text('lead id', 'contact id', 'lead record id', 'contact record id', 'leadid', 'contactid'),
} as const satisfies Record<string, FieldSpec>;

/** Every field an import can set, per kind. Keys are the store's field names. */
export const IMPORT_FIELDS = {
  leads: {
    externalId: text('record id', 'id', 'contact id', 'lead id', 'crm id'),
    email: { type: 'email', aliases: ['e-mail', 'email address', 'e-mail address', 'mail'] },
    firstName: text('first name', 'firstname', 'given name'),
    lastName: text('last name', 'lastname', 'surname', 'family name'),
    title: text('job title', 'jobtitle', 'position'),
    company: text('company name', 'organization', 'organisation', 'account name'),
    industry: text(),
    employees: { type: 'int', aliases: ['number of employees', 'employee count', 'numberofemployees'] },
    annualRevenue: { type: 'number', aliases: ['annual revenue', 'revenue'] },
    country: { type: 'country', aliases: ['country/region', 'country code'] },
    phone: text('phone number', 'mobile'),
    website: text('website url', 'url'),
    source: text('lead source', 'leadsource', 'original source'),
    medium: text('utm medium'),
    campaign: text('utm campaign', 'campaign name'),
    createdAt: {
      type: 'date',
      aliases: ['create date', 'created date', 'createddate', 'created'],
      createOnly: true,
    },
    // HubSpot's lifecycle dates: each a historical transition into that stage, in stage order.
    becameLeadAt: became('lead', 'became a lead date', 'became lead date'),
    becameMqlAt: became(
      'mql',
      'became a marketing qualified lead date',
      'became an mql date',
      'became mql date',
      'mql date',
    ),
    becamePqlAt: became('pql', 'became a product qualified lead date', 'became a pql date', 'pql date'),
    becameSalAt: became('sal', 'became a sales accepted lead date', 'became a sal date', 'sal date'),
    becameSqlAt: became(
      'sql',
      'became a sales qualified lead date',
      'became an sql date',
      'became sql date',
      'sql date',
    ),
    becameOpportunityAt: became('opportunity', 'became an opportunity date', 'became opportunity date'),
    becameCustomerAt: became('customer', 'became a customer date', 'became customer date'),
  },
  accounts: {
    externalId: text('record id', 'id', 'company id', 'account id', 'crm id'),
    name: text('company name', 'account name', 'company', 'organization'),
    domain: { type: 'domain', aliases: ['company domain name', 'website', 'website url', 'url'] },
    industry: text(),
    employees: { type: 'int', aliases: ['number of employees', 'employee count', 'numberofemployees'] },
    annualRevenue: { type: 'number', aliases: ['annual revenue', 'revenue'] },
    country: { type: 'country', aliases: ['country/region', 'country code', 'billingcountry'] },
    createdAt: {
      type: 'date',
      aliases: ['create date', 'created date', 'createddate', 'created'],
      createOnly: true,
    },
  },
  opportunities: {
    externalId: text('record id', 'id', 'deal id', 'opportunity id', 'opportunityid', 'crm id'),
    name: text('deal name', 'dealname', 'opportunity name', 'opportunityname', 'opportunity'),
    // The account: by its record id, else its domain, else its name (created when missing).
    accountExternalId: text('account id', 'accountid', 'company id', 'associated company id'),
    accountDomain: {
      type: 'domain',
      aliases: ['company domain name', 'account domain', 'domain', 'website', 'account website'],
    },
    accountName: text('account name', 'account', 'company', 'company name', 'associated company'),
    // The lead that produced it (optional): by e-mail, else record id.
    leadEmail: {
      type: 'email',
      aliases: ['email', 'e-mail', 'contact email', 'lead email', 'associated contact email'],
    },
    leadExternalId: text('lead id', 'contact id', 'associated contact id', 'leadid', 'contactid'),
    amount: { type: 'number', aliases: ['deal amount', 'value', 'deal value', 'close value', 'revenue'] },
    currency: { type: 'currency', aliases: ['currency code', 'currencyisocode', 'deal currency code'] },
    /** An opportunity stage of the agreement, or won/lost/open wording (see ValueOptions.stages). */
    stage: text('deal stage', 'dealstage', 'stagename', 'stage name', 'opportunity stage'),
    probability: { type: 'probability', aliases: ['deal probability', 'probability (%)', 'win probability'] },
    closeDate: {
      type: 'date',
      aliases: ['close date', 'closedate', 'expected close date', 'close_date', 'closed date'],
    },
    /** A member of the workspace: e-mail, or name as shown. An unknown owner refuses the row. */
    owner: text('deal owner', 'opportunity owner', 'owner email', 'owner name', 'ownerid', 'owner id'),
    source: text('deal source', 'lead source', 'leadsource', 'original source', 'source channel'),
    /** What is sold, as the CRM names it (reports break deals down by it). */
    product: text('product name', 'item', 'plan', 'sku'),
    createdAt: {
      type: 'date',
      aliases: ['create date', 'created date', 'createddate', 'created'],
      createOnly: true,
    },
  },
  activities: {
    externalId: text('event id', 'activity id', 'message id', 'messageid', 'record id', 'id'),
    ...LEAD_REFERENCE,
    /** The event's name (as a tracked event: "Webinar Attended", "Demo Requested", "page"…). */
    event: text('event name', 'type', 'event type', 'activity', 'activity type', 'name'),
    at: {
      type: 'date',
      aliases: ['timestamp', 'date', 'time', 'occurred at', 'event date', 'activity date', 'created at'],
    },
    path: text('page path', 'url path', 'page', 'url', 'page url'),
    asset: text('content', 'asset name', 'content name', 'document'),
    campaign: text('utm campaign', 'campaign name'),
  },
  'stage-changes': {
    ...LEAD_REFERENCE,
    /** A lifecycle stage: its key (`mql`), its name in the agreement, or a CRM's label ("Marketing Qualified Lead"). */
    stage: text('lifecycle stage', 'lifecyclestage', 'to stage', 'new stage', 'stage name'),
    at: { type: 'date', aliases: ['date', 'timestamp', 'changed at', 'occurred at', 'entered at'] },
    reason: text('note', 'comment', 'why'),
  },
  'crm-status': {
    ...LEAD_REFERENCE,
    /** The CRM's status; the agreement maps it to a stage (as the CRM webhook does). */
    status: text('lead status', 'leadstatus', 'hs lead status', 'deal stage', 'stagename', 'new status'),
    at: { type: 'date', aliases: ['date', 'timestamp', 'changed at', 'occurred at', 'status date'] },
    /** salesforce, hubspot or other (the mapping's crmSystem option when no column). */
    system: text('crm', 'source system', 'crm system'),
    /** lead, contact or opportunity (lead when no column). */
    object: text('object type', 'record type', 'crm object'),
    amount: { type: 'number', aliases: ['deal amount', 'value', 'deal value', 'close value'] },
    currency: { type: 'currency', aliases: ['currency code', 'currencyisocode'] },
    closeDate: { type: 'date', aliases: ['close date', 'closedate', 'close_date'] },
    reason: text('lost reason', 'loss reason', 'closed lost reason', 'disqualification reason', 'note'),
  },
  spend: {
    channel: text('source', 'utm source', 'marketing channel', 'channel name', 'platform'),
    month: { type: 'month', aliases: ['date', 'period', 'month start', 'year month'] },
    amount: { type: 'number', aliases: ['spend', 'cost', 'amount spent', 'budget', 'spent'] },
    /** Optional: the campaign the spend was for (utm_campaign); without one, the channel's spend as a whole. */
    campaign: text('utm campaign', 'campaign name', 'utm_campaign'),
    /** Optional: the medium (utm_medium, e.g. cpc). */
    medium: text('utm medium', 'utm_medium', 'channel type'),
    /** Must be the workspace's currency (no conversion is made). */
    currency: { type: 'currency', aliases: ['currency code'] },
  },
  reps: {
    /** The rep's name as the CRM shows it (what an opportunity's owner column names). */
    name: text('sales agent', 'rep', 'sales rep', 'agent', 'full name', 'rep name'),
    /** Optional: without one the rep is a member who cannot sign in until an admin gives them an address. */
    email: { type: 'email', aliases: ['e-mail', 'email address', 'rep email', 'work email'] },
    /** The rep's team, by name (created when missing). */
    team: text('team name', 'sales team'),
    /** The team's manager, by e-mail or name (a member created when missing). */
    manager: text('sales manager', 'manager name', 'team manager', 'manager email'),
    /** The team's office or region: part of a new team's name (Tandem's teams have no office of their own). */
    office: text('regional office', 'region', 'office location'),
  },
} as const satisfies Record<ImportKind, Record<string, FieldSpec>>;

export type ImportField<K extends ImportKind = ImportKind> = keyof (typeof IMPORT_FIELDS)[K] & string;

/**
 * The columns a kind cannot do without. Each inner list is "one of": a lead needs an e-mail or the
 * CRM's record id (what it is matched on), an account needs a name.
 */
export const REQUIRED_FIELDS: Record<ImportKind, readonly (readonly string[])[]> = {
  leads: [['email', 'externalId']],
  accounts: [['name']],
  opportunities: [['externalId', 'name'], ['stage']],
  activities: [['leadEmail', 'leadExternalId'], ['event'], ['at']],
  'stage-changes': [['leadEmail', 'leadExternalId'], ['stage'], ['at']],
  'crm-status': [['leadEmail', 'leadExternalId'], ['status']],
  spend: [['channel'], ['month'], ['amount']],
  reps: [['name']],
};
