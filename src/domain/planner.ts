// The reverse-funnel planner: from a revenue goal for a period, the wins, opportunities, SQLs, SALs,
// MQLs and leads needed and by which month each must happen, from conversion rates, the average deal
// size and the lags between stages (measured by the funnel and velocity reports, each overridable).
// Pure: planFunnel(inputs) → plan; comparePlan(plan, actuals, now) → plan against actual.
import { type ReportPeriod, addMonths, monthOf, monthsOf, monthStart, periodRange } from './report-months.js';
import { FUNNEL_STEPS, type FunnelStep } from './report-funnel.js';
import type { FilterDimension } from './reports.js';

/** The steps a plan goes back through, from the lead to the customer (the win). */
export const PLAN_STEPS = FUNNEL_STEPS;
export type PlanStep = FunnelStep;
/** The steps that convert into the next one: each has a rate and a lag. */
export const PLAN_FROM_STEPS = ['lead', 'mql', 'sal', 'sql', 'opportunity'] as const;
export type PlanFromStep = (typeof PLAN_FROM_STEPS)[number];

export const PLAN_STEP_LABELS: Record<PlanStep, string> = {
  lead: 'Leads',
  mql: 'MQLs',
  sal: 'SALs',
  sql: 'SQLs',
  opportunity: 'Opportunities',
  customer: 'Wins',
};

export interface ChannelCost {
  channel: string | null;
  /** The channel's share of MQLs (any non-negative weight; the plan normalises them). */
  mqlShare: number;
  /** Today's cost per MQL on the channel; null when no spend is recorded for it. */
  costPerMql: number | null;
}

export interface PlanInputs {
  revenueGoal: number;
  period: ReportPeriod;
  /** Average won deal (revenue per win). */
  dealSize: number;
  /** Share of a step that goes on to the next one (lead → mql, …, opportunity → customer), in (0, 1]. */
  rates: Record<PlanFromStep, number>;
  /** Days from entering a step to entering the next one. */
  lagDays: Record<PlanFromStep, number>;
  /** How MQLs split over channels and what each costs today (empty: no per-channel figures). */
  channels: ChannelCost[];
  /** The slice the plan is for (its rates were measured on, its actual is counted in); none: the workspace. */
  where?: Partial<Record<FilterDimension, string>>;
}

export interface PlannedStep {
  step: PlanStep;
  /** How many must reach this step. */
  needed: number;
  /** Its rate to the next step and the lag until then (null for the win). */
  rate: number | null;
  lagDays: number | null;
  /** Days from entering this step to the win: the lags from here on, added. */
  daysToWin: number;
  /** The first and the last month in which this step's volume must happen. */
  fromMonth: string;
  byMonth: string;
  months: { month: string; needed: number }[];
}

export interface PlannedChannel {
  channel: string | null;
  mqls: number;
  costPerMql: number | null;
  /** mqls × costPerMql; null when the channel's cost is not known. */
  spend: number | null;
}

export interface Plan {
  inputs: PlanInputs;
  revenue: number;
  steps: PlannedStep[];
  channels: PlannedChannel[];
  /** Spend the channels with a known cost need, added. */
  spend: number;
}

const DAY = 86_400_000;
/** More people than any plan can mean (and past which whole-number arithmetic in doubles fails). */
export const MAX_PLANNED = 1e12;

/** The smallest whole n with n × rate ≥ need (exact in floating point, not just up to rounding). */
export function wholeCovering(need: number, rate: number): number {
  if (need <= 0) return 0;
  let n = Math.ceil(need / rate);
  if (n > MAX_PLANNED) return n;
  while (n > 0 && (n - 1) * rate >= need) n--;
  while (n * rate < need) n++;
  return n;
}

/** `total` split in whole parts by the weights (largest remainder; ties to the earlier part). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (weights.length === 0) return [];
  if (sum <= 0)
    return apportion(
      total,
      weights.map(() => 1),
    );
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** The month in which something must happen to be `days` before the instant `end`. */
function monthBefore(end: Date, days: number): string {
  return monthOf(new Date(end.getTime() - days * DAY - 1));
}

export class PlanInputError extends RangeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

