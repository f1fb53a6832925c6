import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIT_GRADES, parseAgreement, type Agreement, type AgreementInput } from './agreement.js';
import { defaultAgreement } from './default-agreement.js';
import { DAY_MS, engagementAt, weightAt, type Activity } from './engagement.js';
import {
  coolOffEndsAt,
  evaluateFallOut,
  evaluateQualification,
  fallOutAt,
  formatEngagement,
  pqlCount,
  recordPqlUsage,
  type QualificationInput,
} from './qualification.js';
import { STAGES } from './stages.js';

const epoch = new Date('2025-01-01T00:00:00Z');
const day = (n: number): Date => new Date(epoch.getTime() + n * DAY_MS);
const track = (event: string, at: Date, id = `t-${at.getTime()}`): Activity => ({
  id,
  type: 'track',
  event,
  properties: {},
  at,
});

function agreement(change: (a: AgreementInput) => void = () => {}): Agreement {
  const draft = defaultAgreement();
  change(draft);
  const result = parseAgreement(draft);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.agreement;
}

// Default: cells A1 A2 A3 B1 B2 C1; bands 60/30/10; Demo Requested ≥ C; 10 "Feature Used" in 7 days ≥ C;
// recycling after 30 days and 20 fresh points, hand-raises bypass; not_interested cools off 90 days.
const base = agreement();

function input(overrides: Partial<QualificationInput> = {}): QualificationInput {
  return {
    agreement: base,
    stage: 'lead',
    context: { recycledAt: null, recyclable: false, rejectReason: null },
    fitGrade: 'B',
    engagement: 0,
    freshEngagement: 0,
    activity: null,
    pqlUsage: {},
    at: day(100),
    ...overrides,
  };
}

describe('the fit × engagement matrix', () => {
  it('qualifies exactly the listed cells, with band minimums inclusive', () => {
    const scores = [60, 59.99, 30, 29.99, 10, 9.99, 0];
    const table = FIT_GRADES.map((fitGrade) =>
      scores
        .map((engagement) => evaluateQualification(input({ fitGrade, engagement }))?.ruleId ?? '-')
        .join(' '),
    );
    expect(table).toEqual([
      'matrix:A1 matrix:A2 matrix:A2 matrix:A3 matrix:A3 - -',
      'matrix:B1 matrix:B2 matrix:B2 - - - -',
      'matrix:C1 - - - - - -',
      '- - - - - - -',
    ]);
  });

  it('says why in words', () => {
    expect(evaluateQualification(input({ fitGrade: 'B', engagement: 46.25 }))).toEqual({
      to: 'mql',
      ruleId: 'matrix:B2',
      reason: 'engagement 46.2 with fit B is cell B2, which qualifies',
    });
  });

  it('qualifies a D fit only when the agreement lists a D cell', () => {
    expect(evaluateQualification(input({ fitGrade: 'D', engagement: 1000 }))).toBeNull();
    const withD = agreement((a) => a.qualification.mql.cells.push('D1'));
    expect(evaluateQualification(input({ agreement: withD, fitGrade: 'D', engagement: 60 }))?.ruleId).toBe(
      'matrix:D1',
    );
    expect(evaluateQualification(input({ agreement: withD, fitGrade: 'D', engagement: 59.9 }))).toBeNull();
  });

  it('never re-qualifies a lead already at or after mql', () => {
    for (const stage of ['mql', 'pql', 'sal', 'sql', 'opportunity', 'customer'] as const) {
      const demo = track('Demo Requested', day(100));
      const usage = { 'active-trial': Array.from({ length: 20 }, (_, i) => day(99.5).getTime() + i) };
      expect(
        evaluateQualification(
          input({ stage, fitGrade: 'A', engagement: 500, activity: demo, pqlUsage: usage }),
        ),
      ).toBeNull();
    }
  });
});

describe('hand-raises', () => {
  it('qualify at once with fit at least the minimum, whatever the engagement', () => {
    const q = evaluateQualification(input({ fitGrade: 'C', activity: track('demo requested', day(100)) }));
    expect(q).toEqual({
      to: 'mql',
      ruleId: 'demo-request',
      reason: 'hand-raise "demo requested" (Requested a demo) with fit C, which needs C or better',
    });
  });

  it('do nothing below the minimum fit, and nothing for other events or page views of the same name', () => {
    expect(
      evaluateQualification(
        input({ fitGrade: 'D', engagement: 1000, activity: track('Demo Requested', day(100)) }),
      ),
    ).toBeNull();
    expect(
      evaluateQualification(input({ fitGrade: 'A', activity: track('Demo Viewed', day(100)) })),
    ).toBeNull();
    const page: Activity = { id: 'p', type: 'page', event: 'Demo Requested', properties: {}, at: day(100) };
    expect(evaluateQualification(input({ fitGrade: 'A', activity: page }))).toBeNull();
  });

  it('can qualify into pql when the agreement says so', () => {
    const a = agreement((d) =>
      d.qualification.handRaises.push({
        id: 'trial-help',
        label: 'Asked for help in the trial',
        event: 'Help Requested',
        minFit: 'B',
        to: 'pql',
      }),
    );
    expect(
      evaluateQualification(
        input({ agreement: a, fitGrade: 'B', activity: track('Help Requested', day(100)) }),
      ),
    ).toMatchObject({ to: 'pql', ruleId: 'trial-help' });
    expect(
      evaluateQualification(
        input({ agreement: a, fitGrade: 'C', activity: track('Help Requested', day(100)) }),
      ),
    ).toBeNull();
  });
});

