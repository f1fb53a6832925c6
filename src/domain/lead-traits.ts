// Segment identify traits (and a message's UTM campaign) → a lead's fields, and those fields → its profile.
import { normalizeCountry, regionOf } from './country.js';
import { classifyEmailDomain, accountDomainFromWebsite, emailDomain } from './email-domain.js';
import { normalizeTitle } from './job-title.js';
import type { LeadProfile } from './lead-profile.js';
import { parseIsoTimestamp } from './segment-spec.js';

/** What a lead's own record holds, as sources (traits, CSV rows, forms) supply it. */
export interface LeadFields {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  company: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  phone: string | null;
  website: string | null;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  /** When the person signed up in the source system, ISO-8601 UTC. */
  createdAt: string | null;
}

export interface MappedTraits {
  fields: Partial<LeadFields>;
  /** Everything not mapped onto a field: the lead's JSON bag of traits. */
  extra: Record<string, unknown>;
}

/*
 * Trait names are matched ignoring case, `_`, `-` and spaces, so `firstName`, `first_name` and
 * `First Name` are one trait; the first spelling listed wins when several are present. Segment's
 * reserved traits come first, then spellings forms and CRMs commonly use.
 */
const ALIASES = {
  email: ['email', 'emailaddress'],
  firstName: ['firstname', 'givenname', 'fname'],
  lastName: ['lastname', 'surname', 'familyname', 'lname'],
  name: ['name', 'fullname'],
  title: ['title', 'jobtitle'],
  company: ['company', 'companyname', 'organization', 'organisation'],
  industry: ['industry'],
  employees: ['employees', 'employeecount', 'numberofemployees', 'companysize'],
  annualRevenue: ['annualrevenue'],
  country: ['country', 'countrycode'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone'],
  website: ['website', 'companywebsite'],
  createdAt: ['createdat', 'created', 'signedupat'],
  source: ['utmsource'],
  medium: ['utmmedium'],
  campaign: ['utmcampaign'],
} as const;
type Alias = keyof typeof ALIASES;

const traitKey = (key: string): string => key.toLowerCase().replace(/[\s_-]+/g, '');

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-blank string (numbers become strings); undefined otherwise. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

function parseNumber(digits: string, hasScale: boolean): number {
  // "1,000" and "1.000.000" are thousands; "1,5" is a decimal comma; "1.500" is 1500 unless scaled ("1.500M").
  if (digits.includes(',') && digits.includes('.')) return Number(digits.replace(/,/g, ''));
  if (/^\d{1,3}(,\d{3})+$/.test(digits)) return Number(digits.replace(/,/g, ''));
  if (!hasScale && /^\d{1,3}(\.\d{3})+$/.test(digits)) return Number(digits.replace(/\./g, ''));
  return Number(digits.replace(',', '.'));
}

/**
 * A head-count or an amount as people write it → one number, or null. Numbers pass through;
 * "1,200", "10k", "$1.5M", "€2 million" are read with their scale (currency is not converted);
 * a range "51-200" / "51 to 200" / "$1M-$5M" is its midpoint (125.5, 3,000,000), because a
 * bucket is all most forms collect and the midpoint keeps size rules like "employees ≥ 100" fair;
 * "10,001+" / "more than 500" is the lower bound; "<10" / "under 10" is half the bound.
 */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const input = value.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^-\s?\d/.test(input)) return null;
  const matches = [
    ...input.matchAll(/(\d+(?:[.,]\d+)*)\s?(thousand|million|billion|mm|mn|bn|[kmb])?(?![a-z])/g),
  ];
  const lastScale = matches[matches.length - 1]?.[2];
  const [low, high] = matches.slice(0, 2).map((m) => {
    const scale = m[2] ?? lastScale; // "5-10M" is 5M to 10M
    return parseNumber(m[1] ?? '', scale !== undefined) * (scale === undefined ? 1 : (SCALES[scale] ?? 1));
  });
  if (low === undefined || Number.isNaN(low)) return null;
  const isRange = /\d\s?[a-z]*\s?(-|–|—|to)\s?\D{0,2}\d/.test(input);
  if (isRange && high !== undefined && !Number.isNaN(high)) return (low + high) / 2;
  if (/^(<|under|less than|up to|fewer than)/.test(input)) return low / 2;
  return low;
}

