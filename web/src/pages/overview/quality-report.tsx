// Lead quality by source and campaign: MQLs and what sales made of them (accepted, qualified, won,
// rejected and why, disputed).
import { useMemo } from 'react';
import type { QualityReport } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { EmptyState } from '../../components/states.js';
import { formatNumber, formatRate } from '../../format.js';
import { type SectionProps, csvQuery } from './report-groups.js';

const sourceName = (r: { source: string | null; campaign: string | null }) =>
  `${r.source ?? 'No source'}${r.campaign ? ` / ${r.campaign}` : ''}`;

export function QualitySection({ report, query, groupName }: SectionProps<QualityReport>) {
  const top = useMemo(() => report.rows.filter((r) => r.mqls > 0).slice(0, 8), [report]);
  const labels = useMemo(
    () => top.map((r) => (report.filters.by ? `${sourceName(r)} (${groupName(r.group)})` : sourceName(r))),
    [top, report, groupName],
  );
  const series = useMemo(
    () => [
      { label: 'MQLs', values: top.map((r) => r.mqls) },
      { label: 'Accepted', values: top.map((r) => r.accepted) },
      { label: 'SQL', values: top.map((r) => r.sqls) },
      { label: 'Won', values: top.map((r) => r.won) },
    ],
    [top],
  );
  const isBroken = report.filters.by !== null;
  type Total = QualityReport['total'][number];
  return (
    <ReportRow>
      <ChartPanel
        title="Lead quality by source and campaign"
        id="report-quality"
        actions={<DownloadCsv path="/api/v1/reports/quality" query={csvQuery(query)} />}
        chart={{
          labels,
          series,
          horizontal: true,
          label: 'MQLs by source and campaign, and how many were accepted, qualified and won',
          format: formatNumber,
        }}
        empty={
          <EmptyState icon="target" title="No lead qualified in this period yet">
            Quality shows once leads become MQLs: where they came from and what sales made of them.
          </EmptyState>
        }
        note={`Leads that qualified in the period, and what became of them since. ${report.total
          .filter((t) => t.mqls > 0)
          .map(
            (t) =>
              `${isBroken ? `${groupName(t.group)}: ` : ''}${formatNumber(t.mqls)} MQLs, ${formatRate(t.acceptanceRate)} accepted, ${formatRate(t.winRate)} won, ${formatNumber(t.revenue)} in revenue`,
          )
          .join(' · ')}`}
      />
      <TablePanel<QualityReport['rows'][number], Total>
        title="Quality"
        id="report-quality-table"
        rows={report.rows}
        rowKey={(r) => `${r.group ?? ''}|${r.source ?? ''}|${r.campaign ?? ''}`}
        totals={{ rows: report.total, key: (t) => t.group ?? '' }}
        columns={[
          {
            header: 'Group',
            cell: (r) => groupName(r.group),
            total: (t) => groupName(t.group),
            isHidden: !isBroken,
          },
          { header: 'Source / campaign', cell: sourceName, total: () => 'Total' },
          {
            header: 'MQLs',
            cell: (r) => formatNumber(r.mqls),
            total: (t) => formatNumber(t.mqls),
            isNumeric: true,
          },
          {
            header: 'Accepted',
            cell: (r) => formatRate(r.acceptanceRate),
            total: (t) => formatRate(t.acceptanceRate),
            isNumeric: true,
          },
          {
            header: 'SQL',
            cell: (r) => formatRate(r.sqlRate),
            total: (t) => formatRate(t.sqlRate),
            isNumeric: true,
          },
          {
            header: 'Won',
            cell: (r) => formatRate(r.winRate),
            total: (t) => formatRate(t.winRate),
            isNumeric: true,
          },
          {
            header: 'Revenue',
            cell: (r) => formatNumber(r.revenue),
            total: (t) => formatNumber(t.revenue),
            isNumeric: true,
          },
          {
            header: 'Rejected (why)',
            cell: (r) =>
              r.rejected === 0
                ? '—'
                : `${formatNumber(r.rejected)}: ${r.rejections.map((x) => `${x.reason.replaceAll('_', ' ')} ${x.count}`).join(', ')}`,
            total: (t) => (t.rejected === 0 ? '—' : formatNumber(t.rejected)),
          },
          {
            header: 'Disputes',
            cell: (r) =>
              r.disputes === 0
                ? '—'
                : `${r.disputes} (${r.disputesByStatus.reversed} reversed, ${r.disputesByStatus.open} open)`,
            total: (t) => (t.disputes === 0 ? '—' : formatNumber(t.disputes)),
            isNumeric: true,
          },
        ]}
      />
    </ReportRow>
  );
}
