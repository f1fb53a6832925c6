// The pipeline: open deals by stage (amount and weighted), win rate, deal size and the forecast,
// and the open deals by stage and by source.
import { useMemo } from 'react';
import type { PipelineReport } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { EmptyState } from '../../components/states.js';
import { formatNumber, formatPercent, formatPeriod, formatRate } from '../../format.js';
import { type SectionProps, csvQuery, sumBy } from './report-groups.js';

export function PipelineSection({ report, query, groupName }: SectionProps<PipelineReport>) {
  const isBroken = report.filters.by !== null;
  // The chart adds the breakdown values: one bar pair per stage.
  const stages = useMemo(
    () => sumBy(report.byStage, (s) => s.stage, ['amount', 'weighted'] as const),
    [report],
  );
  const series = useMemo(
    () => [
      { label: 'Amount', values: stages.map(([, b]) => b.amount) },
      { label: 'Weighted (amount × probability)', values: stages.map(([, b]) => b.weighted) },
    ],
    [stages],
  );
  const labels = useMemo(() => stages.map(([name]) => name), [stages]);
  const period = report.filters.period;
  const open = report.summary.reduce((n, s) => n + s.open, 0);
  const group = {
    header: 'Group',
    cell: (r: { group: string | null }) => groupName(r.group),
    isHidden: !isBroken,
  };
  return (
    <>
      <ReportRow>
        <ChartPanel
          title="Pipeline by stage"
          id="report-pipeline"
          actions={<DownloadCsv path="/api/v1/reports/pipeline" query={csvQuery(query)} />}
          chart={{
            labels,
            series,
            label: 'Open pipeline by stage: amount and weighted amount',
            format: formatNumber,
          }}
          isEmpty={open === 0}
          empty={
            <EmptyState icon="target" title="No open opportunity">
              The pipeline fills in as opportunities are created (the API, a CRM status change or an import).
            </EmptyState>
          }
          note={`Open deals now. Win rate, deal size and the forecast cover ${formatPeriod(period.from)} – ${formatPeriod(period.to)}: the forecast is what was won in it plus the weighted open deals due to close in it.`}
        />
        <TablePanel
          title="Pipeline"
          id="report-pipeline-table"
          rows={report.summary}
          rowKey={(s) => s.group ?? ''}
          columns={[
            group,
            {
              header: 'Open',
              cell: (s) => (
                <>
                  {formatNumber(s.open)} <span className="muted">· {formatNumber(s.openAmount)}</span>
                </>
              ),
              isNumeric: true,
            },
            { header: 'Weighted', cell: (s) => formatNumber(s.weighted), isNumeric: true },
            {
              header: 'Win rate',
              cell: (s) => (
                <>
                  {formatRate(s.winRate)}{' '}
                  <span className="muted">
                    · {s.won}/{s.won + s.lost}
                  </span>
                </>
              ),
              isNumeric: true,
            },
            {
              header: 'Avg deal',
              cell: (s) => (s.averageDealSize === null ? '—' : formatNumber(s.averageDealSize)),
              isNumeric: true,
            },
            { header: 'Won', cell: (s) => formatNumber(s.wonAmount), isNumeric: true },
            { header: 'Forecast', cell: (s) => formatNumber(s.forecast), isNumeric: true },
          ]}
        />
      </ReportRow>
      <ReportRow>
        <TablePanel
          title="Open pipeline by stage"
          id="report-pipeline-stages"
          rows={report.byStage}
          rowKey={(s) => `${s.group ?? ''}|${s.stage}`}
          columns={[
            group,
            { header: 'Stage', cell: (s) => s.stage },
            {
              header: 'Probability',
              cell: (s) => (s.probability === null ? '—' : formatPercent(s.probability)),
              isNumeric: true,
            },
            { header: 'Deals', cell: (s) => formatNumber(s.count), isNumeric: true },
            { header: 'Amount', cell: (s) => formatNumber(s.amount), isNumeric: true },
            { header: 'Weighted', cell: (s) => formatNumber(s.weighted), isNumeric: true },
          ]}
        />
        <TablePanel
          title="Open pipeline by source"
          id="report-pipeline-sources"
          rows={report.bySource}
          rowKey={(s) => `${s.group ?? ''}|${s.source ?? ''}`}
          empty="No open deal."
          columns={[
            group,
            { header: 'Source', cell: (s) => s.source ?? 'No source' },
            { header: 'Deals', cell: (s) => formatNumber(s.count), isNumeric: true },
            { header: 'Amount', cell: (s) => formatNumber(s.amount), isNumeric: true },
            { header: 'Weighted', cell: (s) => formatNumber(s.weighted), isNumeric: true },
          ]}
        />
      </ReportRow>
    </>
  );
}