/** More people than any employer has: a larger "head-count" is not one (and would not fit the column). */
export const MAX_EMPLOYEES = 10_000_000;

/** A head-count as people write it (see parseQuantity), rounded; null when it is none or not believable. */
export function parseHeadCount(value: unknown): number | null {
  const n = parseQuantity(value);
  return n === null || !Number.isFinite(n) || Math.round(n) > MAX_EMPLOYEES ? null : Math.round(n);
}
/** The last moment an ISO-8601 string (and PostgreSQL's input) can spell with a four-digit year. */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A signup time as ISO-8601 UTC: ISO strings, or epoch seconds/milliseconds. */
function timestampText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const ms = value < 1e11 ? value * 1000 : value;
    return ms > MAX_TIME_MS ? undefined : new Date(ms).toISOString();
  }
  if (typeof value !== 'string') return undefined;
  return parseIsoTimestamp(value)?.toISOString();
}

/** A valid address, lower case, from "Jane <jane@acme.com>", "mailto:…" or a bare address. */
function emailAddress(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined || emailDomain(raw) === null) return undefined;
  return raw
    .replace(/^.*<([^<>]+)>$/, '$1')
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
}

function splitName(name: string): { first?: string; last?: string } {
  const comma = name.indexOf(',');
  if (comma > 0) return { last: text(name.slice(0, comma)), first: text(name.slice(comma + 1)) }; // "Gibbons, Peter"
  const [first, ...rest] = name.split(/\s+/);
  return { first, last: rest.length > 0 ? rest.join(' ') : undefined };
}

const isPresent = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined && value !== '';

interface Trait {
  key: string;
  value: unknown;
}

/**
 * Maps Segment's reserved identify traits onto lead fields. `company` may be a name or Segment's
 * company object (`name`, `industry`, `employee_count`; its other keys stay in `extra.company`);
 * `name` fills in whichever of first/last name is missing; `country` or `address.country` is
 * normalised to ISO alpha-2 (the address itself also stays in `extra`); UTM comes from
 * `context.campaign` (source, medium, name → campaign), else from `utm_*` traits. A value that
 * cannot be read (an invalid e-mail, an unknown country, "lots" employees) is not mapped and is
 * kept in `extra` under its own key, so nothing sent is lost. Blank and null values map to nothing.
 */
