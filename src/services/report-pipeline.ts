// Pipeline as a use-case: the store's sums laid out by the agreement's opportunity stages.
import { DEFAULT_OPPORTUNITY_STAGES, opportunityStagesOf } from '../domain/opportunities.js';
import { type PipelineReport, pipelineReport } from '../domain/report-pipeline.js';
import { type ReportFilters, assertReportDimensions } from '../domain/reports.js';
import { activeAgreementHead } from '../store/agreements.js';
import { openPipeline, periodPipeline, wonCycleTimes } from '../store/report-pipeline.js';
import { agreementOfVersion } from './agreements.js';
import { type Deps, reportReader } from './deps.js';

export interface PipelineResult extends PipelineReport {
  report: 'pipeline';
  filters: ReportFilters;
  generatedAt: Date;
}

export async function pipeline(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
): Promise<PipelineResult> {
  assertReportDimensions('pipeline', filters);
  const now = deps.clock();
  const head = await activeAgreementHead(reportReader(deps), workspaceId);
  const agreement = head ? (await agreementOfVersion(reportReader(deps), workspaceId, head)).agreement : null;
  const [open, period, cycles] = await Promise.all([
    openPipeline(reportReader(deps), workspaceId, filters),
    periodPipeline(reportReader(deps), workspaceId, filters),
    wonCycleTimes(reportReader(deps), workspaceId, filters),
  ]);
  const stages = agreement ? opportunityStagesOf(agreement) : DEFAULT_OPPORTUNITY_STAGES;
  return { report: 'pipeline', filters, generatedAt: now, ...pipelineReport(open, period, stages, cycles) };
}

/** The pipeline as one table: a `part` column says which of stage, source or summary a row is. */
export function pipelineTable(result: PipelineResult): (string | number | null)[][] {
  return [
    [
      'part',
      'name',
      'group',
      'open',
      'open_amount',
      'weighted',
      'won',
      'lost',
      'win_rate',
      'won_amount',
      'average_deal_size',
      'closing_in_period',
      'closing_weighted',
      'forecast',
      'won_cycle_days_mean',
      'won_cycle_days_median',
      'won_cycle_days_p75',
      'won_cycle_days_p90',
    ],
    ...result.byStage.map((s) => ['stage', s.stage, s.group, s.count, s.amount, s.weighted, ...blank(12)]),
    ...result.bySource.map((s) => ['source', s.source, s.group, s.count, s.amount, s.weighted, ...blank(12)]),
    ...result.summary.map((s) => [
      'summary',
      null,
      s.group,
      s.open,
      s.openAmount,
      s.weighted,
      s.won,
      s.lost,
      s.winRate,
      s.wonAmount,
      s.averageDealSize,
      s.closingCount,
      s.closingWeighted,
      s.forecast,
      s.cycleTime.mean,
      s.cycleTime.median,
      s.cycleTime.p75,
      s.cycleTime.p90,
    ]),
  ];
}

const blank = (n: number): null[] => Array.from({ length: n }, () => null);
