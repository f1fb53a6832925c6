// SLA compliance by month (met, met late, warned, breached, response times) and marketing's
// commitment against what it delivered.
import { useMemo } from 'react';
import type { SlaReport } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { EmptyState } from '../../components/states.js';
import { formatNumber, formatPercent, formatPeriod, formatRate } from '../../format.js';
import { type SectionProps, csvQuery, sumBy } from './report-groups.js';

const hours = (h: number | null) => (h === null ? '—' : `${h.toFixed(1)} bh`);
const STATE_LABELS: Record<string, string> = {
  upcoming: 'Not begun',
  in_progress: 'Under way',
  met: 'Met',
  missed: 'Missed',
  closed: 'Over',
};

export function SlaSection({ report, query, groupName }: SectionProps<SlaReport>) {
  const isBroken = report.filters.by !== null;
  // The chart adds the breakdown values per month (counts add; the table keeps each value's rates).
  const months = useMemo(
    () => sumBy(report.months, (m) => m.month, ['met', 'metLate', 'breaches', 'warnings'] as const),
    [report],
  );
  const series = useMemo(
    () => [
      { label: 'Met', values: months.map(([, b]) => b.met) },
      { label: 'Met late', values: months.map(([, b]) => b.metLate) },
      { label: 'Warnings', values: months.map(([, b]) => b.warnings) },
      { label: 'Breaches', values: months.map(([, b]) => b.breaches) },
    ],
    [months],
  );
  const labels = useMemo(() => months.map(([m]) => formatPeriod(m)), [months]);
  const hasClock = report.months.some((m) => m.clocks > 0);
  const shown = report.months.filter((m) => m.clocks > 0 || !isBroken);
  return (
    <>
      <ReportRow>
        <ChartPanel
          title="SLA compliance"
          id="report-sla"
          actions={<DownloadCsv path="/api/v1/reports/sla" query={csvQuery(query)} />}
          chart={{
            labels,
            series,
            label: 'SLA clocks per month: met, met late, warnings and breaches',
            format: formatNumber,
          }}
          isEmpty={!hasClock}
          empty={
            <EmptyState icon="clock" title="No SLA clock started in this period">
              Clocks start when the agreement's SLA policies hand a lead to a rep.
            </EmptyState>
          }
          note="Clocks started each month, by the rep and team they ran for. Compliance: met on time of those decided; follow-up: answered of those that should have been by now. Response: time to accept or first touch, in business hours (bh)."
        />
        <TablePanel
          title="Compliance by month"
          id="report-sla-table"
          rows={shown}
          rowKey={(m) => `${m.group ?? ''}|${m.month}`}
          columns={[
            { header: 'Month', cell: (m) => formatPeriod(m.month) },
            { header: 'Group', cell: (m) => groupName(m.group), isHidden: !isBroken },
            { header: 'Clocks', cell: (m) => formatNumber(m.clocks), isNumeric: true },
            { header: 'Compliance', cell: (m) => formatRate(m.compliance), isNumeric: true },
            { header: 'Follow-up', cell: (m) => formatRate(m.followUpRate), isNumeric: true },
            {
              header: 'Breaches',
              cell: (m) => (
                <>
                  {formatNumber(m.breaches)} <span className="muted">· {m.warnings} warned</span>
                </>
              ),
              isNumeric: true,
            },
            {
              header: 'Response median · p75 · p90',
              cell: ({ responseHours: r }) =>
                r.count === 0 ? '—' : `${hours(r.median)} · ${hours(r.p75)} · ${hours(r.p90)}`,
              isNumeric: true,
            },
          ]}
        />
      </ReportRow>
      <CommitmentSection report={report} query={query} groupName={groupName} />
    </>
  );
}

/** Marketing's MQLs against the agreement's commitment, per commitment period (the SLA report's other half). */
export function CommitmentSection({ report, groupName }: SectionProps<SlaReport>) {
  const isBroken = report.filters.by !== null;
  const totals = useMemo(() => report.commitment.filter((c) => c.isTotal), [report]);
  const commitmentSeries = useMemo(
    () => [
      { label: 'MQLs delivered', values: totals.map((c) => c.mqls) },
      { label: 'Committed', values: totals.map((c) => c.committed) },
    ],
    [totals],
  );
  const commitmentLabels = useMemo(() => totals.map((c) => formatPeriod(c.period)), [totals]);
  return (
    <ReportRow>
      <ChartPanel
        title="Marketing's commitment against actual"
        id="report-commitment"
        chart={{
          labels: commitmentLabels,
          series: commitmentSeries,
          label: 'MQLs delivered against the MQLs committed, per commitment period',
          format: formatNumber,
        }}
        note={
          <>
            {totals[0]?.committed === null
              ? 'The commitment is for the whole workspace: a filtered count is shown without it.'
              : `The agreement commits MQLs per ${report.commitmentPeriod}, with at least ${formatPercent(totals[0]?.minAcceptanceRate ?? 0)} accepted.`}
            {isBroken && ' The breakdown shows what each value delivered; the commitment is for their sum.'}
          </>
        }
      />
      <TablePanel
        title="Commitment"
        id="report-commitment-table"
        rows={report.commitment}
        rowKey={(c) => `${c.period}|${c.isTotal ? '*' : (c.group ?? '')}`}
        columns={[
          { header: 'Period', cell: (c) => formatPeriod(c.period) },
          {
            header: 'Group',
            cell: (c) => (c.isTotal ? 'All' : groupName(c.group)),
            isHidden: !isBroken,
          },
          { header: 'MQLs', cell: (c) => formatNumber(c.mqls), isNumeric: true },
          {
            header: 'Committed',
            cell: (c) => (
              <>
                {c.committed === null ? '—' : formatNumber(c.committed)}
                {c.state === 'in_progress' && c.expectedByNow !== null && (
                  <span className="muted"> · {formatNumber(c.expectedByNow)} by now</span>
                )}
              </>
            ),
            isNumeric: true,
          },
          {
            header: 'Accepted',
            cell: (c) => (
              <>
                {formatRate(c.acceptanceRate)}{' '}
                <span className="muted">
                  · {c.accepted}/{c.accepted + c.rejected}
                </span>
              </>
            ),
            isNumeric: true,
          },
          { header: 'State', cell: (c) => STATE_LABELS[c.state] ?? c.state },
        ]}
      />
    </ReportRow>
  );
}
