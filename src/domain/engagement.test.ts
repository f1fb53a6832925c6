import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgreement, type Agreement, type EngagementRule } from './agreement.js';
import { defaultAgreement } from './default-agreement.js';
import {
  capPoints,
  crossingTime,
  DAY_MS,
  decayedValue,
  emptyCapCounters,
  engagementAt,
  engagementBand,
  engagementSum,
  explainEngagement,
  lambda,
  matchRules,
  recordGrant,
  roundLedger,
  utcDay,
  weightAt,
  type Activity,
  type CapCounters,
  type Contribution,
} from './engagement.js';

const epoch = new Date('2025-01-01T00:00:00Z');
const day = (n: number): Date => new Date(epoch.getTime() + n * DAY_MS);
const track = (
  event: string,
  at: Date,
  properties: Record<string, unknown> = {},
  id = `a-${event}-${at.getTime()}`,
): Activity => ({ id, type: 'track', event, properties, at });
const page = (path: string, at: Date, name: string | null = null): Activity => ({
  id: `p-${path}-${at.getTime()}`,
  type: 'page',
  event: name,
  properties: { path },
  at,
});

const closeTo = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
};

function withRules(rules: Agreement['engagement']['rules']): Agreement {
  const result = parseAgreement({
    ...defaultAgreement(),
    engagement: { ...defaultAgreement().engagement, rules },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.agreement;
}

const arbTime = fc
  .integer({ min: -200 * DAY_MS, max: 400 * DAY_MS })
  .map((ms) => new Date(epoch.getTime() + ms));
const arbHalfLife = fc.double({ min: 1, max: 365, noNaN: true });
const arbPoints = fc.double({ min: 0.01, max: 100, noNaN: true });
const arbS = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));

describe('matchRules', () => {
  const a = defaultAgreement();
  const ids = (activity: Activity) => matchRules(a, activity).map((h) => h.ruleId);

  it('matches track events by name, whatever the case', () => {
    expect(ids(track('webinar attended', day(0)))).toEqual(['webinar-attended']);
    expect(ids(track('Webinar Registered', day(0)))).toEqual([]);
  });

  it('counts a pricing page both as a pricing visit and as a page view', () => {
    expect(ids(page('/Pricing/enterprise', day(0)))).toEqual(['pricing-page', 'page-view']);
    expect(ids(page('/blog/pricing-tips', day(0)))).toEqual(['page-view']);
  });

  it('never matches alias calls or a track without a name', () => {
    expect(ids({ id: 'x', type: 'alias', event: null, properties: {}, at: day(0) })).toEqual([]);
    expect(ids({ id: 'y', type: 'track', event: null, properties: {}, at: day(0) })).toEqual([]);
  });

  it('tests properties with equals, in, contains and startsWith, nested paths included', () => {
    const b = withRules([
      {
        id: 'big-plan',
        label: 'Big plan',
        match: {
          type: 'track',
          event: 'Plan Viewed',
          properties: { plan: { in: ['enterprise', 'scale'] }, seats: { equals: 50 } },
        },
        points: 5,
      },
      {
        id: 'utm',
        label: 'From partner',
        match: {
          type: 'page',
          properties: { 'context.campaign.source': { contains: 'partner' }, path: { startsWith: '/docs' } },
        },
        points: 2,
      },
    ]);
    const hit = (act: Activity) => matchRules(b, act).map((h) => h.ruleId);
    expect(hit(track('Plan Viewed', day(0), { plan: 'Enterprise', seats: '50' }))).toEqual(['big-plan']);
    expect(hit(track('Plan Viewed', day(0), { plan: 'starter', seats: 50 }))).toEqual([]);
    expect(hit(track('Plan Viewed', day(0), { plan: 'scale' }))).toEqual([]);
    const docs = {
      id: 'd',
      type: 'page' as const,
      event: null,
      at: day(0),
      properties: { path: '/docs/api', context: { campaign: { source: 'Partner-Newsletter' } } },
    };
    expect(hit(docs)).toEqual(['utm']);
    expect(
      hit({ ...docs, properties: { path: '/docs/api', 'context.campaign.source': 'big partner' } }),
    ).toEqual(['utm']);
    expect(hit({ ...docs, properties: { path: '/docs/api' } })).toEqual([]);
  });
});

