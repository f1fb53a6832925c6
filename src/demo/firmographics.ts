// Accounts (companies) with firmographics drawn from believable B2B distributions.
import { Weighted, integer, logNormal, pick, uniform } from './distributions.js';
import { type Random, randomFor } from './random.js';

export interface Account {
  index: number;
  /** The groupId analytics sends for it (the customer's own id for the company). */
  groupId: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  annualRevenue: number;
  /** ISO 3166-1 alpha-2 of the headquarters. */
  country: string;
  utcOffset: number;
}

/** Industries as enrichment vendors label them, weighted by how often they visit a B2B analytics vendor. */
export const INDUSTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Software', 20],
  ['Internet', 7],
  ['Financial Services', 9],
  ['Information Technology', 8],
  ['Healthcare', 8],
  ['Manufacturing', 8],
  ['Retail', 6],
  ['Marketing & Advertising', 6],
  ['Professional Services', 7],
  ['Education', 5],
  ['Media', 3],
  ['Logistics', 4],
  ['Real Estate', 2],
  ['Telecommunications', 2],
  ['Non-profit', 2],
  ['Government', 1.5],
  ['Energy', 1.5],
];
const INDUSTRY = new Weighted<string>(INDUSTRY_WEIGHTS);

const INDUSTRY_WORDS: Record<string, string[]> = {
  Software: ['Software', 'Labs', 'Cloud', 'Systems', ''],
  Internet: ['', 'Online', 'Digital', 'Web'],
  'Financial Services': ['Capital', 'Financial', 'Bank', 'Payments', 'Insurance'],
  'Information Technology': ['Technologies', 'Systems', 'Networks', 'IT'],
  Healthcare: ['Health', 'Medical', 'Care', 'Clinics'],
  Manufacturing: ['Industries', 'Manufacturing', 'Components', 'Materials'],
  Retail: ['Retail', 'Stores', 'Goods', 'Brands'],
  'Marketing & Advertising': ['Media', 'Agency', 'Creative', 'Marketing'],
  'Professional Services': ['Consulting', 'Partners', 'Advisory', 'Group'],
  Education: ['Learning', 'Academy', 'Education', 'University'],
  Media: ['Media', 'Studios', 'Publishing'],
  Logistics: ['Logistics', 'Freight', 'Shipping'],
  'Real Estate': ['Properties', 'Realty', 'Estates'],
  Telecommunications: ['Telecom', 'Communications', 'Mobile'],
  'Non-profit': ['Foundation', 'Trust', 'Alliance'],
  Government: ['Agency', 'Authority', 'Council'],
  Energy: ['Energy', 'Power', 'Renewables'],
};

/** Head-count buckets, as a share of companies that come to a mid-market B2B vendor. */
const SIZE_BUCKET = new Weighted<readonly [number, number]>([
  [[1, 10], 18],
  [[11, 50], 24],
  [[51, 200], 24],
  [[201, 1000], 18],
  [[1001, 5000], 10],
  [[5001, 50000], 6],
]);

/** Headquarters country: North America first, then Western Europe, then APAC and the rest. */
const COUNTRY = new Weighted<string>([
  ['US', 44],
  ['CA', 5],
  ['GB', 9],
  ['DE', 6],
  ['FR', 4],
  ['NL', 3],
  ['SE', 1.5],
  ['IE', 1.5],
  ['ES', 2],
  ['IT', 1.5],
  ['PL', 1],
  ['CH', 1],
  ['AU', 3.5],
  ['SG', 2],
  ['JP', 2],
  ['IN', 5],
  ['BR', 3],
  ['MX', 1.5],
  ['ZA', 1],
  ['AE', 1],
  ['IL', 1],
]);

/** Rough office-hours offset from UTC of each country (its main business centre). */
export const UTC_OFFSET: Record<string, number> = {
  US: -5,
  CA: -5,
  GB: 0,
  IE: 0,
  DE: 1,
  FR: 1,
  NL: 1,
  SE: 1,
  ES: 1,
  IT: 1,
  PL: 1,
  CH: 1,
  AU: 10,
  SG: 8,
  JP: 9,
  IN: 5.5,
  BR: -3,
  MX: -6,
  ZA: 2,
  AE: 4,
  IL: 2,
};

const TLD: Record<string, string[]> = {
  GB: ['.co.uk', '.com', '.io'],
  DE: ['.de', '.com', '.de'],
  FR: ['.fr', '.com'],
  NL: ['.nl', '.com'],
  AU: ['.com.au', '.com'],
  JP: ['.jp', '.com'],
  IN: ['.in', '.com', '.io'],
  BR: ['.com.br', '.com'],
  SE: ['.se', '.com'],
  ES: ['.es', '.com'],
  IT: ['.it', '.com'],
  CH: ['.ch', '.com'],
};

