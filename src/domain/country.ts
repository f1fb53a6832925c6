// Country names and codes as people type them → ISO 3166-1 alpha-2, and the sales region of each.
import countries from 'i18n-iso-countries';
import { AppError } from './errors.js';
import type { Region } from './lead-profile.js';

/**
 * Languages whose country names we accept, in order of precedence when two languages use the same
 * word for different countries (English first: "Congo" is the Republic of the Congo, CG).
 */
const NAME_LANGUAGES = ['en', 'es', 'pt', 'fr', 'de', 'it', 'nl'] as const;

/** Spellings people use that no ISO name list carries. Keys are already in `comparable` form. */
const EXTRA_ALIASES: Record<string, string> = {
  uk: 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  america: 'US',
  'united states america': 'US',
  holland: 'NL',
  uae: 'AE',
  emirates: 'AE',
  ksa: 'SA',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  'east timor': 'TL',
  'cape verde': 'CV',
  vatican: 'VA',
  'hong kong sar': 'HK',
  macau: 'MO',
  'republic of ireland': 'IE',
  'south korea': 'KR',
  korea: 'KR',
  'north korea': 'KP',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  'dr congo': 'CD',
  drc: 'CD',
  'democratic republic of congo': 'CD',
  kosovo: 'XK',
};

/** Lower case, no accents, no dots or apostrophes ("U.S.A." → "usa"), single spaces, no leading "the". */
function comparable(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const alpha2Codes = countries.getAlpha2Codes();

/** Built once at module load: every accepted spelling (comparable form) → alpha-2. */
const BY_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const lang of NAME_LANGUAGES) {
    for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      for (const name of names) {
        const key = comparable(name);
        if (key !== '' && !map.has(key)) map.set(key, code);
      }
    }
  }
  for (const [alias, code] of Object.entries(EXTRA_ALIASES)) if (!map.has(alias)) map.set(alias, code);
  return map;
})();

/**
 * ISO 3166-1 alpha-2 (upper case) for a country code (alpha-2, alpha-3, numeric, "UK") or name in
 * English, Spanish, Portuguese, French, German, Italian or Dutch, in any case; null if unknown.
 */
export function normalizeCountry(input: string | null | undefined): string | null {
  if (typeof input !== 'string') return null;
  const key = comparable(input);
  if (key === '') return null;
  const upper = key.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && upper in alpha2Codes) return upper;
  if (/^[A-Z]{3}$/.test(upper)) {
    const fromAlpha3 = countries.alpha3ToAlpha2(upper);
    if (fromAlpha3 !== undefined) return fromAlpha3;
  }
  if (/^\d{1,3}$/.test(key)) return countries.numericToAlpha2(key.padStart(3, '0')) ?? null;
  return BY_NAME.get(key) ?? null;
}

/*
 * Regions follow the UN M49 geoscheme, cut the way B2B sales territories are usually cut:
 * AMER = Northern America (US, CA, and Bermuda, Greenland, St Pierre & Miquelon);
 * LATAM = Latin America and the Caribbean (Mexico, Central & South America, the Caribbean
 * including Puerto Rico and the US Virgin Islands, and the South Atlantic islands M49 puts there);
 * EMEA = Europe, Western Asia (the Middle East, incl. Turkey and the Caucasus), Iran, Africa, and
 * Central Asia (sold with Russia/CIS in most territory plans);
 * APAC = the rest of Asia (incl. Afghanistan and Pakistan) and Oceania (incl. US Pacific
 * territories). Antarctica has no M49 region: APAC, an arbitrary but fixed choice.
 */
const REGION_MEMBERS: Record<Region, string> = {
  AMER: 'US CA BM GL PM',
  LATAM:
    'MX GT BZ SV HN NI CR PA ' +
    'AR BO BR CL CO EC FK GF GY PY PE SR UY VE BV GS ' +
    'AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI',
  EMEA:
    'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT ' +
    'LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK ' +
    'AE AM AZ BH CY GE IL IQ IR JO KW LB OM PS QA SA SY TR YE ' +
    'KZ KG TJ TM UZ ' +
    'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG ' +
    'MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW TF IO',
  APAC:
    'CN HK MO JP KP KR MN TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN MV NP PK LK ' +
    'AU NZ NF HM CX CC FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF AQ',
};

const REGION_OF: ReadonlyMap<string, Region> = new Map(
  (Object.entries(REGION_MEMBERS) as [Region, string][]).flatMap(([region, codes]) =>
    codes.split(' ').map((code) => [code, region] as const),
  ),
);

/** The alpha-2 codes in a region, sorted. */
export function countriesIn(region: Region): string[] {
  return REGION_MEMBERS[region].split(' ').sort();
}

/** The sales region of an ISO alpha-2 code (any case); null for anything that is not one. */
export function regionOf(iso2: string | null | undefined): Region | null {
  if (typeof iso2 !== 'string') return null;
  return REGION_OF.get(iso2.trim().toUpperCase()) ?? null;
}

/**
 * The `country` and `region` columns for a country as a person typed it (leads and accounts alike):
 * the ISO code and its region, both null for an empty value; 400 naming `country` for a value that
 * is not a country.
 */
export function countryFields(input: string | null): { country: string | null; region: Region | null } {
  const iso = input ? normalizeCountry(input) : null;
  if (input && !iso) {
    throw new AppError('validation_failed', `country: "${input}" is not a country we know`, [
      { field: 'country', message: 'is not a country name or ISO 3166 code' },
    ]);
  }
  return { country: iso, region: iso ? regionOf(iso) : null };
}

/** Every alpha-2 code this module knows (ISO 3166-1 plus the user-assigned XK for Kosovo). */
export function knownCountryCodes(): string[] {
  return Object.keys(alpha2Codes);
}