describe('caps', () => {
  const rule: EngagementRule = {
    id: 'r',
    label: 'R',
    match: { type: 'page' },
    points: 4,
    perDayCap: 10,
    lifetimeCap: 25,
  };

  function grant(counters: CapCounters, at: Date): { points: number; counters: CapCounters } {
    const points = capPoints(rule, rule.points, at, counters);
    return { points, counters: recordGrant(counters, rule, at, points) };
  }

  it('grants up to the daily cap, then partial points, then nothing until the next UTC day', () => {
    let c = emptyCapCounters();
    const got: number[] = [];
    for (const at of [day(0), day(0.1), day(0.2), day(0.99), day(1)]) {
      const g = grant(c, at);
      got.push(g.points);
      c = g.counters;
    }
    expect(got).toEqual([4, 4, 2, 0, 4]);
    expect(c.daily).toEqual({ 'r@2025-01-01': 10, 'r@2025-01-02': 4 });
  });

  it('stops at the lifetime cap across days', () => {
    let c = emptyCapCounters();
    let total = 0;
    for (let d = 0; d < 10; d++) {
      const g = grant(c, day(d));
      total += g.points;
      c = g.counters;
    }
    expect(total).toBe(25);
    expect(c.lifetime).toEqual({ r: 25 });
  });

  it('leaves the counters it was given untouched and does not count uncapped rules', () => {
    const c = emptyCapCounters();
    recordGrant(c, rule, day(0), 4);
    expect(c).toEqual(emptyCapCounters());
    const uncapped: EngagementRule = { id: 'u', label: 'U', match: { type: 'page' }, points: 3 };
    expect(recordGrant(c, uncapped, day(0), 3)).toBe(c);
    expect(capPoints(uncapped, 3, day(0), c)).toBe(3);
  });

  it('uses the UTC calendar day', () => {
    expect(utcDay(new Date('2025-03-01T23:59:59.999Z'))).toBe('2025-03-01');
    expect(utcDay(new Date('2025-03-02T00:00:00+01:00'))).toBe('2025-03-01');
  });

  it('never exceeds either cap, and grants everything up to them (property)', () => {
    const arbGrants = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5 * DAY_MS - 1 }), fc.double({ min: 0.1, max: 20, noNaN: true })),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(
        arbGrants,
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.double({ min: 1, max: 120, noNaN: true }),
        (grants, perDayCap, lifetimeCap) => {
          const capped: EngagementRule = { ...rule, perDayCap, lifetimeCap };
          let c = emptyCapCounters();
          const perDay = new Map<string, number>();
          const rawPerDay = new Map<string, number>();
          let lifetime = 0;
          for (const [offset, points] of grants) {
            const at = new Date(epoch.getTime() + offset);
            const granted = capPoints(capped, points, at, c);
            expect(granted).toBeGreaterThanOrEqual(0);
            expect(granted).toBeLessThanOrEqual(points);
            c = recordGrant(c, capped, at, granted);
            perDay.set(utcDay(at), (perDay.get(utcDay(at)) ?? 0) + granted);
            rawPerDay.set(utcDay(at), (rawPerDay.get(utcDay(at)) ?? 0) + points);
            lifetime += granted;
          }
          const eps = 1e-9;
          for (const total of perDay.values()) expect(total).toBeLessThanOrEqual(perDayCap * (1 + eps));
          expect(lifetime).toBeLessThanOrEqual(lifetimeCap * (1 + eps));
          // Caps only take what they must: below the lifetime cap, every day got min(raw, cap).
          if (lifetime < lifetimeCap * (1 - eps)) {
            for (const [d, raw] of rawPerDay) closeTo(perDay.get(d) ?? 0, Math.min(raw, perDayCap), 1e-9);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('exact decay', () => {
  it('halves every half-life', () => {
    expect(decayedValue(10, day(0), day(30), 30)).toBeCloseTo(5, 12);
    expect(decayedValue(10, day(0), day(60), 30)).toBeCloseTo(2.5, 12);
    expect(engagementAt(10 * weightAt(day(5), epoch, 30), day(35), epoch, 30)).toBeCloseTo(5, 12);
    expect(lambda(1)).toBeCloseTo(Math.LN2, 15);
  });

  it('never grows as time passes (property)', () => {
    fc.assert(
      fc.property(arbS, arbTime, arbTime, arbHalfLife, (S, t1, t2, h) => {
        const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(engagementAt(S, late, epoch, h)).toBeLessThanOrEqual(engagementAt(S, early, epoch, h));
      }),
    );
  });

  it('S built one contribution at a time gives the closed-form sum Σ p·e^{−λ(t−tᵢ)} (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbPoints, arbTime), { minLength: 1, maxLength: 40 }),
        arbHalfLife,
        (items, h) => {
          let S = 0;
          for (const [p, at] of items) S += p * weightAt(at, epoch, h);
          const now = new Date(Math.max(...items.map(([, at]) => at.getTime())) + 3 * DAY_MS);
          const closed = items.reduce(
            (sum, [p, at]) => sum + p * Math.exp(-lambda(h) * ((now.getTime() - at.getTime()) / DAY_MS)),
            0,
          );
          closeTo(engagementAt(S, now, epoch, h), closed, 1e-9);
        },
      ),
    );
  });

  it('gives the same S whatever order the contributions are added in (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(arbPoints, arbTime), { minLength: 1, maxLength: 40 })
          .chain((items) =>
            fc.tuple(
              fc.constant(items),
              fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }),
            ),
          ),
        arbHalfLife,
        ([items, shuffled], h) => {
          const S1 = engagementSum(
            items.map(([points, at]) => ({ points, at })),
            epoch,
            h,
          );
          const S2 = engagementSum(
            shuffled.map(([points, at]) => ({ points, at })),
            epoch,
            h,
          );
          closeTo(S2, S1, 1e-12);
        },
      ),
    );
  });

  it('crosses a threshold exactly when crossingTime says (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        arbHalfLife,
        (S, threshold, h) => {
          const t = crossingTime(S, threshold, epoch, h);
          if (t === null) throw new Error('positive S and threshold always cross');
          closeTo(engagementAt(S, t, epoch, h), threshold, 1e-6);
          const minute = 60_000;
          expect(engagementAt(S, new Date(t.getTime() - minute), epoch, h)).toBeGreaterThan(threshold);
          expect(engagementAt(S, new Date(t.getTime() + minute), epoch, h)).toBeLessThan(threshold);
        },
      ),
    );
  });

  it('has no crossing without engagement or without a positive threshold', () => {
    expect(crossingTime(0, 10, epoch, 30)).toBeNull();
    expect(crossingTime(-1, 10, epoch, 30)).toBeNull();
    expect(crossingTime(10, 0, epoch, 30)).toBeNull();
    // 40 points at the epoch reach 10 after two half-lives.
    expect(crossingTime(40, 10, epoch, 30)?.toISOString()).toBe(day(60).toISOString());
  });
});

