// The shared Overview: the same funnel and velocity figures for both teams, charts first and the
// tables beside them. Filters live in the URL, so a link shows someone else the same numbers.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { ReportFilterBar, useReportDimensions, useReportFilters } from '../../components/report-filters.js';
import { TablePanel } from '../../components/data-table.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { formatNumber, formatPeriod, formatRate } from '../../format.js';
import { useFunnelReport, useVelocityReport } from '../../queries.js';
import type { FunnelReport, VelocityReport } from '../../api.js';
import { MoreReports } from './more-reports.js';

const STEP_LABELS: Record<string, string> = {
  lead: 'Lead',
  mql: 'MQL / PQL',
  sal: 'SAL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
  pql: 'PQL',
  nurture: 'Nurture',
};
/** Velocity times mql and pql apart: each is its own stay. */
const STAGE_LABELS: Record<string, string> = { ...STEP_LABELS, mql: 'MQL' };
const WINDOWS = [30, 60, 90, 180, 365];

const dateName = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );

/** Hours as a reader says them: "5.5 h", "3.2 days" past two days. */
function formatHours(h: number | null, unit: string): string {
  if (h === null) return '—';
  if (unit === 'business_hours') return `${h.toFixed(1)} bh`;
  return h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`;
}
const groupName = (g: string | null) => g ?? 'Not set';

export function OverviewPage() {
  usePageTitle('Overview');
  const [params] = useSearchParams();
  // The Overview's reports all have the funnel's dimensions.
  const dimensions = useReportDimensions('funnel');
  const { query: filters, set } = useReportFilters('', dimensions);
  const windowDays = Number(params.get('windowDays') ?? 90);
  const funnel = useFunnelReport({ ...filters, windowDays });
  const velocity = useVelocityReport(filters);
  const period = funnel.data?.filters.period;

  return (
    <div className="page">
      <PageHeader
        title="Overview"
        subtitle="One set of numbers for sales and marketing: how leads convert, how fast they move, where the good ones come from, the pipeline and the SLA."
        actions={
          <ReportFilterBar
            id="overview-filter"
            label="Report filters"
            dimensions={dimensions ?? []}
            query={filters}
            set={set}
            period={period}
            showPeriod
          >
            <label>
              Within{' '}
              <select
                className="input input--sm"
                value={windowDays}
                onChange={(e) => set('windowDays', e.target.value)}
              >
                {WINDOWS.map((w) => (
                  <option key={w} value={w}>
                    {w} days
                  </option>
                ))}
              </select>
            </label>
            <Link className="btn btn--sm" to="../goals">
              Goals & plan
            </Link>
            {(funnel.isFetching || velocity.isFetching) && <Spinner label="Updating" />}
          </ReportFilterBar>
        }
      />
      {funnel.error && (
        <ErrorBanner
          error={funnel.error}
          title="Could not load the funnel"
          onRetry={() => void funnel.refetch()}
        />
      )}
      {velocity.error && (
        <ErrorBanner
          error={velocity.error}
          title="Could not load velocity"
          onRetry={() => void velocity.refetch()}
        />
      )}
      {funnel.isPending ? (
        <LoadingBlock label="Loading the reports…" />
      ) : (
        funnel.data && (
          <div className={`stack${funnel.isPlaceholderData ? ' is-stale' : ''}`}>
            {funnel.data.total.every((t) => t.leads === 0) &&
            funnel.data.cohorts.every((c) => c.leads === 0) ? (
              <Panel>
                <EmptyState icon="target" title="No leads entered in this period yet">
                  The reports fill in as leads arrive and move through the funnel. Send events with the
                  tracking snippet (Settings → Tracking) or create leads, and the first cohort shows here.
                </EmptyState>
              </Panel>
            ) : (
              <FunnelSection report={funnel.data} />
            )}
            {velocity.data && <VelocitySection report={velocity.data} />}
            <MoreReports query={filters} />
          </div>
        )
      )}
    </div>
  );
}

function FunnelSection({ report }: { report: FunnelReport }) {
  const steps = report.total[0]?.steps ?? [];
  const labels = useMemo(() => steps.map((s) => STEP_LABELS[s.step] ?? s.step), [steps]);
  const series = useMemo(
    () =>
      report.total
        .slice(0, 5)
        .map((t) => ({ label: groupName(t.group), values: t.steps.map((s) => s.reached) })),
    [report],
  );
  const basis =
    report.total[0]?.basis === 'complete' ? 'complete cohorts' : 'cohorts so far (none complete yet)';
  const isBroken = report.total.length > 1;
  type Step = FunnelReport['total'][number]['steps'][number] & { group: string | null };
  const rows = useMemo(
    () => report.total.flatMap((t) => t.steps.map((s): Step => ({ ...s, group: t.group }))),
    [report],
  );
  const isLast = (s: Step) => s.step === 'customer';
  return (
    <>
      <ReportRow>
        <ChartPanel
          title="Funnel conversion"
          id="report-funnel"
          chart={{ labels, series, label: 'Leads reaching each stage', format: formatNumber }}
          note={`Leads that reached each stage within ${report.windowDays} days of entering, over the ${basis}.`}
        />
        <TablePanel
          title="Stage to stage"
          id="report-funnel-table"
          rows={rows}
          rowKey={(s) => `${s.group ?? ''}-${s.step}`}
          columns={[
            { header: 'Group', cell: (s) => groupName(s.group), isHidden: !isBroken },
            { header: 'Stage', cell: (s) => STEP_LABELS[s.step] },
            { header: 'Reached', cell: (s) => formatNumber(s.reached), isNumeric: true },
            {
              header: 'Went on',
              cell: (s) => (isLast(s) ? '' : formatNumber(s.advanced)),
              isNumeric: true,
            },
            {
              header: 'Conversion',
              cell: (s) => (isLast(s) ? '' : formatRate(s.conversion)),
              isNumeric: true,
            },
          ]}
        />
      </ReportRow>
      <CohortTable report={report} />
    </>
  );
}

/** Cohort by cohort, each step reached with the conversion from the one before it. */
function CohortTable({ report }: { report: FunnelReport }) {
  const isBroken = report.total.length > 1;
  return (
    <Panel title="By cohort: the month leads entered" id="report-cohorts" flush>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Cohort</th>
              {isBroken && <th>Group</th>}
              {report.cohorts[0]?.steps.map((s) => (
                <th key={s.step} className="num">
                  {STEP_LABELS[s.step]}
                </th>
              ))}
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {report.cohorts.map((c) => (
              <tr key={`${c.cohort}-${c.group ?? ''}`}>
                <td>{formatPeriod(c.cohort)}</td>
                {isBroken && <td>{groupName(c.group)}</td>}
                {c.status === 'empty' ? (
                  <td colSpan={c.steps.length} className="muted">
                    No leads entered this month{new Date(c.completeAt) > new Date() ? ' yet' : ''}.
                  </td>
                ) : (
                  c.steps.map((s, i) => {
                    const before = i > 0 ? c.steps[i - 1] : undefined;
                    return (
                      <td key={s.step} className="num">
                        {formatNumber(s.reached)}
                        {before && <span className="muted"> · {formatRate(before.conversion)}</span>}
                      </td>
                    );
                  })
                )}
                <td>
                  {c.status === 'maturing' ? (
                    <span className="pill" title="Some of its leads have not had the whole window yet">
                      Maturing until {dateName(c.completeAt)}
                    </span>
                  ) : c.status === 'complete' ? (
                    <span className="muted">Complete</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function VelocitySection({ report }: { report: VelocityReport }) {
  const first = report.stages[0]?.group ?? null;
  const rows = report.stages.filter((s) => s.group === first && s.count > 0);
  const labels = useMemo(() => rows.map((s) => STAGE_LABELS[s.stage] ?? s.stage), [rows]);
  const series = useMemo(
    () => [
      { label: 'Median', values: rows.map((s) => s.median) },
      { label: 'p75', values: rows.map((s) => s.p75) },
      { label: 'p90', values: rows.map((s) => s.p90) },
    ],
    [rows],
  );
  const cycle = report.cycleTime;
  return (
    <ReportRow>
      <ChartPanel
        title="Time in each stage"
        id="report-velocity"
        chart={{
          labels,
          series,
          label: 'Hours in each stage: median, p75 and p90',
          format: (v) => `${v.toFixed(0)} h`,
        }}
        empty={
          <EmptyState icon="clock" title="No stage has ended in this period yet">
            Times show once leads move on from a stage they entered in the period.
          </EmptyState>
        }
        note={
          <>
            h: hours, d: days, bh: business hours (where the agreement's SLA times the stage).{' '}
            {cycle.length === 0
              ? 'No lead became a customer in this period yet.'
              : cycle
                  .map(
                    (c) =>
                      `${c.group ? `${groupName(c.group)}: ` : ''}lead → customer in ${c.median?.toFixed(0) ?? '—'} days (median), p90 ${c.p90?.toFixed(0) ?? '—'} days, ${formatNumber(c.count)} won`,
                  )
                  .join(' · ')}
          </>
        }
      />
      <TablePanel
        title="Velocity"
        id="report-velocity-table"
        rows={report.stages}
        rowKey={(s) => `${s.group ?? ''}-${s.stage}`}
        columns={[
          { header: 'Group', cell: (s) => groupName(s.group), isHidden: first === null },
          { header: 'Stage', cell: (s) => STAGE_LABELS[s.stage] ?? s.stage },
          { header: 'Stays', cell: (s) => formatNumber(s.count), isNumeric: true },
          { header: 'Median', cell: (s) => formatHours(s.median, s.unit), isNumeric: true },
          { header: 'p75', cell: (s) => formatHours(s.p75, s.unit), isNumeric: true },
          { header: 'p90', cell: (s) => formatHours(s.p90, s.unit), isNumeric: true },
        ]}
      />
    </ReportRow>
  );
}
