// The shared reports: their names, filters and breakdowns, and the arithmetic they share (rates,
// percentiles, cohorts, windows). Pure: the store counts, this module decides what the counts mean.
import type { Agreement } from './agreement.js';
import { AppError } from './errors.js';
import { type BusinessCalendar, businessTimeBetween } from './business-hours.js';
import { type ReportPeriod, addMonths, monthStart, monthsOf } from './report-months.js';
import type { Stage } from './stages.js';

export type { ReportPeriod } from './report-months.js';

/** Dimensions a report can be filtered to one value of (the period is its own from/to filter). */
export const FILTER_DIMENSIONS = [
  'source',
  'medium',
  'campaign',
  'segment',
  'territory',
  'team',
  'rep',
  'product',
] as const;

/** What every report can be filtered by and broken down by (the period is a filter and a breakdown: by month). */
export const REPORT_DIMENSIONS = ['period', ...FILTER_DIMENSIONS] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

/**
 * What a dimension means on a lead. The segment is the lead's industry (marketing's vertical), the
 * territory its region (how routing splits sales), the team its routing team, the rep its owner.
 * The product is a deal's own (what it sells): only reports over opportunities have it.
 */
export const DIMENSION_LABELS: Record<ReportDimension, string> = {
  period: 'Month',
  source: 'Source',
  medium: 'Medium',
  campaign: 'Campaign',
  segment: 'Segment (industry)',
  territory: 'Territory (region)',
  team: 'Team',
  rep: 'Rep',
  product: 'Product',
};

/** Dimensions only a deal has: the reports over leads and clocks neither filter nor break down by them. */
const DEAL_DIMENSIONS: readonly ReportDimension[] = ['product'];

export interface ReportFilters {
  period: ReportPeriod;
  where: Partial<Record<FilterDimension, string>>;
  by: ReportDimension | null;
}

export const REPORT_NAMES = ['funnel', 'velocity', 'quality', 'pipeline', 'sla', 'influence'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface ReportDefinition {
  name: ReportName;
  title: string;
  /** One sentence: what the report computes and from what. */
  computes: string;
  /** Report-specific options beyond the common filters, with their defaults. */
  options: Record<string, { description: string; default: number }>;
  /** The dimensions it filters and breaks down by. */
  dimensions: readonly ReportDimension[];
}

const LEAD_DIMENSIONS = REPORT_DIMENSIONS.filter((d) => !DEAL_DIMENSIONS.includes(d));

/** Every report, in the order `tandem report list` and the Overview show them. */
export const REPORTS: Record<ReportName, ReportDefinition> = {
  funnel: {
    name: 'funnel',
    title: 'Funnel conversion',
    computes:
      'Leads by cohort (the month they entered), how many reached each stage within the window and the share that went on to the next stage, from the transitions (a recycled lead counts once per stage it really reached).',
    options: {
      windowDays: { description: 'a stage counts if reached within this many days of entry', default: 90 },
    },
    dimensions: LEAD_DIMENSIONS,
  },
  velocity: {
    name: 'velocity',
    title: 'Velocity',
    computes:
      "Time in each stage (median, p75, p90) for stays that began in the period, in business hours where the agreement's SLA measures that stage so, and the cycle time from lead to customer for leads won in the period.",
    options: {},
    dimensions: LEAD_DIMENSIONS,
  },
  quality: {
    name: 'quality',
    title: 'Lead quality',
    computes:
      'Per source and campaign, the leads that qualified (MQL or PQL) in the period and what became of them since: the share sales accepted (SAL), qualified (SQL) and won, the revenue of their won opportunities, rejections by reason code and the disputes of those rejections.',
    options: {},
    dimensions: LEAD_DIMENSIONS,
  },
  pipeline: {
    name: 'pipeline',
    title: 'Pipeline',
    computes:
      "Open opportunities now by stage and by source with their weighted value (amount × probability); of the deals closed in the period, the win rate and average deal size; the period's forecast: won in it plus the weighted open deals due to close in it.",
    options: {},
    dimensions: REPORT_DIMENSIONS,
  },
  sla: {
    name: 'sla',
    title: 'SLA compliance',
    computes:
      "Per month, the SLA clocks started (by the rep and team they ran for): met, met late, warnings, breaches, the follow-up rate and the response time to accept or first touch (median, p75, p90, business hours); beside it marketing's MQL commitment against the MQLs delivered, per commitment period.",
    options: {},
    dimensions: LEAD_DIMENSIONS,
  },
  influence: {
    name: 'influence',
    title: 'Content influence',
    computes:
      "For the leads that entered in the period, each touch their events carry (a page's path, an asset, a campaign, a track event's name): of the leads that had it no later than first reaching MQL, SQL and won (or never reached the stage), the share that reached it, against the base rate of all the period's leads (lift = share / base rate; shown from minLeads such leads, with the lower end of its 95% Wilson interval beside it); the content gap is the touches whose won lift is at least 1.5 and reliably above 1, yet that at most 15% of the period's leads had.",
    options: {
      minLeads: {
        description: 'a lift is shown only when at least this many leads had the touch before the stage',
        default: 20,
      },
    },
    dimensions: LEAD_DIMENSIONS,
  },
};

export function isReportName(name: string): name is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(name);
}

