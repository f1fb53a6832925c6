// The reverse-funnel planner's arithmetic, by property: a plan made from any rates, deal size and
// lags, fed back through the same rates, meets its goal; more goal never needs less; overrides are
// what the plan uses; every step's months fall before the period's end by that step's lags.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, monthStart, monthsOf } from './report-months.js';
import {
  apportion,
  comparePlan,
  PLAN_FROM_STEPS,
  PLAN_STEPS,
  type PlanFromStep,
  type PlanInputs,
  planFunnel,
  wholeCovering,
} from './planner.js';

const DAY = 86_400_000;

const rateArb = fc.double({ min: 0.05, max: 1, noNaN: true });
const lagArb = fc.double({ min: 0, max: 200, noNaN: true });
const monthArb = fc
  .tuple(fc.integer({ min: 2000, max: 2040 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
const fromSteps = <T>(arb: fc.Arbitrary<T>) =>
  fc.record(
    Object.fromEntries(PLAN_FROM_STEPS.map((s) => [s, arb])) as Record<PlanFromStep, fc.Arbitrary<T>>,
  );

const inputsArb: fc.Arbitrary<PlanInputs> = fc
  .record({
    revenueGoal: fc.double({ min: 0, max: 1e7, noNaN: true }),
    from: monthArb,
    length: fc.integer({ min: 1, max: 12 }),
    dealSize: fc.double({ min: 1000, max: 1e6, noNaN: true }),
    rates: fromSteps(rateArb),
    lagDays: fromSteps(lagArb),
    channels: fc.array(
      fc.record({
        channel: fc.option(fc.constantFrom('google', 'linkedin', 'g2', 'organic'), { nil: null }),
        mqlShare: fc.double({ min: 0, max: 10, noNaN: true }),
        costPerMql: fc.option(fc.double({ min: 1, max: 5000, noNaN: true }), { nil: null }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ from, length, ...rest }) => ({ ...rest, period: { from, to: addMonths(from, length - 1) } }));

const neededOf = (plan: ReturnType<typeof planFunnel>, step: string) =>
  plan.steps.find((s) => s.step === step)?.needed ?? Number.NaN;

describe('planFunnel', () => {
  it('planned volumes fed through the rates, in whole people, meet the goal', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const plan = planFunnel(inputs);
        // Walk forward: each step's people times its rate, rounded down to whole people, is at
        // least the next step's plan; the wins times the deal size cover the revenue goal.
        let people = neededOf(plan, 'lead');
        for (const s of PLAN_FROM_STEPS) {
          people = Math.floor(people * inputs.rates[s]);
          const next = PLAN_STEPS[PLAN_STEPS.indexOf(s) + 1] as string;
          expect(people).toBeGreaterThanOrEqual(neededOf(plan, next));
        }
        expect(people * inputs.dealSize).toBeGreaterThanOrEqual(inputs.revenueGoal);
        // And not more than needed: one win fewer would miss the goal.
        const wins = neededOf(plan, 'customer');
        if (wins > 0) expect((wins - 1) * inputs.dealSize).toBeLessThan(inputs.revenueGoal);
      }),
      { numRuns: 400 },
    );
  });

  it('expected (fractional) flows from the planned leads meet the goal too', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const plan = planFunnel(inputs);
        let flow = neededOf(plan, 'lead');
        for (const s of PLAN_FROM_STEPS) flow *= inputs.rates[s];
        expect(flow * inputs.dealSize).toBeGreaterThanOrEqual(inputs.revenueGoal * (1 - 1e-9));
      }),
    );
  });

  it('volumes never fall as the goal rises', () => {
    fc.assert(
      fc.property(inputsArb, fc.double({ min: 0, max: 1e7, noNaN: true }), (inputs, more) => {
        const a = planFunnel(inputs);
        const b = planFunnel({ ...inputs, revenueGoal: inputs.revenueGoal + more });
        for (const s of PLAN_STEPS) expect(neededOf(b, s)).toBeGreaterThanOrEqual(neededOf(a, s));
      }),
    );
  });

  it('an overridden rate, lag or deal size is the one the plan uses', () => {
    fc.assert(
      fc.property(
        inputsArb,
        fc.constantFrom(...PLAN_FROM_STEPS),
        rateArb,
        lagArb,
        fc.double({ min: 1000, max: 1e6, noNaN: true }),
        (inputs, step, r, lag, dealSize) => {
          const overridden = {
            ...inputs,
            dealSize,
            rates: { ...inputs.rates, [step]: r },
            lagDays: { ...inputs.lagDays, [step]: lag },
          };
          const plan = planFunnel(overridden);
          const planned = plan.steps.find((s) => s.step === step);
          expect(planned?.rate).toBe(r);
          expect(planned?.lagDays).toBe(lag);
          expect(neededOf(plan, 'customer')).toBe(wholeCovering(inputs.revenueGoal, dealSize));
          expect(neededOf(plan, step)).toBe(
            wholeCovering(neededOf(plan, PLAN_STEPS[PLAN_STEPS.indexOf(step) + 1] as string), r),
          );
        },
      ),
    );
  });

  it("each step's months add up to its volume and fall before the period's end by its lags", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const plan = planFunnel(inputs);
        const end = monthStart(addMonths(inputs.period.to, 1)).getTime();
        let previousBy = inputs.period.to;
        for (const s of [...plan.steps].reverse()) {
          expect(s.months.reduce((n, m) => n + m.needed, 0)).toBe(s.needed);
          expect(s.byMonth <= inputs.period.to).toBe(true);
          // The start of its last month, plus the lags to the win, is no later than the period's end…
          expect(monthStart(s.byMonth).getTime() + s.daysToWin * DAY).toBeLessThanOrEqual(end);
          // …and the end of that month, plus the lags, is not before it (the latest month that works).
          expect(monthStart(addMonths(s.byMonth, 1)).getTime() + s.daysToWin * DAY).toBeGreaterThanOrEqual(
            end,
          );
          // Earlier steps are due no later than the steps after them.
          expect(s.byMonth <= previousBy).toBe(true);
          previousBy = s.byMonth;
          for (const m of s.months) expect(m.month >= s.fromMonth && m.month <= s.byMonth).toBe(true);
        }
        const wins = plan.steps.find((s) => s.step === 'customer');
        expect(wins?.months.map((m) => m.month)).toEqual(monthsOf(inputs.period));
      }),
    );
  });

  it("channels split the MQLs by their shares and price them at today's cost per MQL", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const plan = planFunnel(inputs);
        if (inputs.channels.length === 0) return;
        expect(plan.channels.reduce((n, c) => n + c.mqls, 0)).toBe(neededOf(plan, 'mql'));
        for (const c of plan.channels)
          expect(c.spend).toBe(c.costPerMql === null ? null : c.mqls * c.costPerMql);
      }),
    );
  });

  it('works a small plan by hand', () => {
    // €120,000 at €10,000 a deal: 12 wins; 12 / 0.25 = 48 opportunities; 48 / 0.5 = 96 SQLs;
    // 96 / 0.8 = 120 SALs; 120 / 0.6 = 200 MQLs; 200 / 0.1 = 2,000 leads.
    const plan = planFunnel({
      revenueGoal: 120_000,
      period: { from: '2026-07', to: '2026-09' },
      dealSize: 10_000,
      rates: { lead: 0.1, mql: 0.6, sal: 0.8, sql: 0.5, opportunity: 0.25 },
      lagDays: { lead: 10, mql: 2, sal: 14, sql: 20, opportunity: 40 },
      channels: [
        { channel: 'google', mqlShare: 3, costPerMql: 500 },
        { channel: 'organic', mqlShare: 1, costPerMql: null },
      ],
    });
    expect(plan.steps.map((s) => s.needed)).toEqual([2000, 200, 120, 96, 48, 12]);
    // Wins: 4 a month. Opportunities 40 days before each month's end: Jul 31 → Jun 21, and so on.
    expect(plan.steps[5]?.months).toEqual([
      { month: '2026-07', needed: 4 },
      { month: '2026-08', needed: 4 },
      { month: '2026-09', needed: 4 },
    ]);
    expect(plan.steps[4]).toMatchObject({ daysToWin: 40, fromMonth: '2026-06', byMonth: '2026-08' });
    // Leads: 86 days before 30 September's end is 6 July; before 31 July's end, 6 May.
    expect(plan.steps[0]).toMatchObject({ daysToWin: 86, fromMonth: '2026-05', byMonth: '2026-07' });
    expect(plan.channels).toEqual([
      { channel: 'google', mqls: 150, costPerMql: 500, spend: 75_000 },
      { channel: 'organic', mqls: 50, costPerMql: null, spend: null },
    ]);
    expect(plan.spend).toBe(75_000);
    expect(plan.revenue).toBe(120_000);
  });

  it('refuses rates outside (0, 1] and a deal size of nothing, naming the input', () => {
    const base = {
      revenueGoal: 1000,
      period: { from: '2026-01', to: '2026-01' },
      dealSize: 100,
      rates: { lead: 0.1, mql: 0.5, sal: 0.5, sql: 0.5, opportunity: 0.5 },
      lagDays: { lead: 1, mql: 1, sal: 1, sql: 1, opportunity: 1 },
      channels: [],
    };
    expect(() => planFunnel({ ...base, rates: { ...base.rates, sal: 0 } })).toThrow(/rates\.sal/);
    expect(() => planFunnel({ ...base, dealSize: 0 })).toThrow(/dealSize/);
    // A goal no funnel can carry is refused rather than counted past what doubles hold.
    expect(() =>
      planFunnel({
        ...base,
        revenueGoal: 1e13,
        dealSize: 1,
        rates: { lead: 0.001, mql: 0.01, sal: 0.5, sql: 0.5, opportunity: 0.5 },
      }),
    ).toThrow(/revenueGoal/);
  });
});