function checkInputs(inputs: PlanInputs): void {
  const finite = (field: string, v: number, min: number, max: number) => {
    if (!Number.isFinite(v) || v < min || v > max)
      throw new PlanInputError(field, `must be a number from ${min} to ${max}`);
  };
  finite('revenueGoal', inputs.revenueGoal, 0, 1e13);
  if (!(inputs.dealSize > 0)) throw new PlanInputError('dealSize', 'must be more than 0');
  finite('dealSize', inputs.dealSize, 0, 1e12);
  for (const s of PLAN_FROM_STEPS) {
    const r = inputs.rates[s];
    if (!(r > 0) || r > 1) throw new PlanInputError(`rates.${s}`, 'must be more than 0 and at most 1');
    finite(`lagDays.${s}`, inputs.lagDays[s], 0, 3650);
  }
  if (inputs.period.from > inputs.period.to) throw new PlanInputError('period', 'to must not be before from');
}

/**
 * The plan: wins enough that wins × deal size meets the goal, and at each step back enough that
 * step × rate covers the next (whole people, rounded up). The wins are spread evenly over the
 * period's months (earlier months take the remainder); each step's volume falls that step's lag to
 * the win before each month's end, so a step's last month is the period's end less its lags.
 */
export function planFunnel(inputs: PlanInputs): Plan {
  checkInputs(inputs);
  const needed = {} as Record<PlanStep, number>;
  needed.customer = wholeCovering(inputs.revenueGoal, inputs.dealSize);
  for (let i = PLAN_FROM_STEPS.length - 1; i >= 0; i--) {
    const s = PLAN_FROM_STEPS[i] as PlanFromStep;
    const next = PLAN_STEPS[i + 1] as PlanStep;
    needed[s] = wholeCovering(needed[next], inputs.rates[s]);
  }
  if (needed.lead > MAX_PLANNED)
    throw new PlanInputError(
      'revenueGoal',
      'needs more than 10^12 leads at these rates: lower the goal or raise a rate',
    );
  const periodMonths = monthsOf(inputs.period);
  const ends = periodMonths.map((m) => monthStart(addMonths(m, 1)));
  const weights = periodMonths.map(() => 1);
  let daysToWin = 0;
  const steps: PlannedStep[] = [];
  for (let i = PLAN_STEPS.length - 1; i >= 0; i--) {
    const step = PLAN_STEPS[i] as PlanStep;
    const from = step === 'customer' ? null : (step as PlanFromStep);
    if (from) daysToWin += inputs.lagDays[from];
    const parts = apportion(needed[step], weights);
    const byMonth = new Map<string, number>();
    ends.forEach((end, k) => {
      const month = monthBefore(end, daysToWin);
      byMonth.set(month, (byMonth.get(month) ?? 0) + (parts[k] ?? 0));
    });
    const months = [...byMonth.entries()].map(([month, n]) => ({ month, needed: n }));
    steps.unshift({
      step,
      needed: needed[step],
      rate: from ? inputs.rates[from] : null,
      lagDays: from ? inputs.lagDays[from] : null,
      daysToWin,
      fromMonth: months[0]?.month ?? inputs.period.from,
      byMonth: months[months.length - 1]?.month ?? inputs.period.to,
      months,
    });
  }
  const shares = apportion(
    needed.mql,
    inputs.channels.map((c) => c.mqlShare),
  );
  const channels = inputs.channels.map((c, i) => {
    const mqls = shares[i] ?? 0;
    return {
      channel: c.channel,
      mqls,
      costPerMql: c.costPerMql,
      spend: c.costPerMql === null ? null : mqls * c.costPerMql,
    };
  });
  return {
    inputs,
    revenue: needed.customer * inputs.dealSize,
    steps,
    channels,
    spend: channels.reduce((sum, c) => sum + (c.spend ?? 0), 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Plan against actual

export interface StepActual {
  step: PlanStep;
  month: string;
  count: number;
}

export interface PlanMonthFigures {
  step: PlanStep;
  month: string;
  planned: number;
  actual: number;
}

export interface PlanStepProgress {
  step: PlanStep;
  needed: number;
  /** What the plan asks for by now: its past months in full, the current month prorated by the day. */
  plannedByNow: number;
  /** Actual over the step's plan months up to now. */
  actual: number;
  /** actual / plannedByNow (null before any of the step's plan has come due). */
  pace: number | null;
  status: 'upcoming' | 'running' | 'ended';
}

/** The plan's months for every step with the actual beside each, and each step's progress at `now`. */
export function comparePlan(
  plan: Plan,
  actuals: readonly StepActual[],
  now: Date,
): { months: PlanMonthFigures[]; progress: PlanStepProgress[] } {
  const actualOf = new Map(actuals.map((a) => [`${a.step}\u0000${a.month}`, a.count]));
  const current = monthOf(now);
  const months: PlanMonthFigures[] = [];
  const progress: PlanStepProgress[] = [];
  for (const s of plan.steps) {
    const span = monthsOf({ from: s.fromMonth, to: s.byMonth });
    const plannedIn = new Map(s.months.map((m) => [m.month, m.needed]));
    let plannedByNow = 0;
    let actual = 0;
    for (const month of span) {
      const planned = plannedIn.get(month) ?? 0;
      const got = actualOf.get(`${s.step}\u0000${month}`) ?? 0;
      months.push({ step: s.step, month, planned, actual: got });
      if (month < current) {
        plannedByNow += planned;
        actual += got;
      } else if (month === current) {
        plannedByNow += planned * elapsedOfMonth(month, now);
        actual += got;
      }
    }
    const { start, end } = periodRange({ from: s.fromMonth, to: s.byMonth });
    progress.push({
      step: s.step,
      needed: s.needed,
      plannedByNow,
      actual,
      pace: plannedByNow > 0 ? actual / plannedByNow : null,
      status: now < start ? 'upcoming' : now >= end ? 'ended' : 'running',
    });
  }
  return { months, progress };
}

function elapsedOfMonth(month: string, now: Date): number {
  const { start, end } = periodRange({ from: month, to: month });
  return Math.min(1, Math.max(0, (now.getTime() - start.getTime()) / (end.getTime() - start.getTime())));
}

// ---------------------------------------------------------------------------------------------
// Measured figures with overrides

/** What the reports measured (null where there was nothing to measure). */
export interface MeasuredInputs {
  dealSize: number | null;
  rates: Record<PlanFromStep, number | null>;
  lagDays: Record<PlanFromStep, number | null>;
  channels: ChannelCost[];
}

export interface PlanOverrides {
  dealSize?: number | undefined;
  rates?: Partial<Record<PlanFromStep, number | undefined>>;
  lagDays?: Partial<Record<PlanFromStep, number | undefined>>;
}

export type InputSource = 'measured' | 'override';

/**
 * The plan's inputs: each override where given, else the measured figure. `missing` names the
 * inputs neither gives (`rates.sal`, `dealSize`…): the plan cannot be made until they are overridden.
 */
export function mergeInputs(
  goal: { revenueGoal: number; period: ReportPeriod },
  measured: MeasuredInputs,
  overrides: PlanOverrides,
): { inputs: PlanInputs | null; sources: Record<string, InputSource>; missing: string[] } {
  const sources: Record<string, InputSource> = {};
  const missing: string[] = [];
  const pick = (field: string, override: number | undefined, value: number | null): number => {
    if (override !== undefined) {
      sources[field] = 'override';
      return override;
    }
    sources[field] = 'measured';
    if (value === null || !(value > 0 || (field.startsWith('lagDays') && value === 0))) {
      missing.push(field);
      return Number.NaN;
    }
    return value;
  };
  const dealSize = pick('dealSize', overrides.dealSize, measured.dealSize);
  const rates = {} as Record<PlanFromStep, number>;
  const lagDays = {} as Record<PlanFromStep, number>;
  for (const s of PLAN_FROM_STEPS) {
    rates[s] = pick(`rates.${s}`, overrides.rates?.[s], measured.rates[s]);
    lagDays[s] = pick(`lagDays.${s}`, overrides.lagDays?.[s], measured.lagDays[s]);
  }
  const inputs = { ...goal, dealSize, rates, lagDays, channels: measured.channels };
  return { inputs: missing.length === 0 ? inputs : null, sources, missing };
}

/**
 * A revenue goal split over groups by their weights (each group's revenue won while measuring): each
 * part is goal × weight / total, the last taking what rounding left so the parts add up to the goal.
 * Without any weight, nothing can be split: every part is null.
 */
export function splitGoal(goal: number, weights: readonly number[]): (number | null)[] {
  const total = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (!(total > 0)) return weights.map(() => null);
  const parts = weights.map((w) => (goal * Math.max(0, w)) / total);
  const last = parts.reduce((i, p, k) => (p > 0 ? k : i), -1);
  parts[last] = Math.max(0, goal - parts.reduce((a, p, k) => (k === last ? a : a + p), 0));
  return parts;
}
