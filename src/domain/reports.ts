// The shared reports: their names, filters and breakdowns, and the arithmetic they share (rates,
// percentiles, ordering). Each report's own maths is in its report-*.ts (funnel, velocity, quality, …).
// Pure: the store counts, these modules decide what the counts mean.
import { AppError } from './errors.js';
import type { ReportPeriod } from './report-months.js';

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
