import { describe, expect, it } from 'vitest';
import { countriesIn, knownCountryCodes, normalizeCountry, regionOf } from './country.js';
import { REGIONS } from './lead-profile.js';

describe('normalizeCountry', () => {
  it.each([
    ['US', 'US'],
    ['us', 'US'],
    [' us ', 'US'],
    ['USA', 'US'],
    ['U.S.', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['UNITED STATES', 'US'],
    ['America', 'US'],
    ['840', 'US'],
    ['GB', 'GB'],
    ['UK', 'GB'],
    ['GBR', 'GB'],
    ['United Kingdom', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['DEU', 'DE'],
    ['Brazil', 'BR'],
    ['Brasil', 'BR'],
    ['France', 'FR'],
    ['España', 'ES'],
    ['Espana', 'ES'],
    ['Mexico', 'MX'],
    ['México', 'MX'],
    ['The Netherlands', 'NL'],
    ['Holland', 'NL'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['Czech Republic', 'CZ'],
    ['Czechia', 'CZ'],
    ['Turkey', 'TR'],
    ['Türkiye', 'TR'],
    ["Côte d'Ivoire", 'CI'],
    ['Ivory Coast', 'CI'],
    ['Russia', 'RU'],
    ['Vietnam', 'VN'],
    ['UAE', 'AE'],
    ['United Arab Emirates', 'AE'],
    ['Hong Kong', 'HK'],
    ['Taiwan', 'TW'],
    ['Bosnia and Herzegovina', 'BA'],
    ['Bosnia & Herzegovina', 'BA'],
    ['Trinidad and Tobago', 'TT'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeCountry(input)).toBe(expected);
  });

  it.each([[''], ['   '], ['Atlantis'], ['ZZ'], ['XYZ'], ['N/A'], ['999']])(
    '%j is not a country',
    (input) => {
      expect(normalizeCountry(input)).toBeNull();
    },
  );

  it('null and undefined are not countries', () => {
    expect(normalizeCountry(null)).toBeNull();
    expect(normalizeCountry(undefined)).toBeNull();
  });

  it('every code normalises to itself, whatever its case', () => {
    for (const code of knownCountryCodes()) {
      expect(normalizeCountry(code)).toBe(code);
      expect(normalizeCountry(code.toLowerCase())).toBe(code);
    }
  });
});

describe('regionOf', () => {
  it('maps every ISO country to a region', () => {
    const unmapped = knownCountryCodes().filter((code) => regionOf(code) === null);
    expect(unmapped).toEqual([]);
    expect(knownCountryCodes().length).toBeGreaterThanOrEqual(249);
  });

  it('uses every region', () => {
    const used = new Set(knownCountryCodes().map((code) => regionOf(code)));
    expect([...used].sort()).toEqual([...REGIONS].sort());
  });

  it.each([
    ['US', 'AMER'],
    ['CA', 'AMER'],
    ['MX', 'LATAM'],
    ['BR', 'LATAM'],
    ['AR', 'LATAM'],
    ['CR', 'LATAM'],
    ['PR', 'LATAM'],
    ['JM', 'LATAM'],
    ['GB', 'EMEA'],
    ['DE', 'EMEA'],
    ['AE', 'EMEA'],
    ['IL', 'EMEA'],
    ['TR', 'EMEA'],
    ['ZA', 'EMEA'],
    ['NG', 'EMEA'],
    ['EG', 'EMEA'],
    ['RU', 'EMEA'],
    ['KZ', 'EMEA'],
    ['IN', 'APAC'],
    ['JP', 'APAC'],
    ['CN', 'APAC'],
    ['SG', 'APAC'],
    ['AU', 'APAC'],
    ['NZ', 'APAC'],
    ['PK', 'APAC'],
    ['gb', 'EMEA'],
  ])('%s is in %s', (code, region) => {
    expect(regionOf(code)).toBe(region);
  });

  it('is null for anything that is not an alpha-2 code', () => {
    expect(regionOf('USA')).toBeNull();
    expect(regionOf('ZZ')).toBeNull();
    expect(regionOf('')).toBeNull();
    expect(regionOf(null)).toBeNull();
  });

  it('puts each country in exactly one region and lists only ISO codes', () => {
    const members = REGIONS.flatMap((region) => countriesIn(region));
    expect(new Set(members).size).toBe(members.length);
    expect([...members].sort()).toEqual([...knownCountryCodes()].sort());
    for (const region of REGIONS) for (const code of countriesIn(region)) expect(regionOf(code)).toBe(region);
  });

  it('a country typed by name lands in the region of its code', () => {
    expect(regionOf(normalizeCountry('Brasil'))).toBe('LATAM');
    expect(regionOf(normalizeCountry('Deutschland'))).toBe('EMEA');
    expect(regionOf(normalizeCountry('Kosovo'))).toBe('EMEA');
  });
});