export function mapTraits(traits: Record<string, unknown>, context?: { campaign?: unknown }): MappedTraits {
  const entries = Object.entries(traits);
  const consumed = new Set<string>();
  const extra: Record<string, unknown> = {};
  /** The first present value among an alias's spellings; every spelling counts as consumed. */
  const take = (alias: Alias): Trait | undefined => {
    let found: Trait | undefined;
    for (const spelling of ALIASES[alias]) {
      for (const [key, value] of entries) {
        if (traitKey(key) !== spelling) continue;
        consumed.add(key);
        if (found === undefined && isPresent(typeof value === 'string' ? value.trim() : value))
          found = { key, value };
      }
    }
    return found;
  };
  const keepUnread = (trait: Trait | undefined): void => {
    if (trait !== undefined) extra[trait.key] = trait.value;
  };
  const fields: Partial<LeadFields> = {};
  /** First value wins: traits are read from the most to the least specific. */
  const set = <K extends keyof LeadFields>(key: K, value: LeadFields[K] | undefined): void => {
    if (isPresent(value) && fields[key] === undefined) fields[key] = value;
  };
  const read = <T>(trait: Trait | undefined, parse: (value: unknown) => T | undefined): T | undefined => {
    const parsed = trait === undefined ? undefined : parse(trait.value);
    if (parsed === undefined) keepUnread(trait);
    return parsed;
  };
  const quantity = (value: unknown): number | undefined => {
    const parsed = parseQuantity(value);
    return parsed === null || !Number.isFinite(parsed) ? undefined : Math.round(parsed);
  };
  const headCount = (value: unknown): number | undefined => parseHeadCount(value) ?? undefined;

  set('email', read(take('email'), emailAddress));
  set('firstName', text(take('firstName')?.value));
  set('lastName', text(take('lastName')?.value));
  const fullName = text(take('name')?.value);
  if (fullName !== undefined) {
    const { first, last } = splitName(fullName);
    set('firstName', first);
    set('lastName', last);
  }
  set('title', text(take('title')?.value));
  set('industry', text(take('industry')?.value));
  set('employees', read(take('employees'), headCount));
  set('annualRevenue', read(take('annualRevenue'), quantity));

  const company = take('company');
  if (company !== undefined && isPlainObject(company.value)) {
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(company.value)) {
      const normalized = traitKey(key);
      if (normalized === 'name') set('company', text(value));
      else if (normalized === 'industry') set('industry', text(value));
      else if (
        (normalized === 'employeecount' || normalized === 'employees') &&
        headCount(value) !== undefined
      )
        set('employees', headCount(value));
      else rest[key] = value;
    }
    if (Object.keys(rest).length > 0) extra[company.key] = rest;
  } else {
    set('company', text(company?.value));
  }

  set(
    'country',
    read(take('country'), (value) => normalizeCountry(text(value)) ?? undefined),
  );
  const address = entries.find(([key]) => traitKey(key) === 'address')?.[1];
  if (isPlainObject(address)) set('country', normalizeCountry(text(address.country)) ?? undefined);

  set('phone', text(take('phone')?.value));
  set(
    'website',
    read(take('website'), (value) =>
      accountDomainFromWebsite(text(value)) === null ? undefined : text(value),
    ),
  );
  set('createdAt', read(take('createdAt'), timestampText));

  // context.campaign describes this very call; utm_* traits (a form's hidden fields) are the fallback
  // and, when not needed, stay in extra.
  const campaign = isPlainObject(context?.campaign) ? context.campaign : {};
  const utm = (alias: Alias, fromContext: unknown): string | undefined =>
    text(fromContext) ?? text(take(alias)?.value);
  set('source', utm('source', campaign.source));
  set('medium', utm('medium', campaign.medium));
  set('campaign', utm('campaign', campaign.name));

  for (const [key, value] of entries) {
    if (!consumed.has(key) && !(key in extra) && isPresent(value)) extra[key] = value;
  }
  return { fields, extra };
}

/** Deep merge of a lead's trait bag: later values win; null, undefined and '' never erase. */
function mergeTraits(base: Record<string, unknown>, later: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(later)) {
    if (key === '__proto__' || value === null || value === undefined || value === '') continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeTraits(current, value) : value;
  }
  return out;
}

const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'industry',
  'employees',
  'annualRevenue',
  'source',
  'medium',
  'campaign',
] as const satisfies ReadonlyArray<keyof LeadFields & keyof LeadProfile>;

/**
 * A profile with newer fields applied: a non-empty value overwrites, an absent one (missing, null,
 * '') never erases. Derived attributes follow their source: the e-mail's domain and whether it
 * is free mail, the title's function and seniority, the country's region. An e-mail that is not
 * an address and a country that is not one are ignored rather than replacing good values.
 * `phone`, `website` and `createdAt` are not part of a profile; callers store them from `fields`.
 */
export function applyLeadFields(
  profile: LeadProfile,
  fields: Partial<LeadFields>,
  extra: Record<string, unknown>,
): LeadProfile {
  const next: LeadProfile = { ...profile, traits: mergeTraits(profile.traits, extra) };
  for (const key of PROFILE_FIELDS) {
    const value = fields[key];
    if (isPresent(value)) Object.assign(next, { [key]: value });
  }
  const email = fields.email?.trim().toLowerCase();
  const domain = emailDomain(email);
  if (isPresent(email) && domain !== null) {
    next.email = email;
    next.emailDomain = domain;
    next.emailDomainType = classifyEmailDomain(domain);
  }
  const title = normalizeTitle(fields.title);
  if (isPresent(fields.title) && title !== null) {
    next.title = fields.title.trim();
    next.titleFunction = title.function;
    next.titleSeniority = title.seniority;
  }
  const country = normalizeCountry(fields.country);
  if (country !== null) {
    next.country = country;
    next.region = regionOf(country);
  }
  return next;
}
