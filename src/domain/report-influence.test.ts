import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BaseCounts,
  GAP_MAX_REACH,
  GAP_MIN_LIFT,
  INFLUENCE_STAGES,
  type TouchCounts,
  influenceReport,
  wilsonLower,
} from './report-influence.js';
import { REPORTS } from './reports.js';

const stages = (mql: number, sql: number, won: number) => ({ mql, sql, won });
const base = (
  leads: number,
  mql: number,
  sql: number,
  won: number,
  group: string | null = null,
): BaseCounts => ({
  group,
  leads,
  reached: stages(mql, sql, won),
});
function touch(
  touch: string,
  leads: number,
  exposed: [number, number, number],
  reached: [number, number, number],
  group: string | null = null,
): TouchCounts {
  return {
    kind: 'asset',
    touch,
    group,
    leads,
    exposed: stages(...exposed),
    reached: stages(...reached),
  };
}

describe('content influence', () => {
  it('rates touched leads against the base rate, with the counts beside them', () => {
    // 1,000 leads, 10% won. 40 had the battlecard before winning or never won; 12 of them won: 30%, lift 3.
    const { base: b, rows } = influenceReport(
      [touch('Battlecard', 40, [40, 40, 40], [30, 20, 12])],
      [base(1000, 400, 200, 100)],
      20,
    );
    expect(b[0]!.stages.won).toEqual({ reached: 100, rate: 0.1 });
    const won = rows[0]!.stages.won;
    expect(won).toMatchObject({ exposed: 40, reached: 12, rate: 0.3, isSmallSample: false });
    expect(won.lift).toBeCloseTo(3);
    expect(won.liftLow!).toBeGreaterThan(1);
    expect(won.liftLow!).toBeLessThan(3);
    expect(rows[0]!.reach).toBeCloseTo(0.04);
    expect(rows[0]!.stages.mql.lift).toBeCloseTo(0.75 / 0.4);
  });

  it('shows no lift for a small sample, however big its rate, and keeps it out of the gap', () => {
    // Three leads read the whitepaper and all three won: 100% against 10%, but three is not evidence.
    const { rows, gap } = influenceReport(
      [touch('Whitepaper', 3, [3, 3, 3], [3, 3, 3])],
      [base(1000, 400, 200, 100)],
      20,
    );
    expect(rows[0]!.stages.won).toMatchObject({ rate: 1, lift: null, liftLow: null, isSmallSample: true });
    expect(gap).toEqual([]);
  });

  it('the gap: a strong, reliable lift before wins that few leads consume; the popular touch is not a gap', () => {
    const { rows, gap } = influenceReport(
      [
        touch('Pricing page', 600, [600, 600, 600], [300, 160, 90]), // everyone sees it: lift 1.5 but reach 60%
        touch('ROI calculator', 60, [60, 60, 60], [40, 30, 24]), // 40% won: lift 4, reach 6%
        touch('Case study', 50, [50, 50, 50], [22, 12, 6]), // 12% won: lift 1.2, not strong enough
      ],
      [base(1000, 400, 200, 100)],
      20,
    );
    expect(gap.map((r) => r.touch)).toEqual(['ROI calculator']);
    expect(rows[0]!.touch).toBe('ROI calculator');
    expect(rows.find((r) => r.touch === 'Pricing page')!.isGap).toBe(false);
  });

  it('a period without leads has null rates, never a bare 0%', () => {
    const { base: b, rows, gap } = influenceReport([], [], 20);
    expect(b).toEqual([
      {
        group: null,
        leads: 0,
        stages: {
          mql: { reached: 0, rate: null },
          sql: { reached: 0, rate: null },
          won: { reached: 0, rate: null },
        },
      },
    ]);
    expect(rows).toEqual([]);
    expect(gap).toEqual([]);
  });

  it('compares a breakdown value with its own base rate', () => {
    const { rows } = influenceReport(
      [
        touch('Demo video', 40, [40, 40, 40], [20, 10, 8], 'emea'),
        touch('Demo video', 40, [40, 40, 40], [20, 10, 8], 'na'),
      ],
      [base(100, 50, 20, 10, 'emea'), base(100, 50, 20, 20, 'na')],
      20,
    );
    expect(rows.map((r) => [r.group, r.stages.won.lift])).toEqual([
      ['emea', 2],
      ['na', 1],
    ]);
  });

  it('says in its computes sentence the thresholds it applies', () => {
    const { computes, options } = REPORTS.influence;
    expect(computes).toContain(String(GAP_MIN_LIFT));
    expect(computes).toContain(`${GAP_MAX_REACH * 100}%`);
    expect(options.minLeads?.default).toBe(20);
  });
});

