import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIT_GRADES, parseAgreement, type Agreement, type FitGrade } from './agreement.js';
import { defaultAgreement } from './default-agreement.js';
import { fitGrade, gradeAtLeast, scoreFit } from './fit-score.js';
import { emptyLeadProfile, SENIORITIES, TITLE_FUNCTIONS, type LeadProfile } from './lead-profile.js';

const profile = (p: Partial<LeadProfile>): LeadProfile => ({ ...emptyLeadProfile(), ...p });

function agreementWith(rules: Agreement['fit']['rules'], grades = { A: 50, B: 30, C: 10 }): Agreement {
  const result = parseAgreement({ ...defaultAgreement(), fit: { rules, grades } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.agreement;
}

describe('scoreFit', () => {
  const agreement = agreementWith([
    { id: 'vp', label: 'VP', when: [{ field: 'titleSeniority', op: 'equals', value: 'vp' }], points: 30 },
    {
      id: 'mid',
      label: 'Mid-size',
      when: [
        { field: 'employees', op: 'range', min: 100, max: 1000 },
        { field: 'country', op: 'exists' },
      ],
      points: 20,
    },
    {
      id: 'free',
      label: 'Free e-mail',
      when: [{ field: 'emailDomainType', op: 'equals', value: 'free' }],
      points: -25,
    },
  ]);

  it('adds the points of every rule whose conditions all hold, negative ones included', () => {
    const result = scoreFit(
      agreement,
      profile({ titleSeniority: 'vp', employees: 500, country: 'DE', emailDomainType: 'free' }),
    );
    expect(result).toEqual({
      points: 25,
      grade: 'C',
      contributions: [
        { ruleId: 'vp', label: 'VP', points: 30 },
        { ruleId: 'mid', label: 'Mid-size', points: 20 },
        { ruleId: 'free', label: 'Free e-mail', points: -25 },
      ],
    });
  });

  it('needs every condition of a rule, not just one', () => {
    const result = scoreFit(agreement, profile({ employees: 500 }));
    expect(result.contributions).toEqual([]);
    expect(result).toMatchObject({ points: 0, grade: 'D' });
  });

  it('grades exactly at each minimum as that grade, and one point below as the next', () => {
    expect([50, 49.99, 30, 29, 10, 9.5, -100].map((p) => fitGrade(agreement, p))).toEqual([
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
  });

  it('always has contributions that sum to the points, and the grade its points say', () => {
    const a = defaultAgreement();
    const arbProfile = fc.record({
      titleSeniority: fc.constantFrom(null, ...SENIORITIES),
      titleFunction: fc.constantFrom(null, ...TITLE_FUNCTIONS),
      employees: fc.option(fc.integer({ min: 1, max: 100_000 })),
      annualRevenue: fc.option(fc.integer({ min: 0, max: 1e9 })),
      industry: fc.constantFrom(null, 'SaaS', 'retail', 'Financial Services'),
      emailDomainType: fc.constantFrom(null, 'business' as const, 'free' as const),
      country: fc.constantFrom(null, 'US', 'DE', 'BR', 'jp'),
    });
    fc.assert(
      fc.property(arbProfile, (p) => {
        const result = scoreFit(a, profile(p));
        expect(result.contributions.reduce((s, c) => s + c.points, 0)).toBe(result.points);
        expect(result.grade).toBe(fitGrade(a, result.points));
      }),
    );
  });

  it('never grades more points lower', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -200, max: 200, noNaN: true }),
        fc.double({ min: -200, max: 200, noNaN: true }),
        (x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          expect(gradeAtLeast(fitGrade(agreement, hi), fitGrade(agreement, lo))).toBe(true);
        },
      ),
    );
  });
});

describe('gradeAtLeast', () => {
  it('orders A above B above C above D', () => {
    const table = FIT_GRADES.map((g) => FIT_GRADES.map((min) => (gradeAtLeast(g, min) ? 1 : 0)).join(''));
    // rows: A, B, C, D; columns: min A, B, C, D
    expect(table).toEqual(['1111', '0111', '0011', '0001']);
  });

  it('is reflexive for every grade', () => {
    for (const g of FIT_GRADES as readonly FitGrade[]) expect(gradeAtLeast(g, g)).toBe(true);
  });
});