/**
 * A dimension the report does not have (a product on a report over leads), as the field that names
 * it (`by`, or the filter) and why; null when the report has every dimension the filters use.
 */
export function dimensionProblem(
  name: ReportName,
  filters: ReportFilters,
): { field: string; message: string } | null {
  const has = REPORTS[name].dimensions;
  const why = (d: string) => `${name} has no ${d} dimension (it is ${has.join(', ')})`;
  if (filters.by && !has.includes(filters.by)) return { field: 'by', message: why(filters.by) };
  for (const d of Object.keys(filters.where) as FilterDimension[]) {
    if (filters.where[d] !== undefined && !has.includes(d)) return { field: d, message: why(d) };
  }
  return null;
}

/** Refuses filters that use a dimension the report does not have: a 400 naming the field. */
export function assertReportDimensions(name: ReportName, filters: ReportFilters): void {
  const problem = dimensionProblem(name, filters);
  if (problem) throw new AppError('validation_failed', `${problem.field}: ${problem.message}`, [problem]);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/** Orders breakdown values by name, the values without one (null) last. */
export function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** numerator / denominator, or null when there is nothing to divide (never a bare 0 of nothing). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of the values by linear interpolation between closest ranks: the same
 * definition as PostgreSQL's `percentile_cont`, so a figure computed here and one computed in SQL agree.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export interface Distribution {
  count: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
}

