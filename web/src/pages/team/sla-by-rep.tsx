// SLA compliance over time by rep: each rep's share of clocks met on time, month by month, so a month
// that has just begun sits beside the months before it instead of reading as a bare zero.
import { useMemo } from 'react';
import type { SlaReport } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { formatNumber, formatPercent, formatPeriod, formatRate } from '../../format.js';
import { useSlaReport } from '../../queries.js';
import { useGroupName } from '../overview/report-groups.js';

const QUERY = { by: 'rep' };
/** Months the chart and table show: the latest ones of the report's year. */
const MONTHS = 6;
/** Months the table beside the chart has room for. */
const TABLE_MONTHS = 3;
/** Reps the chart draws (those with the most clocks); the table lists all. */
const CHART_REPS = 6;

type Month = SlaReport['months'][number];

export function SlaByRep() {
  const sla = useSlaReport(QUERY);
  const groupName = useGroupName('rep');
  const view = useMemo(() => {
    const all: readonly Month[] = sla.data?.months ?? [];
    const months = [...new Set(all.map((m) => m.month))].sort().slice(-MONTHS);
    const cell = new Map(all.map((m) => [`${m.group ?? ''}|${m.month}`, m]));
    const clocksOf = new Map<string | null, number>();
    for (const m of all) clocksOf.set(m.group, (clocksOf.get(m.group) ?? 0) + m.clocks);
    const reps = [...clocksOf.entries()]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([rep]) => rep);
    return { months, reps, at: (rep: string | null, month: string) => cell.get(`${rep ?? ''}|${month}`) };
  }, [sla.data]);
  if (sla.error)
    return (
      <ErrorBanner
        error={sla.error}
        title="Could not load SLA compliance"
        onRetry={() => void sla.refetch()}
      />
    );
  if (!sla.data) return <LoadingBlock label="Loading SLA compliance…" />;
  const { months, reps, at } = view;
  const shown = reps.slice(0, CHART_REPS);
  return (
    <ReportRow>
      <ChartPanel
        title="SLA compliance by rep"
        id="team-sla-compliance"
        actions={<DownloadCsv path="/api/v1/reports/sla" query={QUERY} />}
        chart={{
          labels: months.map(formatPeriod),
          series: shown.map((rep) => ({
            label: groupName(rep),
            values: months.map((m) => at(rep, m)?.compliance ?? null),
          })),
          label: 'Share of SLA clocks met on time, per rep and month',
          format: formatPercent,
        }}
        isEmpty={reps.length === 0}
        empty={
          <EmptyState icon="clock" title="No SLA clock has run yet">
            Clocks start when the agreement's SLA policies hand a lead to a rep; each rep's record shows here
            month by month.
          </EmptyState>
        }
        note={`Met on time of the clocks decided, by the rep each clock ran for, over the last ${MONTHS} months${reps.length > CHART_REPS ? ` (the ${CHART_REPS} reps with the most clocks; the table has all)` : ''}. A month just begun shows beside the ones before it.`}
      />
      <TablePanel<string | null>
        title="Compliance by rep and month"
        id="team-sla-table"
        rows={reps}
        rowKey={(rep) => rep ?? ''}
        empty="No clock has run in the last twelve months."
        columns={[
          { header: 'Rep', cell: groupName },
          ...months.slice(-TABLE_MONTHS).map((month) => ({
            header: formatPeriod(month),
            cell: (rep: string | null) => {
              const m = at(rep, month);
              if (!m || m.clocks === 0) return <span className="muted">—</span>;
              return (
                <span title={`${m.clocks} clocks, ${m.breaches} breached`}>
                  {formatRate(m.compliance)} <span className="muted">· {formatNumber(m.clocks)}</span>
                </span>
              );
            },
            isNumeric: true,
          })),
        ]}
      />
    </ReportRow>
  );
}