describe('product-qualified leads', () => {
  const at = day(100);
  const uses = (n: number, from: Date, stepMs = 3_600_000) => ({
    'active-trial': Array.from({ length: n }, (_, i) => from.getTime() + i * stepMs),
  });

  it('qualify with enough matching activities inside the window and fit at least the minimum', () => {
    const q = evaluateQualification(input({ fitGrade: 'C', pqlUsage: uses(10, day(98)), at }));
    expect(q).toEqual({
      to: 'pql',
      ruleId: 'active-trial',
      reason:
        'Active trial (10 feature uses in 7 days): 10 matching activities in the last 7 days (needs 10) with fit C, which needs C or better',
    });
    expect(evaluateQualification(input({ fitGrade: 'C', pqlUsage: uses(9, day(98)), at }))).toBeNull();
    expect(evaluateQualification(input({ fitGrade: 'D', pqlUsage: uses(30, day(98)), at }))).toBeNull();
  });

  it('count the window as (at − withinDays, at]: a use exactly 7 days old no longer counts', () => {
    const usage = { 'active-trial': [day(93).getTime(), ...uses(9, day(99))['active-trial']] };
    expect(pqlCount(usage, base.qualification.pql[0]!, at)).toBe(9);
    expect(pqlCount(usage, base.qualification.pql[0]!, new Date(at.getTime() - 1))).toBe(10);
  });

  it('win over the matrix when both would qualify', () => {
    expect(
      evaluateQualification(input({ fitGrade: 'A', engagement: 80, pqlUsage: uses(10, day(99)), at }))?.to,
    ).toBe('pql');
  });

  it('keep usage per rule, pruned to the window, without changing the usage they were given', () => {
    const before = {};
    let usage = recordPqlUsage(base, before, track('Feature Used', day(1)));
    usage = recordPqlUsage(base, usage, track('Page Viewed', day(2)));
    usage = recordPqlUsage(base, usage, track('feature used', day(9)));
    expect(before).toEqual({});
    expect(usage).toEqual({ 'active-trial': [day(9).getTime()] });
  });
});

