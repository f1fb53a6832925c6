// A realistic leads CSV for the import benchmark, written to a file as a CRM exports it
// (HubSpot's column names, so the import maps it with no hand mapping): the demo generator's
// people at its companies, one row per person. Deterministic for a seed; streamed to disk, so a
// million rows never sit in memory. About 1 row in 4,000 carries a value the import refuses (a
// mistyped e-mail, a country nobody has), as real exports do.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { normalizeCountry } from '../../src/domain/country.js';
import { chance, integer, pick } from '../../src/demo/distributions.js';
import { type Account, accountAt } from '../../src/demo/firmographics.js';
import { personAt } from '../../src/demo/people.js';
import { type Random, randomFor } from '../../src/demo/random.js';

export const LEADS_CSV_HEADERS = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Job Title',
  'Company Name',
  'Industry',
  'Number of Employees',
  'Annual Revenue',
  'Country/Region',
  'Phone Number',
  'Lead Source',
  'Create Date',
] as const;

const SOURCES = [
  'Organic Search',
  'Paid Search',
  'Paid Social',
  'Direct Traffic',
  'Referrals',
  'Email Marketing',
  'Offline Sources',
  'Other Campaigns',
];
const BAD_EVERY = 4_000;
const HISTORY_MS = 3 * 365 * 86_400_000;

/**
 * The companies people work at, each generated once (the demo's accountForPerson, with a cache:
 * bigger companies are picked more often, by rejection over a uniform draw).
 */
class Companies {
  private readonly cache = new Map<number, Account>();
  constructor(
    private readonly seed: number,
    readonly count: number,
  ) {}
  at(index: number): Account {
    let a = this.cache.get(index);
    if (!a) {
      a = accountAt(this.seed, index);
      this.cache.set(index, a);
    }
    return a;
  }
  forPerson(r: Random): Account {
    for (let attempt = 0; ; attempt++) {
      const account = this.at(integer(r, 0, this.count - 1));
      const weight = Math.min(1, 0.2 + Math.log10(account.employees + 1) / 4);
      if (attempt >= 8 || r.next() < weight) return account;
    }
  }
}

/** Row `index` (0-based) of the file generated from `seed`: always the same cells. */
export function leadRow(seed: number, index: number, companies: Companies, endMs: number): string[] {
  const r = randomFor(seed, 'csv-lead', index);
  const account = companies.forPerson(r);
  const person = personAt(r, account);
  // A CRM keeps one contact per address: the person's index makes the generated address unique.
  const [local, domain] = person.email.split('@') as [string, string];
  let email = `${local}.${index.toString(36)}@${domain}`;
  // The demo types a few countries in their own language (Sverige, Polska), which the import's
  // country reader does not know: those rows carry the ISO code, so only the planted rows fail.
  let country = normalizeCountry(person.countryAsTyped) ? person.countryAsTyped : person.country;
  if (index % BAD_EVERY === BAD_EVERY - 1) {
    if (chance(r, 0.5)) email = email.replace('@', ' at ');
    else country = 'Atlantis';
  }
  const created = new Date(endMs - Math.floor(r.next() * HISTORY_MS));
  return [
    String(100_000_000 + index),
    person.firstName,
    person.lastName,
    email,
    person.title ?? '',
    account.name,
    account.industry,
    chance(r, 0.8) ? String(account.employees) : '',
    chance(r, 0.6) ? String(account.annualRevenue) : '',
    country,
    person.phone ?? '',
    pick(r, SOURCES),
    // HubSpot exports "2024-03-14 09:21"; some rows carry ISO timestamps with milliseconds.
    chance(r, 0.7)
      ? created.toISOString().slice(0, 16).replace('T', ' ')
      : created.toISOString().replace(/\.\d+Z$/, `.${String(integer(r, 0, 999)).padStart(3, '0')}Z`),
  ];
}

/** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Writes `rows` generated leads to `file`; answers its size in bytes. */
export async function writeLeadsCsv(
  file: string,
  opts: { rows: number; seed: number; endMs: number },
): Promise<number> {
  const out = createWriteStream(file);
  const companies = new Companies(opts.seed, Math.max(10, Math.floor(opts.rows / 5)));
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(csvLine(LEADS_CSV_HEADERS));
  const CHUNK = 2_000;
  for (let start = 0; start < opts.rows; start += CHUNK) {
    let text = '';
    for (let i = start; i < Math.min(opts.rows, start + CHUNK); i++)
      text += csvLine(leadRow(opts.seed, i, companies, opts.endMs));
    await write(text);
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
