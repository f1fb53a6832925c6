import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTitle } from './job-title.js';
import { SENIORITIES, TITLE_FUNCTIONS, type Seniority, type TitleFunction } from './lead-profile.js';

// Real titles, as people type them into forms and CRMs.
const TITLES: Array<[title: string, fn: TitleFunction, seniority: Seniority]> = [
  // C-level
  ['CMO', 'marketing', 'c_level'],
  ['Chief Marketing Officer', 'marketing', 'c_level'],
  ['CTO', 'engineering', 'c_level'],
  ['CFO', 'finance', 'c_level'],
  ['COO', 'operations', 'c_level'],
  ['CIO', 'it', 'c_level'],
  ['CISO', 'it', 'c_level'],
  ['Chief Revenue Officer', 'sales', 'c_level'],
  ['Chief Operating Officer', 'operations', 'c_level'],
  ['Chief Product Officer', 'engineering', 'c_level'],
  ['Chief People Officer', 'other', 'c_level'],
  ['CEO', 'executive', 'c_level'],
  ['Founder & CEO', 'executive', 'c_level'],
  ['CEO/Founder', 'executive', 'c_level'],
  ['Co-founder', 'executive', 'c_level'],
  ['Cofounder', 'executive', 'c_level'],
  ['Co-Founder & CTO', 'engineering', 'c_level'],
  ['Founder, Head of Growth', 'executive', 'c_level'],
  ['Owner', 'executive', 'c_level'],
  ['Owner/Operator', 'executive', 'c_level'],
  ['President', 'executive', 'c_level'],
  ['President & CEO', 'executive', 'c_level'],
  ['Managing Director', 'executive', 'c_level'],
  ['Managing Partner', 'executive', 'c_level'],
  ['Partner', 'executive', 'c_level'],
  ['Board Member', 'executive', 'c_level'],
  ['Executive Director', 'executive', 'c_level'],
  ['Geschäftsführer', 'executive', 'c_level'],
  ['Directeur Général', 'executive', 'c_level'],
  ['Gerente General', 'executive', 'c_level'],
  // VP and head of
  ['VP Marketing', 'marketing', 'vp'],
  ['VP, Marketing', 'marketing', 'vp'],
  ['V.P. Sales', 'sales', 'vp'],
  ['Vice President, Sales', 'sales', 'vp'],
  ['Vice-President of Finance', 'finance', 'vp'],
  ['SVP of Eng', 'engineering', 'vp'],
  ['EVP, Global Sales', 'sales', 'vp'],
  ['AVP IT Infrastructure', 'it', 'vp'],
  ['Head of Growth', 'marketing', 'vp'],
  ['Head of Sales', 'sales', 'vp'],
  ['Head of IT', 'it', 'vp'],
  ['Marketing Head', 'marketing', 'vp'],
  ['VP Revenue Operations', 'operations', 'vp'],
  ['VP Finance & Operations', 'finance', 'vp'],
  ['Vicepresidente de Ventas', 'sales', 'vp'],
  // Directors
  ['Marketing Director', 'marketing', 'director'],
  ['Director of Marketing', 'marketing', 'director'],
  ['Sr. Director, Demand Gen', 'marketing', 'director'],
  ['Senior Director of Product Marketing', 'marketing', 'director'],
  ['Director of Engineering Operations', 'engineering', 'director'],
  ['Director of Engineering', 'engineering', 'director'],
  ['Sales Director EMEA', 'sales', 'director'],
  ['Director, Revenue Marketing', 'marketing', 'director'],
  ['Creative Director', 'marketing', 'director'],
  ['Executive Director, Global Marketing', 'marketing', 'director'],
  ['General Manager', 'executive', 'director'],
  ['General Manager, EMEA Sales', 'sales', 'director'],
  ['Chief of Staff', 'executive', 'director'],
  ['Directeur commercial', 'sales', 'director'],
  ['Director Comercial', 'sales', 'director'],
  ['Directora de Marketing', 'marketing', 'director'],
  ['Diretor de Vendas', 'sales', 'director'],
  // Managers and leads
  ['Engineering Manager', 'engineering', 'manager'],
  ['Eng Mgr', 'engineering', 'manager'],
  ['IT Manager', 'it', 'manager'],
  ['Operations Manager', 'operations', 'manager'],
  ['RevOps Lead', 'operations', 'manager'],
  ['Marketing Ops Manager', 'marketing', 'manager'],
  ['Marketing Operations Manager', 'marketing', 'manager'],
  ['Sales Operations Manager', 'sales', 'manager'],
  ['Product Marketing Manager', 'marketing', 'manager'],
  ['Senior Product Manager', 'engineering', 'manager'],
  ['Account Manager', 'sales', 'manager'],
  ['Customer Success Manager', 'sales', 'manager'],
  ['Channel Partner Manager', 'sales', 'manager'],
  ['Demand Gen Lead', 'marketing', 'manager'],
  ['Team Lead, Customer Support', 'operations', 'manager'],
  ['HR Manager', 'other', 'manager'],
  ['People Operations Manager', 'other', 'manager'],
  ['Controller', 'finance', 'manager'],
  ['Financial Controller', 'finance', 'manager'],
  ['CRO Manager', 'marketing', 'manager'],
  ['Gerente de Marketing', 'marketing', 'manager'],
  ['Gerente de TI', 'it', 'manager'],
  ['Jefe de Ventas', 'sales', 'manager'],
  ['Responsable Marketing', 'marketing', 'manager'],
  ['Vertriebsleiter', 'sales', 'manager'],
  ['Supply Chain Supervisor', 'operations', 'manager'],
  // Individual contributors
  ['Account Executive', 'sales', 'individual_contributor'],
  ['Senior Account Executive', 'sales', 'individual_contributor'],
  ['AE', 'sales', 'individual_contributor'],
  ['SDR', 'sales', 'individual_contributor'],
  ['BDR', 'sales', 'individual_contributor'],
  ['Sales Development Representative', 'sales', 'individual_contributor'],
  ['Business Development Representative', 'sales', 'individual_contributor'],
  ['Sales Engineer', 'sales', 'individual_contributor'],
  ['Software Engineer II', 'engineering', 'individual_contributor'],
  ['Staff Engineer', 'engineering', 'individual_contributor'],
  ['Principal Software Engineer', 'engineering', 'individual_contributor'],
  ['Lead Software Engineer', 'engineering', 'individual_contributor'],
  ['Full-Stack Developer', 'engineering', 'individual_contributor'],
  ['Data Scientist', 'engineering', 'individual_contributor'],
  ['Product Owner', 'engineering', 'individual_contributor'],
  ['UX Designer', 'engineering', 'individual_contributor'],
  ['DevOps Engineer', 'engineering', 'individual_contributor'],
  ['SRE', 'engineering', 'individual_contributor'],
  ['Technical Writer', 'engineering', 'individual_contributor'],
  ['Sysadmin', 'it', 'individual_contributor'],
  ['Systems Administrator', 'it', 'individual_contributor'],
  ['Network Engineer', 'it', 'individual_contributor'],
  ['Help Desk Technician', 'it', 'individual_contributor'],
  ['Accountant', 'finance', 'individual_contributor'],
  ['Senior Accountant', 'finance', 'individual_contributor'],
  ['FP&A Analyst', 'finance', 'individual_contributor'],
  ['Revenue Accountant', 'finance', 'individual_contributor'],
  ['Payroll Specialist', 'finance', 'individual_contributor'],
  ['Content Writer', 'marketing', 'individual_contributor'],
  ['SEO Specialist', 'marketing', 'individual_contributor'],
  ['Graphic Designer', 'marketing', 'individual_contributor'],
  ['Lead Generation Specialist', 'marketing', 'individual_contributor'],
  ['Marketing Coordinator', 'marketing', 'individual_contributor'],
  ['Growth Marketer', 'marketing', 'individual_contributor'],
  ['Marketing Intern', 'marketing', 'individual_contributor'],
  ['Intern', 'other', 'individual_contributor'],
  ['Student', 'other', 'individual_contributor'],
  ['Engineering Intern', 'engineering', 'individual_contributor'],
  ['Recruiter', 'other', 'individual_contributor'],
  ['HR Business Partner', 'other', 'individual_contributor'],
  ['Executive Assistant to the CEO', 'other', 'individual_contributor'],
  ['Consultant', 'other', 'individual_contributor'],
  ['Teacher', 'other', 'individual_contributor'],
  ['Desarrollador de Software', 'engineering', 'individual_contributor'],
  ['Ingénieur logiciel', 'engineering', 'individual_contributor'],
  ['Analista de Marketing', 'marketing', 'individual_contributor'],
];

