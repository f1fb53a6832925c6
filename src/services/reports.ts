// The shared reports as one use-case: validated filters in, the report's figures out. The same
// result feeds the API's JSON, its CSV, the CLI and the Overview page.
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../domain/errors.js';
import { type FunnelCohort, type FunnelTotal, funnelReport } from '../domain/report-funnel.js';
import {
  businessHourStages,
  businessStageDurations,
  type CycleTime,
  type StageVelocity,
  VELOCITY_STAGES,
  velocityReport,
} from '../domain/report-velocity.js';
import { assertReportDimensions, type ReportFilters, type ReportName, REPORTS } from '../domain/reports.js';
import { workspaceCalendar } from '../domain/workspace-setup.js';
import { activeAgreementHead } from '../store/agreements.js';
import { cycleTimes, funnelCounts, stageDurations, stays } from '../store/reports.js';
import { getWorkspace } from '../store/workspaces.js';
import { agreementOfVersion } from './agreements.js';
import { type Deps, reportReader } from './deps.js';
import { type InfluenceResult, contentInfluence, influenceTable } from './report-influence.js';
import { type PipelineResult, pipeline, pipelineTable } from './report-pipeline.js';
import { type QualityResult, leadQuality, qualityTable } from './report-quality.js';
import { type SlaResult, slaCompliance, slaTable } from './report-sla.js';

export interface FunnelResult {
  report: 'funnel';
  filters: ReportFilters;
  windowDays: number;
  generatedAt: Date;
  cohorts: FunnelCohort[];
  total: FunnelTotal[];
}

export interface VelocityResult {
  report: 'velocity';
  filters: ReportFilters;
  generatedAt: Date;
  stages: StageVelocity[];
  cycleTime: CycleTime[];
}

export type ReportResult =
  FunnelResult | VelocityResult | QualityResult | PipelineResult | SlaResult | InfluenceResult;

/** Any report by name, with the options of its query (the CLI's one entry point). */
export function runReport(
  deps: Deps,
  name: ReportName,
  workspaceId: string,
  filters: ReportFilters,
  options: { windowDays?: number; minLeads?: number } = {},
): Promise<ReportResult> {
  switch (name) {
    case 'funnel':
      return funnelConversion(deps, workspaceId, filters, options.windowDays);
    case 'velocity':
      return velocity(deps, workspaceId, filters);
    case 'quality':
      return leadQuality(deps, workspaceId, filters);
    case 'pipeline':
      return pipeline(deps, workspaceId, filters);
    case 'sla':
      return slaCompliance(deps, workspaceId, filters);
    case 'influence':
      return contentInfluence(deps, workspaceId, filters, options.minLeads);
  }
}

export const MAX_WINDOW_DAYS = 730;

export async function funnelConversion(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
  windowDays: number = REPORTS.funnel.options.windowDays?.default ?? 90,
): Promise<FunnelResult> {
  assertReportDimensions('funnel', filters);
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
    throw new AppError(
      'validation_failed',
      `windowDays: must be a whole number from 1 to ${MAX_WINDOW_DAYS}`,
      [{ field: 'windowDays', message: `must be a whole number from 1 to ${MAX_WINDOW_DAYS}` }],
    );
  }
  const now = deps.clock();
  const counts = await funnelCounts(reportReader(deps), workspaceId, filters, windowDays);
  return {
    report: 'funnel',
    filters,
    windowDays,
    generatedAt: now,
    ...funnelReport(counts, filters.period, windowDays, now),
  };
}

export async function velocity(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
): Promise<VelocityResult> {
  assertReportDimensions('velocity', filters);
  const now = deps.clock();
  const [head, workspace] = await Promise.all([
    activeAgreementHead(reportReader(deps), workspaceId),
    getWorkspace(reportReader(deps), workspaceId),
  ]);
  const agreement = head ? (await agreementOfVersion(reportReader(deps), workspaceId, head)).agreement : null;
  const business = businessHourStages(agreement);
  const calendarStages = VELOCITY_STAGES.filter((s) => !business.has(s));
  const businessStages = VELOCITY_STAGES.filter((s) => business.has(s));
  const [calendarRows, businessRows, cycle] = await Promise.all([
    stageDurations(reportReader(deps), workspaceId, filters, calendarStages),
    stays(reportReader(deps), workspaceId, filters, businessStages),
    cycleTimes(reportReader(deps), workspaceId, filters),
  ]);
  const fallback = workspaceCalendar(workspace?.settings ?? {}, workspace?.timeZone ?? 'UTC');
  return {
    report: 'velocity',
    filters,
    generatedAt: now,
    stages: velocityReport([...calendarRows, ...businessStageDurations(businessRows, fallback)], business),
    cycleTime: cycle.map((c) => ({ ...c, unit: 'days' as const })),
  };
}

/** A report as one flat table (header first): what its CSV holds and what the CLI prints without --json. */
export function reportTable(result: ReportResult): (string | number | null)[][] {
  if (result.report === 'quality') return qualityTable(result);
  if (result.report === 'pipeline') return pipelineTable(result);
  if (result.report === 'sla') return slaTable(result);
  if (result.report === 'influence') return influenceTable(result);
  if (result.report === 'funnel') {
    const header = ['cohort', 'group', 'status', 'step', 'reached', 'advanced', 'conversion', 'from_lead'];
    const row = (cohort: string, group: string | null, status: string, s: FunnelCohort['steps'][number]) => [
      cohort,
      group,
      status,
      s.step,
      s.reached,
      s.advanced,
      s.conversion,
      s.fromLead,
    ];
    return [
      header,
      ...result.cohorts.flatMap((c) => c.steps.map((s) => row(c.cohort, c.group, c.status, s))),
      ...result.total.flatMap((t) => t.steps.map((s) => row('total', t.group, t.basis, s))),
    ];
  }
  return [
    ['measure', 'group', 'unit', 'count', 'median', 'p75', 'p90'],
    ...result.stages.map((s) => [s.stage, s.group, s.unit, s.count, s.median, s.p75, s.p90]),
    ...result.cycleTime.map((c) => ['cycle_time', c.group, c.unit, c.count, c.median, c.p75, c.p90]),
  ];
}

/**
 * The report's table as CSV (RFC 4180, header first, an empty cell for null): one small function, so
 * a generic export mechanism can take its place.
 */
export function reportCsv(result: ReportResult): string {
  return stringify(reportTable(result).map((r) => r.map((v) => (v === null ? '' : v))));
}