const PREFIX = [
  'North', 'Blue', 'Bright', 'Silver', 'Red', 'Green', 'Iron', 'Clear', 'True', 'Open',
  'Swift', 'Stone', 'Cedar', 'Maple', 'Oak', 'Pine', 'River', 'Summit', 'Harbor', 'Atlas',
  'Nova', 'Apex', 'Vertex', 'Quantum', 'Lumen', 'Polar', 'Solar', 'Crimson', 'Golden', 'Granite',
  'Copper', 'Cobalt', 'Amber', 'Echo', 'Pioneer', 'Beacon', 'Zenith', 'Orbit', 'Prism', 'Meridian',
  'Falcon', 'Eagle', 'Fox', 'Wolf', 'Bear', 'Lynx', 'Hawk', 'Raven', 'Sky', 'Cloud',
  'Signal', 'Vector', 'Pixel', 'Spark', 'Bold', 'Rapid', 'Nimble', 'Sharp', 'Kind', 'Tandy',
]; // prettier-ignore
const CORE = [
  'bridge', 'path', 'line', 'wave', 'point', 'field', 'stack', 'works', 'forge', 'gate',
  'lane', 'shift', 'loop', 'grid', 'scale', 'sense', 'flow', 'mark', 'base', 'light',
  'peak', 'port', 'ridge', 'side', 'view', 'way', 'well', 'wind', 'yard', 'craft',
  'hub', 'mind', 'leaf', 'root', 'rock', 'star', 'tide', 'vale', 'wood', 'beam',
]; // prettier-ignore
const BASE_NAMES = PREFIX.length * CORE.length; // 2,400
/** Domain stems beyond the first 2,400 accounts: the ways real companies got a taken name. */
const STEM_VARIANTS = ['', 'hq', 'get', 'app', 'try', 'go', 'use', 'the'];

/** Account `index` of the workspace generated from `seed`: always the same company. */
export function accountAt(seed: number, index: number): Account {
  const r = randomFor(seed, 'account', index);
  // A bijection on [0, 2400) so that consecutive accounts do not share a word.
  const base = (index * 1597 + 311) % BASE_NAMES;
  const round = Math.floor(index / BASE_NAMES);
  const prefix = PREFIX[base % PREFIX.length]!;
  const core = CORE[Math.floor(base / PREFIX.length)]!;
  const industry = INDUSTRY.draw(r);
  const word = pick(r, INDUSTRY_WORDS[industry] ?? ['']);
  const stem = (prefix + core).toLowerCase();
  const variant = STEM_VARIANTS[round % STEM_VARIANTS.length]!;
  const number = round >= STEM_VARIANTS.length ? String(Math.floor(round / STEM_VARIANTS.length) + 1) : '';
  const domainStem =
    variant === ''
      ? stem + number
      : ['get', 'try', 'go', 'use', 'the'].includes(variant)
        ? variant + stem + number
        : stem + variant + number;
  const country = COUNTRY.draw(r);
  const tld = pick(r, TLD[country] ?? ['.com', '.com', '.com', '.io', '.co']);
  const [low, high] = SIZE_BUCKET.draw(r);
  const employees = Math.round(Math.exp(uniform(r, Math.log(low), Math.log(high + 1))));
  return {
    index,
    groupId: `acc_${index.toString(36).padStart(5, '0')}`,
    name: `${prefix}${core}${word ? ` ${word}` : ''}`,
    domain: `${domainStem}${tld}`,
    industry,
    employees,
    annualRevenue: revenueOf(r, industry, employees),
    country,
    utcOffset: UTC_OFFSET[country] ?? 0,
  };
}

/** Revenue per employee differs by industry (software and finance high, education and retail low). */
const REVENUE_PER_EMPLOYEE: Record<string, number> = {
  Software: 210_000,
  Internet: 260_000,
  'Financial Services': 320_000,
  'Information Technology': 190_000,
  Healthcare: 140_000,
  Manufacturing: 230_000,
  Retail: 120_000,
  'Marketing & Advertising': 130_000,
  'Professional Services': 150_000,
  Education: 80_000,
  Media: 170_000,
  Logistics: 180_000,
  'Real Estate': 250_000,
  Telecommunications: 300_000,
  'Non-profit': 70_000,
  Government: 90_000,
  Energy: 500_000,
};

function revenueOf(r: Random, industry: string, employees: number): number {
  const perHead = logNormal(r, REVENUE_PER_EMPLOYEE[industry] ?? 150_000, 0.45);
  const revenue = employees * perHead;
  // Two significant figures, as enrichment data reports it.
  const magnitude = Math.pow(10, Math.max(0, Math.floor(Math.log10(revenue)) - 1));
  return Math.round(revenue / magnitude) * magnitude;
}

/**
 * Which account a person works for. Bigger companies have more people who look at vendors, so
 * an account is accepted with a probability that grows with its head-count (rejection sampling
 * over a uniform draw keeps this streaming: nothing is held per account).
 */
export function accountForPerson(seed: number, r: Random, accounts: number): Account {
  for (let attempt = 0; ; attempt++) {
    const account = accountAt(seed, integer(r, 0, accounts - 1));
    const weight = Math.min(1, 0.2 + Math.log10(account.employees + 1) / 4);
    if (attempt >= 8 || r.next() < weight) return account;
  }
}

/** Employees as a web form collects it: sometimes the exact figure, mostly the bucket. */
export function employeesAsTyped(r: Random, employees: number): string | number {
  const x = r.next();
  if (x < 0.35) return employees;
  const buckets: [number, number, string][] = [
    [1, 10, '1-10'],
    [11, 50, '11-50'],
    [51, 200, '51-200'],
    [201, 500, '201-500'],
    [501, 1000, '501-1000'],
    [1001, 5000, '1,001-5,000'],
    [5001, 10000, '5,001-10,000'],
    [10001, Infinity, '10,001+'],
  ];
  return buckets.find(([lo, hi]) => employees >= lo && employees <= hi)?.[2] ?? employees;
}
