import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyLeadProfile } from './lead-profile.js';
import { applyLeadFields, mapTraits, parseQuantity } from './lead-traits.js';

describe('mapTraits', () => {
  it("maps the traits of Segment's own identify example", () => {
    const { fields, extra } = mapTraits({
      email: 'pgibbons@example.com',
      name: 'Peter Gibbons',
      industry: 'Technology',
      age: 26,
    });
    expect(fields).toEqual({
      email: 'pgibbons@example.com',
      firstName: 'Peter',
      lastName: 'Gibbons',
      industry: 'Technology',
    });
    expect(extra).toEqual({ age: 26 });
  });

  it('maps every reserved trait, camelCase or snake_case', () => {
    const { fields, extra } = mapTraits(
      {
        email: ' Jane.Doe+crm@ACME.com ',
        first_name: 'Jane',
        last_name: 'Doe',
        title: 'VP Marketing',
        company: 'Acme',
        industry: 'Software',
        employees: '51-200',
        annual_revenue: '$10M',
        country: 'Deutschland',
        phone: '+49 30 1234567',
        website: 'https://www.acme.com',
        created_at: '2024-01-15T09:30:00+01:00',
        plan: 'enterprise',
      },
      { campaign: { source: 'linkedin', medium: 'paid_social', name: 'q1-abm', term: 'crm' } },
    );
    expect(fields).toEqual({
      email: 'jane.doe+crm@acme.com',
      firstName: 'Jane',
      lastName: 'Doe',
      title: 'VP Marketing',
      company: 'Acme',
      industry: 'Software',
      employees: 126,
      annualRevenue: 10_000_000,
      country: 'DE',
      phone: '+49 30 1234567',
      website: 'https://www.acme.com',
      createdAt: '2024-01-15T08:30:00.000Z',
      source: 'linkedin',
      medium: 'paid_social',
      campaign: 'q1-abm',
    });
    expect(extra).toEqual({ plan: 'enterprise' });
  });

  it("reads Segment's company object and keeps its other keys", () => {
    const { fields, extra } = mapTraits({
      company: { name: 'Initech', industry: 'Consulting', employee_count: 420, id: 'c_1', plan: 'pro' },
    });
    expect(fields).toEqual({ company: 'Initech', industry: 'Consulting', employees: 420 });
    expect(extra).toEqual({ company: { id: 'c_1', plan: 'pro' } });
  });

  it("prefers top-level industry and employees over the company object's", () => {
    const { fields } = mapTraits({
      employees: 5000,
      industry: 'Banking',
      company: { name: 'Globex', employee_count: 10, industry: 'x' },
    });
    expect(fields).toMatchObject({ employees: 5000, industry: 'Banking', company: 'Globex' });
  });

  it('splits name only into the parts that are missing', () => {
    expect(mapTraits({ name: 'Jean Claude Van Damme' }).fields).toEqual({
      firstName: 'Jean',
      lastName: 'Claude Van Damme',
    });
    expect(mapTraits({ name: 'Gibbons, Peter' }).fields).toEqual({ firstName: 'Peter', lastName: 'Gibbons' });
    expect(mapTraits({ name: 'Cher' }).fields).toEqual({ firstName: 'Cher' });
    expect(mapTraits({ name: 'Peter Gibbons', firstName: 'Pete' }).fields).toEqual({
      firstName: 'Pete',
      lastName: 'Gibbons',
    });
  });

  it('takes the country from address.country, and keeps the address', () => {
    const address = { city: 'São Paulo', country: 'Brasil', postalCode: '01000-000' };
    const { fields, extra } = mapTraits({ address });
    expect(fields).toEqual({ country: 'BR' });
    expect(extra).toEqual({ address });
  });

  it('falls back to utm_* traits when the message has no campaign context', () => {
    expect(mapTraits({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand' }).fields).toEqual({
      source: 'google',
      medium: 'cpc',
      campaign: 'brand',
    });
    const { fields, extra } = mapTraits({ utm_source: 'form' }, { campaign: { source: 'newsletter' } });
    expect(fields).toEqual({ source: 'newsletter' });
    expect(extra).toEqual({ utm_source: 'form' });
  });

  it('keeps what it cannot read in extra instead of losing it', () => {
    const { fields, extra } = mapTraits({
      email: 'not-an-email',
      country: 'Atlantis',
      employees: 'lots',
      website: 'n/a',
      createdAt: 'last tuesday',
      title: 'CTO',
    });
    expect(fields).toEqual({ title: 'CTO' });
    expect(extra).toEqual({
      email: 'not-an-email',
      country: 'Atlantis',
      employees: 'lots',
      website: 'n/a',
      createdAt: 'last tuesday',
    });
  });

  it('keeps a head-count or signup time out of any storable range as an unread trait', () => {
    const { fields, extra } = mapTraits({
      employees: 3_000_000_000,
      createdAt: 1e21,
      annualRevenue: '9'.repeat(400),
      company: { name: 'Huge', employee_count: 1e12 },
    });
    expect(fields).toEqual({ company: 'Huge' });
    expect(extra).toEqual({
      employees: 3_000_000_000,
      createdAt: 1e21,
      annualRevenue: '9'.repeat(400),
      company: { employee_count: 1e12 },
    });
  });

  it('maps nothing from blank and null values', () => {
    const { fields, extra } = mapTraits({
      email: '',
      firstName: '   ',
      title: null,
      company: null,
      note: '',
    });
    expect(fields).toEqual({});
    expect(extra).toEqual({});
    expect(mapTraits({ firstName: ' ', first_name: 'Jane' }).fields).toEqual({ firstName: 'Jane' });
  });

  it('reads epoch seconds and milliseconds for createdAt', () => {
    expect(mapTraits({ createdAt: 1_700_000_000 }).fields.createdAt).toBe('2023-11-14T22:13:20.000Z');
    expect(mapTraits({ createdAt: 1_700_000_000_000 }).fields.createdAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('accepts the spellings forms use for the same trait', () => {
    expect(
      mapTraits({
        'First Name': 'Ana',
        'E-mail': 'ana@globex.io',
        'Job Title': 'CFO',
        'Company Name': 'Globex',
      }).fields,
    ).toEqual({
      firstName: 'Ana',
      email: 'ana@globex.io',
      title: 'CFO',
      company: 'Globex',
    });
  });
});

describe('parseQuantity', () => {
  it.each([
    [250, 250],
    ['250', 250],
    ['1,200', 1200],
    ['1.000.000', 1_000_000],
    ['51-200', 125.5],
    ['51 - 200', 125.5],
    ['51 to 200', 125.5],
    ['1-10', 5.5],
    ['10,001+', 10_001],
    ['10000+', 10_000],
    ['more than 500', 500],
    ['<10', 5],
    ['10k', 10_000],
    ['$1.5M', 1_500_000],
    ['€2 million', 2_000_000],
    ['$1M-$5M', 3_000_000],
    ['5-10M', 7_500_000],
    ['2bn', 2_000_000_000],
    ['200 employees', 200],
  ])('%j → %d', (input, expected) => {
    expect(parseQuantity(input)).toBe(expected);
  });

  it.each([['lots'], [''], [-5], ['-5'], [Number.NaN], [null], [{}]])('%j is not a quantity', (input) => {
    expect(parseQuantity(input)).toBeNull();
  });

  it('reads any non-negative integer written with thousands separators as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (n) => {
        expect(parseQuantity(n.toLocaleString('en-US'))).toBe(n);
      }),
    );
  });
});

