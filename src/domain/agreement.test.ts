import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatPath, parseAgreement, type AgreementError } from './agreement.js';
import { parseAgreementText } from './agreement-text.js';
import { defaultAgreement } from './default-agreement.js';

// A mutable plain copy of the default agreement, to break on purpose.
function draft(): Record<string, any> {
  return structuredClone(defaultAgreement()) as Record<string, any>;
}

function errorsOf(input: unknown): AgreementError[] {
  const result = parseAgreement(input);
  if (result.ok) throw new Error('expected the agreement to be rejected');
  return result.errors;
}

function expectError(input: unknown, path: string, message: RegExp | string): void {
  const errors = errorsOf(input);
  const atPath = errors.filter((e) => e.path === path);
  expect(atPath, `errors were: ${JSON.stringify(errors)}`).not.toHaveLength(0);
  expect(atPath.map((e) => e.message).join(' | ')).toMatch(message);
}

describe('parseAgreement: shape', () => {
  it('accepts the default agreement and returns it unchanged', () => {
    const result = parseAgreement(defaultAgreement());
    expect(result).toEqual({ ok: true, agreement: defaultAgreement() });
  });

  it('points at the exact field of a wrong value, with array indexes', () => {
    const a = draft();
    a.fit.rules[2].points = 'ten';
    expectError(a, 'fit.rules[2].points', /number/);
  });

  it('names each unknown field at its own path', () => {
    const a = draft();
    a.fit.rules[0].pointz = 3;
    a.extra = true;
    const errors = errorsOf(a);
    expect(errors).toContainEqual({ path: 'fit.rules[0].pointz', message: 'unknown field "pointz"' });
    expect(errors).toContainEqual({ path: 'extra', message: 'unknown field "extra"' });
  });

  it('refuses unknown stages, bad cells, a too-short half-life and non-positive caps', () => {
    const a = draft();
    a.funnel.stages[0].key = 'won';
    a.qualification.mql.cells.push('E1');
    a.engagement.halfLifeDays = 0.5;
    a.engagement.rules[0].perDayCap = 0;
    const paths = errorsOf(a).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'funnel.stages[0].key',
        'qualification.mql.cells[6]',
        'engagement.halfLifeDays',
        'engagement.rules[0].perDayCap',
      ]),
    );
  });

  it('explains an SLA target that is neither hours nor days', () => {
    const a = draft();
    a.sla.policies[0].target = { businessHours: 2, businessDays: 1 };
    expectError(a, 'sla.policies[0].target', /businessHours: n.*businessDays: n/);
    const b = draft();
    b.sla.policies[0].target = { businessHours: -2 };
    expectError(b, 'sla.policies[0].target.businessHours', /greater than 0/);
  });

  it('requires every reject reason to be configured', () => {
    const a = draft();
    delete a.feedback.rejectReasons.duplicate;
    expectError(a, 'feedback.rejectReasons.duplicate', /expected object/);
  });

  it('keeps warnAtShare strictly between 0 and 1 and an acceptance rate within 0..1', () => {
    const a = draft();
    a.sla.policies[1].warnAtShare = 1;
    a.marketing.minAcceptanceRate = 1.2;
    expectError(a, 'sla.policies[1].warnAtShare', /between 0 and 1/);
    expectError(a, 'marketing.minAcceptanceRate', /between 0 and 1/);
  });

  it('refuses an empty routing team name', () => {
    const a = draft();
    a.routing.rules[0].team = '  ';
    expectError(a, 'routing.rules[0].team', /name the team/);
  });
});