describe('recycled leads', () => {
  const recycledAt = day(0);
  const nurtured = (rejectReason: string | null, recyclable = true) => ({
    stage: 'nurture' as const,
    context: { recycledAt, recyclable, rejectReason },
  });

  it('re-qualify only once the cool-off is over (boundary included) and fresh engagement is enough', () => {
    const ready = {
      ...nurtured('not_interested'),
      fitGrade: 'B' as const,
      freshEngagement: 20,
      engagement: 20,
    };
    expect(evaluateQualification(input({ ...ready, at: new Date(day(90).getTime() - 1) }))).toBeNull();
    const q = evaluateQualification(input({ ...ready, at: day(90) }));
    expect(q).toEqual({
      to: 'mql',
      ruleId: 'recycling:B',
      reason:
        'back in play 90 days after recycling (cool-off 90 days); fresh engagement 20.0 since recycling reaches 20, and fit B has qualifying cells (B1, B2)',
    });
    expect(evaluateQualification(input({ ...ready, freshEngagement: 19.99, at: day(200) }))).toBeNull();
  });

  it('use the agreement-wide cool-off without a reason of their own, and treat an unknown recycling time as over', () => {
    const ready = { fitGrade: 'A' as const, freshEngagement: 25 };
    expect(
      evaluateQualification(input({ ...nurtured(null), ...ready, at: new Date(day(30).getTime() - 1) })),
    ).toBeNull();
    expect(evaluateQualification(input({ ...nurtured(null), ...ready, at: day(30) }))?.ruleId).toBe(
      'recycling:A',
    );
    expect(coolOffEndsAt(base, { recycledAt, recyclable: true, rejectReason: 'wrong_size' })).toEqual(
      day(180),
    );
    const unknown = {
      stage: 'lost' as const,
      context: { recycledAt: null, recyclable: true, rejectReason: null },
    };
    expect(evaluateQualification(input({ ...unknown, ...ready, at: day(1) }))?.to).toBe('mql');
  });

  it('need a fit grade that has a qualifying cell', () => {
    const ready = { ...nurtured(null), freshEngagement: 100, engagement: 100, at: day(60) };
    expect(evaluateQualification(input({ ...ready, fitGrade: 'C' }))?.ruleId).toBe('recycling:C');
    expect(evaluateQualification(input({ ...ready, fitGrade: 'D' }))).toBeNull();
  });

  it('never come back after a non-recyclable disqualification, not even with a hand-raise', () => {
    const dq = {
      stage: 'disqualified' as const,
      context: { recycledAt, recyclable: false, rejectReason: 'not_a_fit' },
    };
    for (const at of [day(1), day(1000)]) {
      expect(
        evaluateQualification(
          input({
            ...dq,
            fitGrade: 'A',
            engagement: 100,
            freshEngagement: 100,
            activity: track('Demo Requested', at),
            at,
          }),
        ),
      ).toBeNull();
    }
  });

  it('may hand-raise through the cool-off when the agreement allows it, with no fresh engagement needed', () => {
    const during = {
      ...nurtured('not_interested'),
      fitGrade: 'C' as const,
      activity: track('Demo Requested', day(10)),
      at: day(10),
    };
    expect(evaluateQualification(input(during))).toMatchObject({
      to: 'mql',
      ruleId: 'demo-request',
      reason: expect.stringMatching(/skip the recycling cool-off$/),
    });
    const strict = agreement((a) => {
      a.recycling.handRaiseBypassesCoolOff = false;
    });
    expect(evaluateQualification(input({ ...during, agreement: strict }))).toBeNull();
    expect(
      evaluateQualification(
        input({ ...during, agreement: strict, activity: track('Demo Requested', day(90)), at: day(90) }),
      )?.ruleId,
    ).toBe('demo-request');
  });

  it('re-qualify through product usage only after the cool-off and with fresh engagement', () => {
    const usage = { 'active-trial': Array.from({ length: 10 }, (_, i) => day(95).getTime() + i * 1000) };
    const lead = { ...nurtured('not_interested'), fitGrade: 'B' as const, pqlUsage: usage, at: day(96) };
    expect(evaluateQualification(input({ ...lead, freshEngagement: 5 }))).toBeNull();
    expect(evaluateQualification(input({ ...lead, freshEngagement: 20 }))).toMatchObject({
      to: 'pql',
      reason: expect.stringMatching(/fresh engagement 20\.0 since recycling reaches 20$/),
    });
    expect(
      evaluateQualification(
        input({
          ...lead,
          freshEngagement: 20,
          pqlUsage: { 'active-trial': usage['active-trial'].map((t) => t - 10 * DAY_MS) },
          at: day(86),
        }),
      ),
    ).toBeNull();
  });
});

describe('falling out of a stage', () => {
  const withFallOut = agreement((a) => {
    a.qualification.fallOut = { stages: ['mql', 'pql'], belowEngagement: 5, to: 'nurture' };
  });

  it('never happens unless the agreement sets fallOut', () => {
    for (const stage of STAGES) expect(evaluateFallOut(base, stage, 0)).toBeNull();
    expect(fallOutAt(base, 'mql', 100, epoch)).toBeNull();
  });

  it('moves a lead in a listed stage strictly below the line', () => {
    expect(evaluateFallOut(withFallOut, 'mql', 5)).toBeNull();
    expect(evaluateFallOut(withFallOut, 'mql', 4.99)).toEqual({
      to: 'nurture',
      ruleId: 'fall-out',
      reason: 'engagement decayed to 4.9, below 5, so the lead falls out of mql to nurture',
    });
    expect(evaluateFallOut(withFallOut, 'sal', 0)).toBeNull();
  });

  it('is scheduled for exactly when the decayed engagement drops below the line (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.integer({ min: 0, max: 300 }),
        (points, earnedDay) => {
          const S = points * weightAt(day(earnedDay), epoch, 30);
          const when = fallOutAt(withFallOut, 'mql', S, epoch);
          if (when === null) throw new Error('a positive score always decays below the line');
          expect(evaluateFallOut(withFallOut, 'mql', engagementAt(S, when, epoch, 30))).not.toBeNull();
          expect(
            evaluateFallOut(withFallOut, 'mql', engagementAt(S, new Date(when.getTime() - 1000), epoch, 30)),
          ).toBeNull();
        },
      ),
    );
  });
});

describe('formatEngagement', () => {
  it('truncates to one decimal so a shown value never looks like it reached a bar it missed', () => {
    expect([46.25, 46.2, 29.96, 30, 0].map(formatEngagement)).toEqual([
      '46.2',
      '46.2',
      '29.9',
      '30.0',
      '0.0',
    ]);
  });
});