describe('applyLeadFields', () => {
  it('fills a profile and derives domain, title function and seniority, region', () => {
    const { fields, extra } = mapTraits({
      email: 'jane@acme.com',
      title: 'Sr. Director, Demand Gen',
      country: 'UK',
      plan: 'pro',
    });
    const profile = applyLeadFields(emptyLeadProfile(), fields, extra);
    expect(profile).toMatchObject({
      email: 'jane@acme.com',
      emailDomain: 'acme.com',
      emailDomainType: 'business',
      title: 'Sr. Director, Demand Gen',
      titleFunction: 'marketing',
      titleSeniority: 'director',
      country: 'GB',
      region: 'EMEA',
      traits: { plan: 'pro' },
    });
  });

  it('classifies free-mail addresses', () => {
    expect(applyLeadFields(emptyLeadProfile(), { email: 'someone@gmail.com' }, {}).emailDomainType).toBe(
      'free',
    );
  });

  it('lets a later non-empty value overwrite and never lets an absent one erase', () => {
    const first = applyLeadFields(
      emptyLeadProfile(),
      { email: 'jane@acme.com', title: 'Marketing Manager', company: 'Acme', employees: 120, country: 'US' },
      { address: { city: 'Boston' }, plan: 'pro' },
    );
    const second = applyLeadFields(
      first,
      { title: 'VP Marketing', company: '', employees: null, country: null },
      { address: { state: 'MA' }, plan: null, score: 3 },
    );
    expect(second).toMatchObject({
      email: 'jane@acme.com',
      emailDomain: 'acme.com',
      title: 'VP Marketing',
      titleSeniority: 'vp',
      company: 'Acme',
      employees: 120,
      country: 'US',
      region: 'AMER',
      traits: { address: { city: 'Boston', state: 'MA' }, plan: 'pro', score: 3 },
    });
  });

  it('ignores an invalid e-mail or country rather than replacing good values', () => {
    const good = applyLeadFields(emptyLeadProfile(), { email: 'jane@acme.com', country: 'DE' }, {});
    const after = applyLeadFields(good, { email: 'oops', country: 'Narnia' }, {});
    expect(after).toMatchObject({
      email: 'jane@acme.com',
      emailDomain: 'acme.com',
      country: 'DE',
      region: 'EMEA',
    });
  });

  it('normalises a country name given directly in fields (CSV imports)', () => {
    expect(applyLeadFields(emptyLeadProfile(), { country: 'Brasil' }, {})).toMatchObject({
      country: 'BR',
      region: 'LATAM',
    });
  });

  it('does not change the profile it was given', () => {
    const before = emptyLeadProfile();
    applyLeadFields(before, { firstName: 'Jane' }, { plan: 'pro' });
    expect(before).toEqual(emptyLeadProfile());
  });
});
