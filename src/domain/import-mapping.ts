// CSV import, the pure part: which fields each kind has, how a file's columns map onto them, and
// how one row's text becomes typed values or the reasons it cannot. A preset is just a named
// ImportMapping (columns plus value options such as a date format).
import { DateTime } from 'luxon';
import { accountDomainFromWebsite } from './email-domain.js';
import { normalizeCountry } from './country.js';
import { isCurrencyCode } from './opportunities.js';

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
type FieldType =
  'text' | 'email' | 'int' | 'number' | 'date' | 'country' | 'domain' | 'currency' | 'month' | 'probability';

interface FieldSpec {
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

/** How values are read: a preset sets these for its system's export. */
export interface ValueOptions {
  /** More luxon formats, tried in order after `dateFormat` (an export mixes dates and date-times). */
  dateFormats?: string[];
  /** A luxon format for dates that are not ISO 8601 (e.g. `dd/MM/yyyy`); ISO is always accepted. */
  dateFormat?: string;
  /** The decimal separator of numbers (`.` by default; the other of `.`/`,` is a thousands separator). */
  decimalSeparator?: '.' | ',';
  /**
   * The CRM the file comes from: opportunities' record ids are unique per system, and CRM status
   * changes are mapped by the agreement per system. `other` when unset.
   */
  crmSystem?: 'salesforce' | 'hubspot' | 'other';
  /**
   * Opportunities: a file's stage wording → an opportunity stage of the agreement, or `won`, `lost`,
   * `open` (its first stage of that outcome). Compared case-insensitively; a value not listed must
   * be a stage of the agreement or plain won/lost/open wording ("Closed Won", "Lost"…).
   */
  stages?: Record<string, string>;
}

/** Target field ← source column (the header text as in the file), plus how to read values. */
export interface ImportMapping {
  fields: Record<string, string>;
  options?: ValueOptions;
  /**
   * Per field, how the export's values translate (a CRM's wording into Tandem's): the cell,
   * trimmed and compared case-insensitively, → the value read instead; `*` for any other
   * non-empty cell (an empty translation reads as empty). Cells not listed are read as they are.
   */
  values?: Record<string, Record<string, string>>;
  /** Per field, a value every row gets: what the export implies (a closed-deals file's stage). */
  constants?: Record<string, string>;
  /** Per numeric field, a factor its values are multiplied by (revenue given in millions: 1e6). */
  scale?: Record<string, number>;
}

export interface RowProblem {
  /** The source column, or null when the row as a whole is at fault (too few columns, a duplicate). */
  column: string | null;
  value: string | null;
  reason: string;
}

const normalise = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

/** The field names of a kind, and, per normalised spelling, the field it means. */
function spellings(kind: ImportKind): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, spec] of Object.entries(IMPORT_FIELDS[kind]) as [string, FieldSpec][]) {
    out.set(normalise(field), field);
    out.set(normalise(field.replace(/([A-Z])/g, ' $1')), field);
    for (const a of spec.aliases) out.set(normalise(a), field);
  }
  return out;
}

/** The mapping a file gets with no hand mapping: each header that names a field (or an alias) maps to it. */
export function guessMapping(kind: ImportKind, headers: readonly string[]): ImportMapping {
  const known = spellings(kind);
  const fields: Record<string, string> = {};
  for (const header of headers) {
    const field = known.get(normalise(header));
    if (field && !(field in fields)) fields[field] = header;
  }
  return { fields };
}

/**
 * What is wrong with a mapping for this file, as file-level problems: an unknown target field, a
 * source column the file lacks, or a required field with no column.
 */
export function checkMapping(kind: ImportKind, mapping: ImportMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  const fields = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  for (const [field, column] of Object.entries(mapping.fields)) {
    if (!(field in fields)) problems.push(`mapping: "${field}" is not a field of ${kind}`);
    else if (!headers.includes(column)) problems.push(`${field}: the file has no column "${column}"`);
  }
  for (const part of ['values', 'constants', 'scale'] as const) {
    for (const field of Object.keys(mapping[part] ?? {})) {
      if (!(field in fields)) problems.push(`mapping: "${field}" (${part}) is not a field of ${kind}`);
    }
  }
  for (const oneOf of REQUIRED_FIELDS[kind]) {
    if (!oneOf.some((f) => mapping.fields[f] !== undefined || mapping.constants?.[f] !== undefined)) {
      problems.push(
        `missing required column: ${oneOf.join(' or ')} (map a column to ${oneOf.length > 1 ? 'one of them' : 'it'})`,
      );
    }
  }
  return problems;
}