export function distributionOf(values: readonly number[]): Distribution {
  return {
    count: values.length,
    median: percentile(values, 0.5),
    p75: percentile(values, 0.75),
    p90: percentile(values, 0.9),
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel conversion

/** The funnel's steps; mql and pql are two doors into the same room, so they are one step. */
export const FUNNEL_STEPS = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** The stages whose entry counts as reaching a step. */
export const FUNNEL_STEP_STAGES: Record<FunnelStep, readonly Stage[]> = {
  lead: ['lead'],
  mql: ['mql', 'pql'],
  sal: ['sal'],
  sql: ['sql'],
  opportunity: ['opportunity'],
  customer: ['customer'],
};

/** What the store counts per cohort (and breakdown value): leads that reached each step within the window. */
export interface FunnelCohortCounts {
  cohort: string;
  group: string | null;
  /** Leads of the cohort that reached each step within the window (the lead step: every lead of the cohort). */
  reached: Record<FunnelStep, number>;
  /** Of those that reached a step, how many reached the next one after it, within the window. */
  advanced: Record<FunnelStep, number>;
}

/**
 * complete: every lead of the cohort has had the whole window; maturing: some have not yet, so its
 * rates can still rise; empty: no lead entered (a month that has just begun is `maturing` or `empty`, never 0%).
 */
export type CohortStatus = 'complete' | 'maturing' | 'empty';

export interface FunnelStepFigures {
  step: FunnelStep;
  reached: number;
  advanced: number;
  /** advanced / reached: the share that went on to the next step (null for the last step or none reached). */
  conversion: number | null;
  /** reached / leads of the cohort. */
  fromLead: number | null;
}

export interface FunnelCohort {
  cohort: string;
  group: string | null;
  status: CohortStatus;
  /** When the cohort's last lead will have had the whole window. */
  completeAt: string;
  leads: number;
  steps: FunnelStepFigures[];
}

export function cohortStatus(cohort: string, leads: number, windowDays: number, now: Date): CohortStatus {
  if (leads === 0) return 'empty';
  return now >= cohortCompleteAt(cohort, windowDays) ? 'complete' : 'maturing';
}

export function cohortCompleteAt(cohort: string, windowDays: number): Date {
  return new Date(monthStart(addMonths(cohort, 1)).getTime() + windowDays * 86_400_000);
}

function stepFigures(
  reached: Record<FunnelStep, number>,
  advanced: Record<FunnelStep, number>,
): FunnelStepFigures[] {
  return FUNNEL_STEPS.map((step, i) => ({
    step,
    reached: reached[step],
    advanced: i < FUNNEL_STEPS.length - 1 ? advanced[step] : 0,
    conversion: i < FUNNEL_STEPS.length - 1 ? rate(advanced[step], reached[step]) : null,
    fromLead: rate(reached[step], reached.lead),
  }));
}

const zeroSteps = (): Record<FunnelStep, number> =>
  Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as Record<FunnelStep, number>;

/**
 * Every month of the period gets a row per group, counted or not: a month without leads is `empty`
 * and its rates are null. The total adds counts (never averages rates) over the complete cohorts
 * only when any is complete, else over all, and says which.
 */
export function funnelReport(
  counts: readonly FunnelCohortCounts[],
  period: ReportPeriod,
  windowDays: number,
  now: Date,
): { cohorts: FunnelCohort[]; total: FunnelTotal[] } {
  const groups = [...new Set(counts.map((c) => c.group))].sort(compareGroups);
  if (groups.length === 0) groups.push(null);
  const byKey = new Map(counts.map((c) => [`${c.cohort}\u0000${c.group ?? ''}`, c]));
  const cohorts: FunnelCohort[] = [];
  for (const group of groups) {
    for (const cohort of monthsOf(period)) {
      const c = byKey.get(`${cohort}\u0000${group ?? ''}`);
      const reached = c?.reached ?? zeroSteps();
      cohorts.push({
        cohort,
        group,
        status: cohortStatus(cohort, reached.lead, windowDays, now),
        completeAt: cohortCompleteAt(cohort, windowDays).toISOString(),
        leads: reached.lead,
        steps: stepFigures(reached, c?.advanced ?? zeroSteps()),
      });
    }
  }
  const total = groups.map((group) =>
    funnelTotal(
      cohorts.filter((c) => c.group === group),
      group,
    ),
  );
  return { cohorts, total };
}

export interface FunnelTotal {
  group: string | null;
  /** Which cohorts the total adds: the complete ones if any, else all that have leads. */
  basis: 'complete' | 'all';
  cohorts: number;
  leads: number;
  steps: FunnelStepFigures[];
}

export function funnelTotal(cohorts: readonly FunnelCohort[], group: string | null): FunnelTotal {
  const complete = cohorts.filter((c) => c.status === 'complete');
  const basis = complete.length > 0 ? 'complete' : 'all';
  const used = basis === 'complete' ? complete : cohorts.filter((c) => c.status !== 'empty');
  const reached = zeroSteps();
  const advanced = zeroSteps();
  for (const c of used) {
    for (const s of c.steps) {
      reached[s.step] += s.reached;
      advanced[s.step] += s.advanced;
    }
  }
  return { group, basis, cohorts: used.length, leads: reached.lead, steps: stepFigures(reached, advanced) };
}

function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Velocity

/** The stages a lead stays in and moves on from, in funnel order (mql and pql each their own stay). */
export const VELOCITY_STAGES = ['lead', 'mql', 'pql', 'sal', 'sql', 'opportunity', 'nurture'] as const;
export type VelocityStage = (typeof VELOCITY_STAGES)[number];

export type TimeUnit = 'business_hours' | 'hours';

/**
 * Stages the agreement times in business hours: those an SLA policy with a business-hours or
 * business-days target watches. Everything else is calendar time.
 */
export function businessHourStages(agreement: Agreement | null): Set<Stage> {
  return new Set((agreement?.sla.policies ?? []).map((p) => p.stage));
}

export interface StageVelocity extends Distribution {
  stage: VelocityStage;
  group: string | null;
  unit: TimeUnit;
}

export interface CycleTime extends Distribution {
  group: string | null;
  /** Calendar days from the lead's first transition to its first customer transition. */
  unit: 'days';
}

/** An ended stay in a stage, as the business-hours measure needs it. */
export interface Stay {
  stage: VelocityStage;
  group: string | null;
  enteredAt: Date;
  leftAt: Date;
  /** The lead's team calendar; null: the workspace's business hours. */
  calendar: BusinessCalendar | null;
}

/** Business hours spent in each stage, per stage and breakdown value, in each stay's own calendar. */
export function businessStageDurations(
  stays: readonly Stay[],
  workspaceCalendar: BusinessCalendar,
): ({ stage: VelocityStage; group: string | null } & Distribution)[] {
  const hours = new Map<string, { stage: VelocityStage; group: string | null; values: number[] }>();
  for (const s of stays) {
    const key = `${s.stage}\u0000${s.group ?? ''}`;
    const entry = hours.get(key) ?? { stage: s.stage, group: s.group, values: [] };
    entry.values.push(
      businessTimeBetween(s.enteredAt, s.leftAt, s.calendar ?? workspaceCalendar) / 3_600_000,
    );
    hours.set(key, entry);
  }
  return [...hours.values()].map((e) => ({ stage: e.stage, group: e.group, ...distributionOf(e.values) }));
}

/** Every velocity stage gets a row per group (count 0 and null figures when nothing ended there). */
export function velocityReport(
  durations: readonly ({ stage: VelocityStage; group: string | null } & Distribution)[],
  businessStages: ReadonlySet<Stage>,
): StageVelocity[] {
  const groups = [...new Set(durations.map((d) => d.group))].sort(compareGroups);
  if (groups.length === 0) groups.push(null);
  const byKey = new Map(durations.map((d) => [`${d.stage}\u0000${d.group ?? ''}`, d]));
  return groups.flatMap((group) =>
    VELOCITY_STAGES.map((stage) => {
      const d = byKey.get(`${stage}\u0000${group ?? ''}`);
      return {
        stage,
        group,
        unit: businessStages.has(stage) ? ('business_hours' as const) : ('hours' as const),
        count: d?.count ?? 0,
        median: d?.median ?? null,
        p75: d?.p75 ?? null,
        p90: d?.p90 ?? null,
      };
    }),
  );
}