describe('parseAgreement: cross-field rules', () => {
  it('requires every referenced stage to be in the funnel', () => {
    const a = draft();
    a.funnel.stages = a.funnel.stages.filter((s: { key: string }) => s.key !== 'pql');
    const errors = errorsOf(a);
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'funnel.transitions[0].to[1]',
        message: expect.stringMatching(/stage "pql" is not in the funnel/),
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['qualification.pql[0]', 'sla.policies[2].stage']),
    );
  });

  it('refuses a transition to the same stage and a funnel without lead', () => {
    const a = draft();
    a.funnel.transitions[0].to.push('lead');
    expectError(a, 'funnel.transitions[0].to[4]', /cannot move to itself/);
    const b = draft();
    b.funnel.stages.shift();
    expectError(b, 'funnel.stages', /must include "lead"/);
  });

  it('refuses duplicate ids, including a hand-raise and a PQL rule sharing one', () => {
    const a = draft();
    a.fit.rules[3].id = a.fit.rules[1].id;
    a.engagement.rules[1].id = 'pricing-page';
    a.qualification.pql[0].id = 'demo-request';
    expectError(a, 'fit.rules[3].id', /id "director" is used more than once/);
    expectError(a, 'engagement.rules[1].id', /used more than once/);
    expectError(a, 'qualification.pql[0].id', /used more than once/);
  });

  it('requires grade thresholds and engagement bands to descend', () => {
    const a = draft();
    a.fit.grades = { A: 60, B: 60, C: 70 };
    a.engagement.bands = { '1': 30, '2': 30, '3': 10 };
    expectError(a, 'fit.grades.B', 'grade thresholds must descend: B (60) must be below A (60)');
    expectError(a, 'fit.grades.C', /C \(70\) must be below B \(60\)/);
    expectError(a, 'engagement.bands.2', /band 2 \(30\) must be below band 1 \(30\)/);
  });

  it('accepts grades exactly when they strictly descend', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 150 }),
        fc.integer({ min: -50, max: 150 }),
        fc.integer({ min: -50, max: 150 }),
        (A, B, C) => {
          const a = draft();
          a.fit.grades = { A, B, C };
          expect(parseAgreement(a).ok).toBe(A > B && B > C);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses duplicate cells, a fall-out into its own stage, and event names on identify rules', () => {
    const a = draft();
    a.qualification.mql.cells.push('A1');
    a.qualification.fallOut = { stages: ['mql', 'nurture'], belowEngagement: 5, to: 'nurture' };
    a.engagement.rules.push({
      id: 'identified',
      label: 'Identified',
      match: { type: 'identify', event: 'x' },
      points: 1,
    });
    expectError(a, 'qualification.mql.cells[6]', /listed twice/);
    expectError(a, 'qualification.fallOut.to', /cannot fall out of "nurture" into "nurture"/);
    expectError(a, 'engagement.rules[9].match.event', /track events and pages only/);
  });

  it('refuses the same CRM status mapped twice (case-insensitively)', () => {
    const a = draft();
    a.crm.statusMap.push({
      system: 'salesforce',
      object: 'lead',
      status: 'closed - not converted',
      to: 'lost',
    });
    expectError(a, 'crm.statusMap[8].status', /already mapped at crm\.statusMap\[2\]/);
  });

  it('takes per-segment and per-territory commitments, each once, never adding up past the whole', () => {
    const a = draft();
    a.marketing = {
      ...a.marketing,
      mqlCommitment: 100,
      segments: [
        { dimension: 'segment', value: 'SaaS', mqlCommitment: 60 },
        { dimension: 'territory', value: 'EMEA', mqlCommitment: 30 },
      ],
    };
    expect(parseAgreement(a).ok).toBe(true);
    a.marketing.segments!.push(
      { dimension: 'segment', value: 'saas', mqlCommitment: 10 },
      { dimension: 'segment', value: 'Fintech', mqlCommitment: 40 },
    );
    expectError(
      a,
      'marketing.segments[2].value',
      /segment "saas" is already committed at marketing\.segments\[0\]/,
    );
    expectError(a, 'marketing.segments', /segment commitments add up to 110 MQLs, more than the 100/);
    expectError(
      {
        ...a,
        marketing: { ...a.marketing, segments: [{ dimension: 'vertical', value: 'x', mqlCommitment: 1 }] },
      },
      'marketing.segments[0].dimension',
      /segment|territory/,
    );
  });
});

describe('formatPath', () => {
  it('writes paths the way a person would type them', () => {
    expect(formatPath(['fit', 'rules', 2, 'points'])).toBe('fit.rules[2].points');
    expect(formatPath(['engagement', 'rules', 0, 'match', 'properties', 'context.page.path'])).toBe(
      'engagement.rules[0].match.properties["context.page.path"]',
    );
    expect(formatPath([])).toBe('');
  });
});

describe('parseAgreementText', () => {
  it('reads the default agreement back from YAML and from JSON', () => {
    expect(parseAgreementText(stringify(defaultAgreement()), 'yaml')).toEqual({
      ok: true,
      agreement: defaultAgreement(),
    });
    expect(parseAgreementText(JSON.stringify(defaultAgreement(), null, 2), 'json')).toEqual({
      ok: true,
      agreement: defaultAgreement(),
    });
  });

  it('reports a YAML syntax error with its line', () => {
    const text = 'name: x\nfunnel:\n  stages: [1, 2\nfit: {}\n';
    const result = parseAgreementText(text, 'yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports a duplicate YAML key as a syntax error on its line', () => {
    const result = parseAgreementText('name: a\nnotes: b\nname: c\n', 'yaml');
    expect(result).toMatchObject({ ok: false, errors: [{ line: 3, column: 1 }] });
  });

  it('puts schema errors on the line of the offending value', () => {
    const text = stringify(defaultAgreement()).replace('halfLifeDays: 30', 'halfLifeDays: 0');
    const line = text.split('\n').findIndex((l) => l.includes('halfLifeDays: 0')) + 1;
    const result = parseAgreementText(text, 'yaml');
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'engagement.halfLifeDays', line }] });
  });

  it('locates a numeric-looking key and an unknown field', () => {
    const a = draft();
    a.engagement.bands['3'] = 35;
    a.routing.extra = 1;
    const text = stringify(a);
    const lines = text.split('\n');
    const result = parseAgreementText(text, 'yaml');
    if (result.ok) throw new Error('expected errors');
    const band = result.errors.find((e) => e.path === 'engagement.bands.3');
    const extra = result.errors.find((e) => e.path === 'routing.extra');
    expect(lines[(band?.line ?? 0) - 1]).toMatch(/"?3"?: 35/);
    expect(lines[(extra?.line ?? 0) - 1]).toMatch(/extra: 1/);
  });

  it('reports a JSON syntax error with its line when it can be located', () => {
    const result = parseAgreementText('{\n  "name": "x",\n  "notes" 2\n}', 'json');
    expect(result).toMatchObject({ ok: false, errors: [{ path: '', line: 3 }] });
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/^JSON syntax error at line 3/);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(parseAgreementText(bomb, 'yaml')).toMatchObject({
      ok: false,
      errors: [{ path: '', message: expect.stringMatching(/^YAML could not be read: .*alias/) }],
    });
  });

  it('says what is wrong with an empty document', () => {
    const result = parseAgreementText('', 'yaml');
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: '', message: expect.stringMatching(/object/) }],
    });
  });
});