export type FieldValue = string | number | Date | null;
export type MappedRow = Record<string, FieldValue>;

const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;
const MAX_TEXT = 1000;

function readNumber(raw: string, options: ValueOptions): number | null {
  const decimal = options.decimalSeparator ?? '.';
  const thousands = decimal === '.' ? ',' : '.';
  const s = raw
    .replace(/[\s\u00a0]/g, '')
    .split(thousands)
    .join('')
    .replace(decimal, '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** `2024-03-14`, `2024-03-14 09:21`, `2024-03-14T09:21:05.123Z`: the shapes exports use most, in UTC. */
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?)?$/;

/** The common shapes without luxon (a tenth of its cost); null sends anything else to luxon. */
function readPlainDate(raw: string): Date | null {
  const m = PLAIN_DATE.exec(raw);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m.slice(1);
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const t = new Date(Date.UTC(...parts, Number(ms.padEnd(3, '0'))));
  // 2024-02-30 or 25:00 roll over in Date.UTC: only a date that reads back the same is one.
  const back = [
    t.getUTCFullYear(),
    t.getUTCMonth(),
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  ];
  return back.every((v, i) => v === parts[i]) ? t : null;
}

function readDate(raw: string, options: ValueOptions): Date | null {
  const plain = readPlainDate(raw);
  if (plain) return plain.getUTCFullYear() < 1900 ? null : plain;
  let d = DateTime.fromISO(raw, { zone: 'utc' });
  if (!d.isValid) d = DateTime.fromSQL(raw, { zone: 'utc' });
  if (!d.isValid && options.dateFormat) d = DateTime.fromFormat(raw, options.dateFormat, { zone: 'utc' });
  for (const format of options.dateFormats ?? []) {
    if (d.isValid) break;
    d = DateTime.fromFormat(raw, format, { zone: 'utc' });
  }
  if (!d.isValid || d.year < 1900 || d.year > 9999) return null;
  return d.toJSDate();
}

/** One field's value from its cell, or the reason it cannot be read. Empty cells are null. */
export function readValue(
  type: FieldType,
  raw: string,
  options: ValueOptions,
): { value: FieldValue } | { reason: string } {
  const s = raw.trim();
  if (s === '') return { value: null };
  if (s.length > MAX_TEXT) return { reason: `is longer than ${MAX_TEXT} characters` };
  switch (type) {
    case 'text':
      return { value: s };
    case 'email':
      return EMAIL.test(s) ? { value: s.toLowerCase() } : { reason: 'is not an e-mail address' };
    case 'int': {
      const n = readNumber(s, options);
      if (n === null || !Number.isInteger(n)) return { reason: 'is not a whole number' };
      if (n < 0 || n > 2_000_000_000) return { reason: 'is out of range (0 to 2,000,000,000)' };
      return { value: n };
    }
    case 'number': {
      const n = readNumber(s, options);
      if (n === null) return { reason: 'is not a number' };
      if (n < 0) return { reason: 'must not be negative' };
      return { value: n };
    }
    case 'date': {
      const d = readDate(s, options);
      return d
        ? { value: d }
        : {
            reason: `is not a date (${['ISO 8601', ...(options.dateFormat ? [options.dateFormat] : []), ...(options.dateFormats ?? [])].join(' or ')} expected)`,
          };
    }
    case 'country': {
      const iso = normalizeCountry(s);
      return iso ? { value: iso } : { reason: 'is not a country name or ISO 3166 code' };
    }
    case 'domain': {
      const domain = accountDomainFromWebsite(s);
      return domain ? { value: domain } : { reason: 'is not a domain or website' };
    }
    case 'currency': {
      const code = s.toUpperCase();
      return isCurrencyCode(code) ? { value: code } : { reason: 'is not an ISO 4217 currency code' };
    }
    case 'month': {
      const month = /^(\d{4})-(\d{2})$/.exec(s);
      if (month) {
        const m = Number(month[2]);
        const y = Number(month[1]);
        return m >= 1 && m <= 12 && y >= 1900 ? { value: s } : { reason: 'is not a month (YYYY-MM)' };
      }
      const d = readDate(s, options);
      return d ? { value: d.toISOString().slice(0, 7) } : { reason: 'is not a month (YYYY-MM or a date)' };
    }
    case 'probability': {
      const percent = s.endsWith('%');
      const n = readNumber(percent ? s.slice(0, -1) : s, options);
      if (n === null) return { reason: 'is not a number' };
      const p = percent || n > 1 ? n / 100 : n;
      return p >= 0 && p <= 1 ? { value: p } : { reason: 'must be between 0 and 1 (or 0% and 100%)' };
    }
  }
}

/** A mapping bound to a file's header row: per field, its column's index. */
export interface BoundMapping {
  kind: ImportKind;
  headers: readonly string[];
  columns: readonly BoundColumn[];
  options: ValueOptions;
}

interface BoundColumn {
  field: string;
  /** The source column, or for a constant `(field = value)`. */
  column: string;
  /** The column's index in the row, or -1 for a constant. */
  index: number;
  type: FieldType;
  constant?: string;
  /** The translation of values, its keys normalised (trimmed, lower case). */
  values?: ReadonlyMap<string, string>;
  scale?: number;
}

export function bindMapping(
  kind: ImportKind,
  mapping: ImportMapping,
  headers: readonly string[],
): BoundMapping {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  const extras = (field: string): Partial<BoundColumn> => {
    const table = mapping.values?.[field];
    const scale = mapping.scale?.[field];
    return {
      ...(table
        ? { values: new Map(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v])) }
        : {}),
      ...(scale !== undefined ? { scale } : {}),
    };
  };
  const columns: BoundColumn[] = Object.entries(mapping.fields).flatMap(([field, column]) => {
    const spec = specs[field];
    const index = headers.indexOf(column);
    return spec && index >= 0 ? [{ field, column, index, type: spec.type, ...extras(field) }] : [];
  });
  for (const [field, constant] of Object.entries(mapping.constants ?? {})) {
    const spec = specs[field];
    if (spec && !(field in mapping.fields)) {
      columns.push({ field, column: `(${field} = ${constant})`, index: -1, type: spec.type, constant });
    }
  }
  return { kind, headers, columns, options: mapping.options ?? {} };
}

