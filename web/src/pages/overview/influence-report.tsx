// Content influence: the pages, assets, campaigns and events that come before MQL, SQL and won,
// against the base rate of all the period's leads, and the content gap (what precedes wins but few
// leads consume: what sales needs and marketing should make more of).
import { useCallback, useMemo, useState } from 'react';
import type { InfluenceReport } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { DataTable, TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { Panel } from '../../components/page.js';
import { EmptyState } from '../../components/states.js';
import { formatNumber, formatPercent, formatRate } from '../../format.js';
import { type SectionProps, csvQuery } from './report-groups.js';

type Row = InfluenceReport['rows'][number];
type Stage = keyof Row['stages'];
type Figures = Row['stages'][Stage];

const KIND_LABELS: Record<Row['kind'], string> = {
  page: 'Page',
  asset: 'Asset',
  campaign: 'Campaign',
  event: 'Event',
};
const STAGES: [Stage, string][] = [
  ['mql', 'MQL'],
  ['sql', 'SQL'],
  ['won', 'Won'],
];
/** Rows in the table: the CSV has every touch. */
const SHOWN = 30;

const formatLift = (lift: number | null) => (lift === null ? '—' : `×${lift.toFixed(1)}`);

/** "40% · ×2.1" with "12 of 30" under it; a small sample shows its rate and counts, never a lift. */
function StageCell({ f }: { f: Figures }) {
  if (f.exposed === 0) return <span className="muted">—</span>;
  return (
    <span title={`${f.reached} of ${f.exposed} leads that had it before this stage reached it`}>
      {formatRate(f.rate)}
      {f.lift !== null ? (
        <strong className={f.lift >= 1 ? ' text-success' : ' text-warning'}> · {formatLift(f.lift)}</strong>
      ) : (
        <span className="muted"> · few leads</span>
      )}
      <span className="muted influence-counts">
        {' '}
        {formatNumber(f.reached)}/{formatNumber(f.exposed)}
      </span>
    </span>
  );
}

export function InfluenceSection({ report, query, groupName }: SectionProps<InfluenceReport>) {
  const [kind, setKind] = useState<Row['kind'] | ''>('');
  const isBroken = report.filters.by !== null;
  const rows = useMemo(() => report.rows.filter((r) => kind === '' || r.kind === kind), [report, kind]);
  const name = useCallback(
    (r: Row) => `${KIND_LABELS[r.kind]}: ${r.touch}${isBroken ? ` (${groupName(r.group)})` : ''}`,
    [isBroken, groupName],
  );
  // The chart: the touches with a won lift the sample vouches for, best first.
  const top = useMemo(() => rows.filter((r) => r.stages.won.lift !== null).slice(0, 8), [rows]);
  const chart = useMemo(
    () => ({
      labels: top.map(name),
      series: STAGES.map(([s, label]) => ({
        label: `${label} lift`,
        values: top.map((r) => r.stages[s].lift),
      })),
    }),
    [top, name],
  );
  const base = report.base;
  const baseLine = base
    .filter((b) => b.leads > 0)
    .map(
      (b) =>
        `${isBroken ? `${groupName(b.group)}: of` : 'Of'} ${formatNumber(b.leads)} leads, ${formatRate(b.stages.mql.rate)} became MQL, ${formatRate(b.stages.sql.rate)} SQL, ${formatRate(b.stages.won.rate)} won`,
    )
    .join(' · ');
  const hasLeads = base.some((b) => b.leads > 0);
  return (
    <>
      <ReportRow>
        <ChartPanel
          title="Content influence"
          id="report-influence"
          actions={
            <>
              <label className="visually-hidden" htmlFor="influence-kind">
                Touches
              </label>
              <select
                id="influence-kind"
                className="input input--sm"
                value={kind}
                onChange={(e) => setKind(e.target.value as Row['kind'] | '')}
              >
                <option value="">Every touch</option>
                {Object.entries(KIND_LABELS).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}s
                  </option>
                ))}
              </select>
              <DownloadCsv path="/api/v1/reports/influence" query={csvQuery(query)} />
            </>
          }
          chart={{
            ...chart,
            horizontal: true,
            label: 'Lift before MQL, SQL and won of the touches that precede wins most reliably',
            format: (v) => `×${v.toFixed(1)}`,
          }}
          empty={
            <EmptyState
              icon="target"
              title={hasLeads ? 'No touch has enough leads yet' : 'No lead entered in this period yet'}
            >
              {hasLeads
                ? `A lift shows once ${report.minLeads} leads had a touch before a stage; the table below has the counts so far.`
                : 'Influence shows which pages, assets, campaigns and events come before MQL, SQL and won, once leads arrive with their events.'}
            </EmptyState>
          }
          note={`${baseLine ? `${baseLine}.` : 'No lead entered in this period.'} Lift: the share of leads that had the touch before the stage and reached it, over that base rate (×1.0 = no different). Shown from ${report.minLeads} leads.`}
        />
        <GapPanel report={report} name={name} />
      </ReportRow>
      <TablePanel<Row>
        title={`Touches before each stage${rows.length > SHOWN ? ` (top ${SHOWN} of ${formatNumber(rows.length)})` : ''}`}
        id="report-influence-table"
        rows={rows.slice(0, SHOWN)}
        rowKey={(r) => `${r.group ?? ''}|${r.kind}|${r.touch}`}
        rowProps={(r) => ({ 'data-touch': r.touch, className: r.isGap ? 'is-gap' : undefined })}
        empty="No lead of the period had a touch yet."
        columns={[
          { header: 'Group', cell: (r) => groupName(r.group), isHidden: !isBroken },
          { header: 'Kind', cell: (r) => KIND_LABELS[r.kind] },
          {
            header: 'Touch',
            cell: (r) => (
              <>
                <span className="truncate influence-touch" title={r.touch}>
                  {r.touch}
                </span>
                {r.isGap && <span className="pill pill--gap"> Gap</span>}
              </>
            ),
          },
          {
            header: 'Leads (reach)',
            cell: (r) => `${formatNumber(r.leads)} · ${formatRate(r.reach)}`,
            isNumeric: true,
          },
          ...STAGES.map(([s, label]) => ({
            header: `Before ${label}`,
            cell: (r: Row) => <StageCell f={r.stages[s]} />,
            isNumeric: true,
          })),
        ]}
      />
    </>
  );
}

