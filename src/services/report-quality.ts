// Lead quality by source and campaign as a use-case: the store's counts, the domain's rates.
import { type QualityRow, type QualityTotal, qualityReport } from '../domain/report-quality.js';
import { type ReportFilters, assertReportDimensions } from '../domain/reports.js';
import { qualityCounts, qualityDisputes, qualityRejections } from '../store/report-quality.js';
import { type Deps, reportReader } from './deps.js';

export interface QualityResult {
  report: 'quality';
  filters: ReportFilters;
  generatedAt: Date;
  rows: QualityRow[];
  total: QualityTotal[];
}

export async function leadQuality(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
): Promise<QualityResult> {
  assertReportDimensions('quality', filters);
  const now = deps.clock();
  const [counts, rejections, disputes] = await Promise.all([
    qualityCounts(reportReader(deps), workspaceId, filters),
    qualityRejections(reportReader(deps), workspaceId, filters),
    qualityDisputes(reportReader(deps), workspaceId, filters),
  ]);
  return { report: 'quality', filters, generatedAt: now, ...qualityReport(counts, rejections, disputes) };
}

/** One row per source, campaign and breakdown value, then the totals; reasons as `code:n; code:n`. */
export function qualityTable(result: QualityResult): (string | number | null)[][] {
  const cells = (r: Omit<QualityRow, 'source' | 'campaign'>) => [
    r.mqls,
    r.accepted,
    r.acceptanceRate,
    r.sqls,
    r.sqlRate,
    r.won,
    r.winRate,
    r.revenue,
    r.rejected,
    r.rejections.map((x) => `${x.reason}:${x.count}`).join('; '),
    r.disputes,
    r.disputesByStatus.open,
    r.disputesByStatus.upheld,
    r.disputesByStatus.reversed,
  ];
  return [
    [
      'source',
      'campaign',
      'group',
      'mqls',
      'accepted',
      'acceptance_rate',
      'sqls',
      'sql_rate',
      'won',
      'win_rate',
      'revenue',
      'rejected',
      'rejection_reasons',
      'disputes',
      'disputes_open',
      'disputes_upheld',
      'disputes_reversed',
    ],
    ...result.rows.map((r) => [r.source, r.campaign, r.group, ...cells(r)]),
    ...result.total.map((t) => ['total', null, t.group, ...cells(t)]),
  ];
}