describe('apportion and wholeCovering', () => {
  it('apportion splits exactly and within one of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0)
            parts.forEach((p, i) =>
              expect(Math.abs(p - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1 + 1e-9),
            );
        },
      ),
    );
  });

  it('wholeCovering is the least whole number that covers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), rateArb, (need, r) => {
        const n = wholeCovering(need, r);
        expect(n * r).toBeGreaterThanOrEqual(need);
        if (n > 0) expect((n - 1) * r).toBeLessThan(need);
      }),
    );
  });
});

describe('comparePlan', () => {
  it("prorates the current month's plan, so a month just begun is not behind", () => {
    const plan = planFunnel({
      revenueGoal: 30_000,
      period: { from: '2026-07', to: '2026-09' },
      dealSize: 10_000,
      rates: { lead: 0.5, mql: 1, sal: 1, sql: 1, opportunity: 1 },
      lagDays: { lead: 0, mql: 0, sal: 0, sql: 0, opportunity: 0 },
      channels: [],
    });
    // One win a month; on 16 August at noon: July's in full, and half of August's.
    const now = new Date('2026-08-16T12:00:00Z');
    const { months, progress } = comparePlan(
      plan,
      [
        { step: 'customer', month: '2026-07', count: 1 },
        { step: 'lead', month: '2026-07', count: 5 },
      ],
      now,
    );
    const wins = progress.find((p) => p.step === 'customer');
    expect(wins?.plannedByNow).toBeCloseTo(1.5, 9);
    expect(wins?.actual).toBe(1);
    expect(wins?.pace).toBeCloseTo(1 / 1.5, 9);
    expect(wins?.status).toBe('running');
    expect(months.filter((m) => m.step === 'lead').map((m) => [m.month, m.planned, m.actual])).toEqual([
      ['2026-07', 2, 5],
      ['2026-08', 2, 0],
      ['2026-09', 2, 0],
    ]);
    // Before the plan's first month: nothing due, so no pace at all (not 0%).
    const early = comparePlan(plan, [], new Date('2026-06-01T00:00:00Z'));
    expect(early.progress.every((p) => p.pace === null && p.status === 'upcoming')).toBe(true);
  });
});
