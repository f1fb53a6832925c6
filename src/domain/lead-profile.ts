// The attributes of a lead (and its account) that agreement rules can look at: fit, routing, SLAs.

export const TITLE_FUNCTIONS = [
  'marketing',
  'sales',
  'engineering',
  'finance',
  'operations',
  'it',
  'executive',
  'other',
] as const;
export type TitleFunction = (typeof TITLE_FUNCTIONS)[number];

export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual_contributor'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const EMAIL_DOMAIN_TYPES = ['business', 'free'] as const;
export type EmailDomainType = (typeof EMAIL_DOMAIN_TYPES)[number];

export const REGIONS = ['AMER', 'EMEA', 'APAC', 'LATAM'] as const;
export type Region = (typeof REGIONS)[number];

/** What rules see of a lead: its own fields, falling back to its account's firmographics. */
export interface LeadProfile {
  email: string | null;
  emailDomain: string | null;
  emailDomainType: EmailDomainType | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  titleFunction: TitleFunction | null;
  titleSeniority: Seniority | null;
  company: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  region: Region | null;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  traits: Record<string, unknown>;
}

export function emptyLeadProfile(): LeadProfile {
  return {
    email: null,
    emailDomain: null,
    emailDomainType: null,
    firstName: null,
    lastName: null,
    title: null,
    titleFunction: null,
    titleSeniority: null,
    company: null,
    industry: null,
    employees: null,
    annualRevenue: null,
    country: null,
    region: null,
    source: null,
    medium: null,
    campaign: null,
    traits: {},
  };
}