describe('normalizeTitle', () => {
  it('has a table of at least 60 real titles', () => {
    expect(TITLES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TITLES)('%j → %s, %s', (title, fn, seniority) => {
    expect(normalizeTitle(title)).toEqual({ function: fn, seniority });
  });

  it('reads a title the same whatever its case and spacing', () => {
    for (const [title, fn, seniority] of TITLES) {
      const expected = { function: fn, seniority };
      expect(normalizeTitle(title.toUpperCase())).toEqual(expected);
      expect(normalizeTitle(`  ${title.toLowerCase()}  `)).toEqual(expected);
    }
  });

  it('orders words either way: "Marketing Director" and "Director of Marketing" agree', () => {
    expect(normalizeTitle('Marketing Director')).toEqual(normalizeTitle('Director of Marketing'));
    expect(normalizeTitle('Sales Manager')).toEqual(normalizeTitle('Manager, Sales'));
  });

  it('is null when there is no title', () => {
    expect(normalizeTitle(null)).toBeNull();
    expect(normalizeTitle(undefined)).toBeNull();
    expect(normalizeTitle('')).toBeNull();
    expect(normalizeTitle('   ')).toBeNull();
    expect(normalizeTitle('---')).toBeNull();
  });

  it('reads anything unrecognised as an individual contributor in other', () => {
    expect(normalizeTitle('Wizard of Light Bulb Moments')).toEqual({
      function: 'other',
      seniority: 'individual_contributor',
    });
  });

  it('always answers a known function and seniority for any non-blank text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (title) => {
        const result = normalizeTitle(title);
        if (result === null) return;
        expect(TITLE_FUNCTIONS).toContain(result.function);
        expect(SENIORITIES).toContain(result.seniority);
      }),
    );
  });
});