/** A cell through a value table: its translation, else the table's `*` for any other value, else itself. */
function translate(table: ReadonlyMap<string, string>, raw: string): string {
  const key = raw.trim().toLowerCase();
  if (key === '') return raw;
  return table.get(key) ?? table.get('*') ?? raw;
}

/**
 * One row of the file as typed fields, or every reason it is refused (each naming its column).
 * A row with fewer cells than the header row is refused as a whole: it was most likely cut short.
 */
export function mapRow(
  bound: BoundMapping,
  cells: readonly string[],
): { ok: true; row: MappedRow } | { ok: false; problems: RowProblem[] } {
  if (cells.length < bound.headers.length) {
    return {
      ok: false,
      problems: [
        {
          column: null,
          value: null,
          reason: `has ${cells.length} of ${bound.headers.length} columns (cut short?)`,
        },
      ],
    };
  }
  const row: MappedRow = {};
  const problems: RowProblem[] = [];
  for (const c of bound.columns) {
    const raw = c.index >= 0 ? (cells[c.index] ?? '') : (c.constant ?? '');
    const read = readValue(c.type, c.values ? translate(c.values, raw) : raw, bound.options);
    if ('reason' in read)
      problems.push({ column: c.column, value: raw, reason: `${c.field} ${read.reason}` });
    else
      row[c.field] =
        c.scale !== undefined && typeof read.value === 'number'
          ? Number((read.value * c.scale).toPrecision(15))
          : read.value;
  }
  if (problems.length === 0) {
    for (const oneOf of REQUIRED_FIELDS[bound.kind]) {
      if (oneOf.every((f) => row[f] === null || row[f] === undefined)) {
        const column = bound.columns.find((c) => c.field === oneOf[0])?.column ?? null;
        problems.push({ column, value: '', reason: `${oneOf.join(' or ')} is required` });
      }
    }
    // Without a key a second import could not find the record again, and would duplicate it.
    if (problems.length === 0 && matchKey(bound.kind, row) === null) {
      problems.push({
        column: null,
        value: null,
        reason: `needs ${KEY_WORDING[bound.kind]} to be matched on re-import`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, row };
}

const KEY_WORDING: Record<ImportKind, string> = {
  leads: 'an e-mail or a record id',
  accounts: 'a domain or a record id',
  opportunities: 'a record id, or a name and an account or lead',
  activities: 'a record id, or a lead, an event and a date',
  'stage-changes': 'a lead, a stage and a date',
  'crm-status': 'a lead, a status and a date',
  spend: 'a channel and a month',
  reps: 'a name or an e-mail',
};

const str = (v: FieldValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
const iso = (v: FieldValue | undefined): string | null => (v instanceof Date ? v.toISOString() : null);

/** The lead a row names: `e:<e-mail>`, else `x:<record id>`. */
export function leadReference(row: MappedRow): string | null {
  const email = str(row.leadEmail);
  if (email) return `e:${email}`;
  const external = str(row.leadExternalId);
  return external ? `x:${external}` : null;
}

/** The account an opportunity row names: by record id, else domain, else name (lower-cased). */
export function accountReference(row: MappedRow): string | null {
  const external = str(row.accountExternalId);
  if (external) return `x:${external}`;
  const domain = str(row.accountDomain);
  if (domain) return `d:${domain}`;
  const name = str(row.accountName);
  return name ? `n:${name.toLowerCase()}` : null;
}

/**
 * The key a row is matched on (two rows with one key are the same record). Leads and accounts: the
 * CRM's record id, else the e-mail or the domain. Opportunities: the record id, else the name under
 * its account (or lead). Activities: the record id, else (lead, event, time). Stage changes and CRM
 * status changes: (lead, stage or status, time). Spend: (channel, month).
 */
export function matchKey(kind: ImportKind, row: MappedRow): string | null {
  const external = str(row.externalId);
  switch (kind) {
    case 'leads':
    case 'accounts': {
      if (external) return `x:${external}`;
      const second = kind === 'leads' ? row.email : row.domain;
      return typeof second === 'string' ? `${kind === 'leads' ? 'e' : 'd'}:${second}` : null;
    }
    case 'opportunities': {
      if (external) return `x:${external}`;
      const owner = accountReference(row) ?? leadReference(row);
      const name = str(row.name);
      return owner && name ? `n:${owner}|${name.toLowerCase()}` : null;
    }
    case 'activities': {
      if (external) return `x:${external}`;
      const lead = leadReference(row);
      const event = str(row.event);
      const at = iso(row.at);
      return lead && event && at ? `k:${lead}|${event}|${at}` : null;
    }
    case 'stage-changes':
    case 'crm-status': {
      const lead = leadReference(row);
      const what = str(kind === 'stage-changes' ? row.stage : row.status);
      const at = iso(row.at);
      return lead && what && at ? `k:${lead}|${what}|${at}` : null;
    }
    case 'reps': {
      const email = str(row.email);
      const name = str(row.name);
      return email ? `e:${email}` : name ? `n:${name.toLowerCase()}` : null;
    }
    case 'spend': {
      const channel = str(row.channel);
      const month = str(row.month);
      return channel && month ? `k:${channel.toLowerCase()}|${month}` : null;
    }
  }
}

/** Is this field a stage date (a historical move, not a column of the record)? */
export function isStageDateField(kind: ImportKind, field: string): boolean {
  return (IMPORT_FIELDS[kind] as Record<string, FieldSpec>)[field]?.stageDate !== undefined;
}

/** The stage each stage-date field of the kind stands for. */
export function stageDateFields(kind: ImportKind): [field: string, stage: string][] {
  return Object.entries(IMPORT_FIELDS[kind] as Record<string, FieldSpec>).flatMap(([f, spec]) =>
    spec.stageDate ? [[f, spec.stageDate] as [string, string]] : [],
  );
}

/**
 * The fields a row sets on an existing record; create-only fields are left as they are, and stage
 * dates are history, not columns.
 */
export function updatableFields(kind: ImportKind, row: MappedRow): MappedRow {
  const specs = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  return Object.fromEntries(
    Object.entries(row).filter(([f]) => !specs[f]?.createOnly && !specs[f]?.stageDate),
  );
}

const same = (a: unknown, b: unknown): boolean => {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return (a ?? null) === (b ?? null);
};

/** The fields of `row` that differ from the stored record: empty means the row changes nothing. */
export function changedFields(
  kind: ImportKind,
  row: MappedRow,
  existing: Readonly<Record<string, unknown>>,
): MappedRow {
  return Object.fromEntries(
    Object.entries(updatableFields(kind, row)).filter(([f, v]) => !same(v, existing[f])),
  );
}
