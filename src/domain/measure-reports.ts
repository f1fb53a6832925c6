// Shared goals, spend and return, the reverse-funnel planner and a saved plan against actual: what
// each computes, which of the common filters and breakdowns it takes, and why it refuses the others
// (a 400 naming the field, as the reports over leads refuse a deal's product). Pure.
import { AppError } from './errors.js';
import {
  type FilterDimension,
  REPORT_DIMENSIONS,
  type ReportDimension,
  type ReportFilters,
} from './reports.js';

export const MEASURE_REPORT_NAMES = ['goals', 'spend', 'planner', 'plan'] as const;
export type MeasureReportName = (typeof MEASURE_REPORT_NAMES)[number];

export interface MeasureReportDefinition {
  name: MeasureReportName;
  title: string;
  computes: string;
  /** The dimensions it filters and breaks down by (the period is always its from/to). */
  dimensions: readonly ReportDimension[];
  /** Each dimension it does not have, and why. */
  refused: Partial<Record<ReportDimension, string>>;
}

const LEAD_SLICES = ['source', 'medium', 'campaign', 'segment', 'territory', 'team', 'rep'] as const;
const NO_PRODUCT = 'MQLs, SQLs and the funnel are leads, which sell no product';

export const MEASURE_REPORTS: Record<MeasureReportName, MeasureReportDefinition> = {
  goals: {
    name: 'goals',
    title: 'Shared goals',
    computes:
      "Attainment of the revenue, weighted pipeline, SQL and MQL goals per month and quarter: actual, % of goal, and the pace expected by now. With filters or a breakdown the actuals are the slice's, measured against the slice's own goal where an admin set one (a team's, rep's, segment's, territory's or source's: a breakdown value's own first, then the most specific filter's), else against the workspace's goal, as the slice's share of it.",
    dimensions: LEAD_SLICES,
    refused: { period: 'goals are already per month and quarter', product: NO_PRODUCT },
  },
  spend: {
    name: 'spend',
    title: 'Spend and return',
    computes:
      'Spend per channel (the lead source) against the MQLs, SQLs, customers and revenue it brought: cost per MQL, SQL and customer, revenue per unit of spend; by period, the totals of all channels per month. Spend is recorded per channel and month, and optionally per medium and campaign. Spend recorded without a campaign (or medium) is the channel\'s spend not given to one: filtering by a campaign leaves it out, and a breakdown by campaign shows it as the channel\'s "not set" row, beside the leads that carry no campaign.',
    dimensions: ['period', 'source', 'medium', 'campaign'],
    refused: Object.fromEntries(
      REPORT_DIMENSIONS.filter((d) => !['period', 'source', 'medium', 'campaign'].includes(d)).map((d) => [
        d,
        `spend is recorded per channel (the source), medium, campaign and month: it has no ${d}`,
      ]),
    ),
  },
  planner: {
    name: 'planner',
    title: 'Reverse-funnel planner',
    computes:
      "From a revenue goal and a period: the wins, opportunities, SQLs, SALs, MQLs and leads needed and by which month, from measured rates, deal size and lags (each overridable). Filtered, the rates, deal size and lags are the slice's and the plan is the slice's; broken down, the goal is split over the groups by their share of the revenue won while measuring, and each group is planned at its own figures.",
    dimensions: LEAD_SLICES,
    refused: { period: 'a plan is already laid out by month', product: NO_PRODUCT },
  },
  plan: {
    name: 'plan',
    title: 'Plan against actual',
    computes:
      "A saved plan's volumes per step and month beside what happened (in the slice the plan was made for), and each step's pace to date.",
    dimensions: [],
    refused: {},
  },
};

/** A dimension the report does not have, as the field that names it and why; null when it has them all. */
export function measureDimensionProblem(
  name: MeasureReportName,
  filters: Pick<ReportFilters, 'where' | 'by'>,
): { field: string; message: string } | null {
  const { dimensions, refused } = MEASURE_REPORTS[name];
  const why = (d: ReportDimension) =>
    `${name} has no ${d} dimension: ${refused[d] ?? 'it does not apply'} (it has ${dimensions.join(', ') || 'none'})`;
  if (filters.by && !dimensions.includes(filters.by)) return { field: 'by', message: why(filters.by) };
  for (const d of Object.keys(filters.where) as FilterDimension[]) {
    if (filters.where[d] !== undefined && !dimensions.includes(d)) return { field: d, message: why(d) };
  }
  return null;
}

/** Refuses a filter or breakdown the report does not have: a 400 naming the field. */
export function assertMeasureDimensions(
  name: MeasureReportName,
  filters: Pick<ReportFilters, 'where' | 'by'>,
): void {
  const problem = measureDimensionProblem(name, filters);
  if (problem) throw new AppError('validation_failed', `${problem.field}: ${problem.message}`, [problem]);
}