describe('wilsonLower', () => {
  it('is null without trials, 0 for no successes, and below the observed rate', () => {
    expect(wilsonLower(0, 0)).toBeNull();
    expect(wilsonLower(0, 10)).toBe(0);
    expect(wilsonLower(5, 10)!).toBeCloseTo(0.2366, 3); // the textbook value for 5 of 10
  });

  it('never exceeds the rate and tightens as the sample grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const k = Math.round(p * n);
        const low = wilsonLower(k, n)!;
        expect(low).toBeGreaterThanOrEqual(0);
        expect(low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(wilsonLower(k * 4, n * 4)!).toBeGreaterThanOrEqual(low - 1e-12);
      }),
    );
  });
});

/** Counts as the store gives them: reached ≤ exposed ≤ leads ≤ the base's leads, per stage. */
const world = fc
  .record({
    leads: fc.integer({ min: 0, max: 2000 }),
    rates: fc.tuple(
      fc.double({ min: 0, max: 1 }),
      fc.double({ min: 0, max: 1 }),
      fc.double({ min: 0, max: 1 }),
    ),
    touches: fc.array(
      fc.record({
        share: fc.double({ min: 0, max: 1 }),
        exposedShare: fc.tuple(
          fc.double({ min: 0, max: 1 }),
          fc.double({ min: 0, max: 1 }),
          fc.double({ min: 0, max: 1 }),
        ),
        reachedShare: fc.tuple(
          fc.double({ min: 0, max: 1 }),
          fc.double({ min: 0, max: 1 }),
          fc.double({ min: 0, max: 1 }),
        ),
      }),
      { maxLength: 12 },
    ),
    minLeads: fc.integer({ min: 1, max: 50 }),
  })
  .map(({ leads, rates, touches, minLeads }) => {
    const reachedBase = rates.map((r) => Math.floor(r * leads)) as [number, number, number];
    return {
      minLeads,
      base: [base(leads, ...reachedBase)],
      touches: touches.map((t, i) => {
        const n = Math.floor(t.share * leads);
        const exposed = t.exposedShare.map((e) => Math.floor(e * n)) as [number, number, number];
        const reached = t.reachedShare.map((r, s) => Math.floor(r * exposed[s]!)) as [number, number, number];
        return touch(`t${i}`, n, exposed, reached);
      }),
    };
  });

describe('content influence, for any counts', () => {
  it('lifts only from the minimum sample, never above the point lift at the low end, rates within 0..1', () => {
    fc.assert(
      fc.property(world, ({ base: b, touches, minLeads }) => {
        const { rows, base: bases } = influenceReport(touches, b, minLeads);
        expect(rows).toHaveLength(touches.length);
        for (const r of rows) {
          for (const s of INFLUENCE_STAGES) {
            const f = r.stages[s];
            const baseRate = bases[0]!.stages[s].rate;
            expect(f.isSmallSample).toBe(f.exposed < minLeads);
            expect(f.lift === null).toBe(f.isSmallSample || !baseRate || f.rate === null);
            if (f.rate !== null) expect(f.rate).toBeGreaterThanOrEqual(0);
            if (f.rate !== null) expect(f.rate).toBeLessThanOrEqual(1);
            if (f.lift !== null) expect(f.liftLow!).toBeLessThanOrEqual(f.lift + 1e-9);
          }
        }
      }),
    );
  });

  it('a touch every lead had before every stage has a lift of exactly 1', () => {
    fc.assert(
      fc.property(world, ({ base: b, minLeads }) => {
        const all = b[0]!;
        const everyone = touch(
          'Home page',
          all.leads,
          [all.leads, all.leads, all.leads],
          [all.reached.mql, all.reached.sql, all.reached.won],
        );
        const { rows } = influenceReport([everyone], b, minLeads);
        for (const s of INFLUENCE_STAGES) {
          const lift = rows[0]!.stages[s].lift;
          if (lift !== null) expect(lift).toBeCloseTo(1, 12);
        }
        expect(rows[0]!.isGap).toBe(false);
      }),
    );
  });

  it('every gap row meets the gap rule, and the gap comes in the rows’ order', () => {
    fc.assert(
      fc.property(world, ({ base: b, touches, minLeads }) => {
        const { rows, gap } = influenceReport(touches, b, minLeads);
        expect(gap).toEqual(rows.filter((r) => r.isGap));
        for (const r of gap) {
          expect(r.stages.won.lift!).toBeGreaterThanOrEqual(GAP_MIN_LIFT);
          expect(r.stages.won.liftLow!).toBeGreaterThan(1);
          expect(r.reach!).toBeLessThanOrEqual(GAP_MAX_REACH);
        }
        const lows = rows.map((r) => r.stages.won.liftLow ?? -Infinity);
        expect(lows).toEqual([...lows].sort((x, y) => y - x));
      }),
    );
  });
});