function GapPanel({ report, name }: { report: InfluenceReport; name: (r: Row) => string }) {
  return (
    <Panel title="The content gap: what sales needs more of" id="report-influence-gap" flush>
      {report.gap.length === 0 ? (
        <EmptyState icon="check" title="No content gap found">
          A gap is a touch that comes before wins at least {formatLift(report.gapRule.minLift)} as often as
          the base rate, reliably (the low end of its 95% interval above ×1), yet that at most{' '}
          {formatPercent(report.gapRule.maxReach)} of the period's leads had.
        </EmptyState>
      ) : (
        <DataTable<Row>
          label="Touches that precede wins but few leads consume"
          rows={report.gap.slice(0, 10)}
          rowKey={(r) => `${r.group ?? ''}|${r.kind}|${r.touch}`}
          rowProps={(r) => ({ 'data-touch': r.touch })}
          columns={[
            { header: 'Touch', cell: name },
            {
              header: 'Won after it',
              cell: (r) => <StageCell f={r.stages.won} />,
              isNumeric: true,
            },
            {
              header: 'At least',
              cell: (r) => formatLift(r.stages.won.liftLow),
              isNumeric: true,
            },
            {
              header: 'Leads reached',
              cell: (r) => `${formatNumber(r.leads)} · ${formatRate(r.reach)}`,
              isNumeric: true,
            },
          ]}
        />
      )}
    </Panel>
  );
}
