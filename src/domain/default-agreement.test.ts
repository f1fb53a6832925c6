import { describe, expect, it } from 'vitest';
import { parseAgreement } from './agreement.js';
import { matchesAll } from './conditions.js';
import { defaultAgreement } from './default-agreement.js';
import { scoreFit } from './fit-score.js';
import { emptyLeadProfile, type LeadProfile } from './lead-profile.js';

const profile = (p: Partial<LeadProfile>): LeadProfile => ({ ...emptyLeadProfile(), ...p });

describe('the default agreement', () => {
  it('passes its own validation', () => {
    const result = parseAgreement(defaultAgreement());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('is a fresh object each time, so editing one draft never changes another', () => {
    const a = defaultAgreement();
    a.fit.grades.A = 99;
    expect(defaultAgreement().fit.grades.A).toBe(60);
  });

  it('has the default funnel with written definitions for every stage', () => {
    const a = defaultAgreement();
    expect(a.funnel.stages.map((s) => s.key)).toEqual([
      'lead',
      'mql',
      'pql',
      'sal',
      'sql',
      'opportunity',
      'customer',
      'nurture',
      'disqualified',
      'lost',
    ]);
    for (const s of a.funnel.stages) expect(s.definition.length).toBeGreaterThan(30);
  });

  it('carries the agreed numbers: 30-day half-life, SLA hours, commitment', () => {
    const a = defaultAgreement();
    expect(a.engagement.halfLifeDays).toBe(30);
    const sla = Object.fromEntries(a.sla.policies.map((p) => [p.id, p]));
    expect(sla['mql-response']).toMatchObject({
      stage: 'mql',
      clock: 'response',
      target: { businessHours: 8 },
      warnAtShare: 0.75,
      escalation: { notifyManager: true, reassign: true },
    });
    expect(sla['hand-raise-first-touch']).toMatchObject({
      appliesTo: 'hand_raise',
      clock: 'first_touch',
      target: { businessHours: 2 },
    });
    expect(sla['sal-exit']).toMatchObject({
      stage: 'sal',
      clock: 'stage_exit',
      target: { businessDays: 10 },
    });
    expect(a.marketing).toEqual({ period: 'month', mqlCommitment: 150, minAcceptanceRate: 0.6 });
    expect(a.qualification.handRaises.map((h) => [h.event, h.minFit])).toEqual([
      ['Demo Requested', 'C'],
      ['Contact Sales', 'C'],
    ]);
    expect(a.qualification.fallOut).toBeUndefined();
  });

  it('grades a VP of marketing at a mid-size SaaS company A and a student on gmail D', () => {
    const a = defaultAgreement();
    const vp = profile({
      titleSeniority: 'vp',
      titleFunction: 'marketing',
      employees: 400,
      industry: 'SaaS',
      emailDomainType: 'business',
      country: 'US',
      annualRevenue: 40_000_000,
    });
    expect(scoreFit(a, vp)).toMatchObject({ points: 90, grade: 'A' });
    const student = profile({
      titleSeniority: 'individual_contributor',
      emailDomainType: 'free',
      employees: 3,
    });
    expect(scoreFit(a, student)).toMatchObject({ points: -30, grade: 'D' });
    const itManager = profile({
      titleSeniority: 'manager',
      titleFunction: 'it',
      emailDomainType: 'business',
    });
    expect(scoreFit(a, itManager).grade).toBe('C');
  });

  it('routes EMEA and APAC leads to their teams and everyone else to amer', () => {
    const a = defaultAgreement();
    const teamFor = (p: LeadProfile) => a.routing.rules.find((r) => matchesAll(p, r.when))?.team;
    expect(teamFor(profile({ region: 'EMEA' }))).toBe('emea');
    expect(teamFor(profile({ region: 'APAC' }))).toBe('apac');
    expect(teamFor(profile({ region: 'LATAM' }))).toBe('amer');
    expect(teamFor(profile({}))).toBe('amer');
    expect(a.routing).toMatchObject({ useAccountOwner: true, fallbackTeam: null });
  });

  it('maps the standard CRM statuses', () => {
    const a = defaultAgreement();
    const statuses = a.crm.statusMap.map((m) => `${m.system}/${m.object}/${m.status}→${m.to}`);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'salesforce/lead/Closed - Not Converted→nurture',
        'hubspot/contact/UNQUALIFIED→disqualified',
        'any/opportunity/Closed Lost→lost',
      ]),
    );
  });
});
