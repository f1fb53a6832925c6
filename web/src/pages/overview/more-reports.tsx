// The Overview's lead quality, pipeline and SLA compliance reports: each a chart first and its table
// beside it, on the same filters (period and breakdown) as the funnel above them.
import { lazy, Suspense, useMemo, type ComponentProps } from 'react';
import { DownloadCsv } from '../../components/download-csv.js';
import { Panel } from '../../components/page.js';
import { EmptyState, ErrorBanner } from '../../components/states.js';
import { formatNumber, formatPercent } from '../../format.js';
import { useMembers, usePipelineReport, useQualityReport, useSlaReport, useTeams } from '../../queries.js';
import type { PipelineReport, QualityReport, SlaReport } from '../../api.js';

// Chart.js loads with the Overview's charts only (the same chunk the funnel's chart loads).
const LazyBarChart = lazy(() =>
  import('../../components/bar-chart.js').then((m) => ({ default: m.BarChart })),
);
function BarChart(props: ComponentProps<typeof LazyBarChart>) {
  return (
    <Suspense fallback={<div className="chart" />}>
      <LazyBarChart {...props} />
    </Suspense>
  );
}

export interface ReportQuery {
  from?: string;
  to?: string;
  by?: string;
}

const rate = (r: number | null) => (r === null ? '—' : formatPercent(r));
const amount = (n: number) => formatNumber(Math.round(n));
const monthName = (month: string) =>
  /^\d{4}-\d{2}$/.test(month)
    ? new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${month}-01T00:00:00Z`),
      )
    : month;
const hours = (h: number | null) => (h === null ? '—' : `${h.toFixed(1)} bh`);

/** A breakdown value as people read it: a rep's or team's name rather than its id. */
function useGroupName(by: string | undefined): (g: string | null) => string {
  const members = useMembers();
  const teams = useTeams();
  return useMemo(() => {
    const names = new Map<string, string>();
    if (by === 'rep') for (const m of members.data ?? []) names.set(m.id, m.name);
    if (by === 'team') for (const t of teams.data ?? []) names.set(t.id, t.name);
    return (g) => (g === null ? 'Not set' : by === 'period' ? monthName(g) : (names.get(g) ?? g));
  }, [by, members.data, teams.data]);
}

function csvQuery(query: ReportQuery): Record<string, string | undefined> {
  return { from: query.from, to: query.to, by: query.by };
}

export function MoreReports({ query }: { query: ReportQuery }) {
  const quality = useQualityReport({ ...query });
  const pipeline = usePipelineReport({ ...query });
  const sla = useSlaReport({ ...query });
  const groupName = useGroupName(query.by);
  return (
    <>
      {quality.error && (
        <ErrorBanner
          error={quality.error}
          title="Could not load lead quality"
          onRetry={() => void quality.refetch()}
        />
      )}
      {quality.data && <QualitySection report={quality.data} query={query} groupName={groupName} />}
      {pipeline.error && (
        <ErrorBanner
          error={pipeline.error}
          title="Could not load the pipeline"
          onRetry={() => void pipeline.refetch()}
        />
      )}
      {pipeline.data && <PipelineSection report={pipeline.data} query={query} groupName={groupName} />}
      {sla.error && (
        <ErrorBanner
          error={sla.error}
          title="Could not load SLA compliance"
          onRetry={() => void sla.refetch()}
        />
      )}
      {sla.data && <SlaSection report={sla.data} query={query} groupName={groupName} />}
    </>
  );
}

interface SectionProps<R> {
  report: R;
  query: ReportQuery;
  groupName: (g: string | null) => string;
}

// ---------------------------------------------------------------------------------------------
// Lead quality

const sourceName = (r: { source: string | null; campaign: string | null }) =>
  `${r.source ?? 'No source'}${r.campaign ? ` / ${r.campaign}` : ''}`;

function QualitySection({ report, query, groupName }: SectionProps<QualityReport>) {
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
  const broken = report.filters.by !== null;
  return (
    <div className="report-row">
      <Panel
        title="Lead quality by source and campaign"
        id="report-quality"
        actions={<DownloadCsv path="/api/v1/reports/quality" query={csvQuery(query)} />}
      >
        {top.length === 0 ? (
          <EmptyState icon="target" title="No lead qualified in this period yet">
            Quality shows once leads become MQLs: where they came from and what sales made of them.
          </EmptyState>
        ) : (
          <BarChart
            labels={labels}
            series={series}
            horizontal
            label="MQLs by source and campaign, and how many were accepted, qualified and won"
            format={formatNumber}
          />
        )}
        <p className="muted report-note">
          Leads that qualified in the period, and what became of them since.{' '}
          {report.total
            .filter((t) => t.mqls > 0)
            .map(
              (t) =>
                `${broken ? `${groupName(t.group)}: ` : ''}${formatNumber(t.mqls)} MQLs, ${rate(t.acceptanceRate)} accepted, ${rate(t.winRate)} won, ${amount(t.revenue)} in revenue`,
            )
            .join(' · ')}
        </p>
      </Panel>
      <Panel title="Quality" id="report-quality-table" flush>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                {broken && <th>Group</th>}
                <th>Source / campaign</th>
                <th className="num">MQLs</th>
                <th className="num">Accepted</th>
                <th className="num">SQL</th>
                <th className="num">Won</th>
                <th className="num">Revenue</th>
                <th>Rejected (why)</th>
                <th className="num">Disputes</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={`${r.group ?? ''}|${r.source ?? ''}|${r.campaign ?? ''}`}>
                  {broken && <td>{groupName(r.group)}</td>}
                  <td>{sourceName(r)}</td>
                  <td className="num">{formatNumber(r.mqls)}</td>
                  <td className="num">{rate(r.acceptanceRate)}</td>
                  <td className="num">{rate(r.sqlRate)}</td>
                  <td className="num">{rate(r.winRate)}</td>
                  <td className="num">{amount(r.revenue)}</td>
                  <td>
                    {r.rejected === 0
                      ? '—'
                      : `${formatNumber(r.rejected)}: ${r.rejections.map((x) => `${x.reason.replaceAll('_', ' ')} ${x.count}`).join(', ')}`}
                  </td>
                  <td className="num">
                    {r.disputes === 0
                      ? '—'
                      : `${r.disputes} (${r.disputesByStatus.reversed} reversed, ${r.disputesByStatus.open} open)`}
                  </td>
                </tr>
              ))}
              {report.total.map((t) => (
                <tr key={`total-${t.group ?? ''}`}>
                  {broken && <td>{groupName(t.group)}</td>}
                  <th scope="row">Total</th>
                  <td className="num">{formatNumber(t.mqls)}</td>
                  <td className="num">{rate(t.acceptanceRate)}</td>
                  <td className="num">{rate(t.sqlRate)}</td>
                  <td className="num">{rate(t.winRate)}</td>
                  <td className="num">{amount(t.revenue)}</td>
                  <td>{t.rejected === 0 ? '—' : formatNumber(t.rejected)}</td>
                  <td className="num">{t.disputes === 0 ? '—' : formatNumber(t.disputes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Pipeline

function PipelineSection({ report, query, groupName }: SectionProps<PipelineReport>) {
  const broken = report.filters.by !== null;
  // The chart adds the breakdown values: one bar pair per stage.
  const stages = useMemo(() => {
    const byName = new Map<string, { amount: number; weighted: number; count: number }>();
    for (const s of report.byStage) {
      const b = byName.get(s.stage) ?? { amount: 0, weighted: 0, count: 0 };
      b.amount += s.amount;
      b.weighted += s.weighted;
      b.count += s.count;
      byName.set(s.stage, b);
    }
    return [...byName.entries()];
  }, [report]);
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
  return (
    <>
      <div className="report-row">
        <Panel
          title="Pipeline by stage"
          id="report-pipeline"
          actions={<DownloadCsv path="/api/v1/reports/pipeline" query={csvQuery(query)} />}
        >
          {open === 0 ? (
            <EmptyState icon="target" title="No open opportunity">
              The pipeline fills in as opportunities are created (the API, a CRM status change or an import).
            </EmptyState>
          ) : (
            <BarChart
              labels={labels}
              series={series}
              label="Open pipeline by stage: amount and weighted amount"
              format={amount}
            />
          )}
          <p className="muted report-note">
            Open deals now. Win rate, deal size and the forecast cover {monthName(period.from)} –{' '}
            {monthName(period.to)}: the forecast is what was won in it plus the weighted open deals due to
            close in it.
          </p>
        </Panel>
        <Panel title="Pipeline" id="report-pipeline-table" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  {broken && <th>Group</th>}
                  <th className="num">Open</th>
                  <th className="num">Weighted</th>
                  <th className="num">Win rate</th>
                  <th className="num">Avg deal</th>
                  <th className="num">Won</th>
                  <th className="num">Forecast</th>
                </tr>
              </thead>
              <tbody>
                {report.summary.map((s) => (
                  <tr key={s.group ?? ''}>
                    {broken && <td>{groupName(s.group)}</td>}
                    <td className="num">
                      {formatNumber(s.open)} <span className="muted">· {amount(s.openAmount)}</span>
                    </td>
                    <td className="num">{amount(s.weighted)}</td>
                    <td className="num">
                      {rate(s.winRate)}{' '}
                      <span className="muted">
                        · {s.won}/{s.won + s.lost}
                      </span>
                    </td>
                    <td className="num">{s.averageDealSize === null ? '—' : amount(s.averageDealSize)}</td>
                    <td className="num">{amount(s.wonAmount)}</td>
                    <td className="num">{amount(s.forecast)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
      <div className="report-row">
        <Panel title="Open pipeline by stage" id="report-pipeline-stages" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  {broken && <th>Group</th>}
                  <th>Stage</th>
                  <th className="num">Probability</th>
                  <th className="num">Deals</th>
                  <th className="num">Amount</th>
                  <th className="num">Weighted</th>
                </tr>
              </thead>
              <tbody>
                {report.byStage.map((s) => (
                  <tr key={`${s.group ?? ''}|${s.stage}`}>
                    {broken && <td>{groupName(s.group)}</td>}
                    <td>{s.stage}</td>
                    <td className="num">{s.probability === null ? '—' : formatPercent(s.probability)}</td>
                    <td className="num">{formatNumber(s.count)}</td>
                    <td className="num">{amount(s.amount)}</td>
                    <td className="num">{amount(s.weighted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
        <Panel title="Open pipeline by source" id="report-pipeline-sources" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  {broken && <th>Group</th>}
                  <th>Source</th>
                  <th className="num">Deals</th>
                  <th className="num">Amount</th>
                  <th className="num">Weighted</th>
                </tr>
              </thead>
              <tbody>
                {report.bySource.length === 0 && (
                  <tr>
                    <td colSpan={broken ? 5 : 4} className="muted">
                      No open deal.
                    </td>
                  </tr>
                )}
                {report.bySource.map((s) => (
                  <tr key={`${s.group ?? ''}|${s.source ?? ''}`}>
                    {broken && <td>{groupName(s.group)}</td>}
                    <td>{s.source ?? 'No source'}</td>
                    <td className="num">{formatNumber(s.count)}</td>
                    <td className="num">{amount(s.amount)}</td>
                    <td className="num">{amount(s.weighted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// SLA compliance and marketing's commitment

const STATE_LABELS: Record<string, string> = {
  upcoming: 'Not begun',
  in_progress: 'Under way',
  met: 'Met',
  missed: 'Missed',
  closed: 'Over',
};

function SlaSection({ report, query, groupName }: SectionProps<SlaReport>) {
  const broken = report.filters.by !== null;
  // The chart adds the breakdown values per month (counts add; the table keeps each value's rates).
  const months = useMemo(() => {
    const byMonth = new Map<string, { met: number; metLate: number; breaches: number; warnings: number }>();
    for (const m of report.months) {
      const b = byMonth.get(m.month) ?? { met: 0, metLate: 0, breaches: 0, warnings: 0 };
      b.met += m.met;
      b.metLate += m.metLate;
      b.breaches += m.breaches;
      b.warnings += m.warnings;
      byMonth.set(m.month, b);
    }
    return [...byMonth.entries()];
  }, [report]);
  const series = useMemo(
    () => [
      { label: 'Met', values: months.map(([, b]) => b.met) },
      { label: 'Met late', values: months.map(([, b]) => b.metLate) },
      { label: 'Warnings', values: months.map(([, b]) => b.warnings) },
      { label: 'Breaches', values: months.map(([, b]) => b.breaches) },
    ],
    [months],
  );
  const labels = useMemo(() => months.map(([m]) => monthName(m)), [months]);
  const totals = report.commitment.filter((c) => c.isTotal);
  const commitmentSeries = useMemo(
    () => [
      { label: 'MQLs delivered', values: totals.map((c) => c.mqls) },
      { label: 'Committed', values: totals.map((c) => c.committed) },
    ],
    [totals],
  );
  const commitmentLabels = useMemo(() => totals.map((c) => monthName(c.period)), [totals]);
  const anyClock = report.months.some((m) => m.clocks > 0);
  const shown = report.months.filter((m) => m.clocks > 0 || !broken);
  return (
    <>
      <div className="report-row">
        <Panel
          title="SLA compliance"
          id="report-sla"
          actions={<DownloadCsv path="/api/v1/reports/sla" query={csvQuery(query)} />}
        >
          {anyClock ? (
            <BarChart
              labels={labels}
              series={series}
              label="SLA clocks per month: met, met late, warnings and breaches"
              format={formatNumber}
            />
          ) : (
            <EmptyState icon="clock" title="No SLA clock started in this period">
              Clocks start when the agreement's SLA policies hand a lead to a rep.
            </EmptyState>
          )}
          <p className="muted report-note">
            Clocks started each month, by the rep and team they ran for. Compliance: met on time of those
            decided; follow-up: answered of those that should have been by now. Response: time to accept or
            first touch, in business hours (bh).
          </p>
        </Panel>
        <Panel title="Compliance by month" id="report-sla-table" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Month</th>
                  {broken && <th>Group</th>}
                  <th className="num">Clocks</th>
                  <th className="num">Compliance</th>
                  <th className="num">Follow-up</th>
                  <th className="num">Breaches</th>
                  <th className="num">Response median · p75 · p90</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((m) => (
                  <tr key={`${m.group ?? ''}|${m.month}`}>
                    <td>{monthName(m.month)}</td>
                    {broken && <td>{groupName(m.group)}</td>}
                    <td className="num">{formatNumber(m.clocks)}</td>
                    <td className="num">{rate(m.compliance)}</td>
                    <td className="num">{rate(m.followUpRate)}</td>
                    <td className="num">
                      {formatNumber(m.breaches)} <span className="muted">· {m.warnings} warned</span>
                    </td>
                    <td className="num">
                      {m.responseHours.count === 0
                        ? '—'
                        : `${hours(m.responseHours.median)} · ${hours(m.responseHours.p75)} · ${hours(m.responseHours.p90)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
      <div className="report-row">
        <Panel title="Marketing's commitment against actual" id="report-commitment">
          <BarChart
            labels={commitmentLabels}
            series={commitmentSeries}
            label="MQLs delivered against the MQLs committed, per commitment period"
            format={formatNumber}
          />
          <p className="muted report-note">
            {totals[0]?.committed === null
              ? 'The commitment is for the whole workspace: a filtered count is shown without it.'
              : `The agreement commits MQLs per ${report.commitmentPeriod}, with at least ${formatPercent(totals[0]?.minAcceptanceRate ?? 0)} accepted.`}
            {broken && ' The breakdown shows what each value delivered; the commitment is for their sum.'}
          </p>
        </Panel>
        <Panel title="Commitment" id="report-commitment-table" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Period</th>
                  {broken && <th>Group</th>}
                  <th className="num">MQLs</th>
                  <th className="num">Committed</th>
                  <th className="num">Accepted</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {report.commitment.map((c) => (
                  <tr key={`${c.period}|${c.isTotal ? '*' : (c.group ?? '')}`}>
                    <td>{monthName(c.period)}</td>
                    {broken && <td>{c.isTotal ? 'All' : groupName(c.group)}</td>}
                    <td className="num">{formatNumber(c.mqls)}</td>
                    <td className="num">
                      {c.committed === null ? '—' : formatNumber(c.committed)}
                      {c.state === 'in_progress' && c.expectedByNow !== null && (
                        <span className="muted"> · {formatNumber(c.expectedByNow)} by now</span>
                      )}
                    </td>
                    <td className="num">
                      {rate(c.acceptanceRate)}{' '}
                      <span className="muted">
                        · {c.accepted}/{c.accepted + c.rejected}
                      </span>
                    </td>
                    <td>{STATE_LABELS[c.state] ?? c.state}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
    </>
  );
}