describe('engagementBand', () => {
  const a = defaultAgreement(); // bands 60 / 30 / 10
  it('puts a score exactly at a band minimum in that band', () => {
    expect([100, 60, 59.999, 30, 29.9, 10, 9.99, 0].map((s) => engagementBand(a, s))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });
});

describe('explainEngagement', () => {
  const a = defaultAgreement();
  const contributions: Contribution[] = [
    { ruleId: 'pricing-page', label: 'Viewed pricing', activityId: 'e1', points: 10, at: day(0) },
    { ruleId: 'page-view', label: 'Viewed a page', activityId: 'e1', points: 1, at: day(0) },
    { ruleId: 'pricing-page', label: 'Viewed pricing', activityId: 'e2', points: 10, at: day(30) },
    { ruleId: 'webinar-attended', label: 'Attended a webinar', activityId: 'e3', points: 15, at: day(45) },
  ];

  it('shows each contribution decayed, grouped by rule, adding up to the score', () => {
    const ex = explainEngagement(a, contributions, day(60));
    expect(ex.halfLifeDays).toBe(30);
    expect(ex.items.map((i) => Number(i.decayed.toFixed(6)))).toEqual([2.5, 0.25, 5, 10.606602]);
    expect(ex.byRule.map((r) => [r.ruleId, r.count, r.points, Number(r.decayed.toFixed(4))])).toEqual([
      ['webinar-attended', 1, 15, 10.6066],
      ['pricing-page', 2, 20, 7.5],
      ['page-view', 1, 1, 0.25],
    ]);
    closeTo(ex.score, 2.5 + 0.25 + 5 + 15 * Math.SQRT1_2, 1e-12);
  });

  it('agrees with S: the ledger always sums to the engagement at now (property)', () => {
    const arbContribution = fc.record({
      ruleId: fc.constantFrom('a', 'b', 'c'),
      label: fc.constant('L'),
      activityId: fc.uuid(),
      points: arbPoints,
      at: arbTime,
    });
    fc.assert(
      fc.property(fc.array(arbContribution, { maxLength: 40 }), arbTime, (cs, now) => {
        const ex = explainEngagement(a, cs, now);
        const S = engagementSum(cs, epoch, 30);
        closeTo(ex.score, engagementAt(S, now, epoch, 30), 1e-9);
        closeTo(
          ex.byRule.reduce((s, r) => s + r.decayed, 0),
          ex.score,
          1e-12,
        );
        expect(ex.byRule.reduce((s, r) => s + r.count, 0)).toBe(cs.length);
      }),
    );
  });
});

describe('roundLedger', () => {
  it('rounds parts so they add up to the rounded total', () => {
    expect(roundLedger([1 / 3, 1 / 3, 1 / 3], 1)).toEqual({ total: 1, parts: [0.4, 0.3, 0.3] });
    // 0.25 has the largest remainder (.5 of a unit), so it is the one rounded up.
    expect(roundLedger([2.5, 0.25, 5, 10.606602], 1)).toEqual({ total: 18.4, parts: [2.5, 0.3, 5, 10.6] });
    expect(roundLedger([0.29, 0.71], 2)).toEqual({ total: 1, parts: [0.29, 0.71] });
    expect(roundLedger([], 1)).toEqual({ total: 0, parts: [] });
  });

  it('always sums exactly and moves no part by a full unit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 1000, noNaN: true }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        (values, decimals) => {
          const scale = 10 ** decimals;
          const { total, parts } = roundLedger(values, decimals);
          const units = parts.map((p) => Math.round(p * scale));
          expect(units.reduce((a, b) => a + b, 0)).toBe(Math.round(total * scale));
          expect(Math.abs(total - values.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(0.5 / scale + 1e-9);
          parts.forEach((p, i) => expect(Math.abs(p - (values[i] ?? 0))).toBeLessThan(1 / scale + 1e-9));
        },
      ),
    );
  });
});
