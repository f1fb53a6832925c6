// Spend and return per channel: what each channel cost per MQL, SQL and customer, and the revenue
// each dollar brought back.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type ResponseOf, call } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import {
  ReportFilterBar,
  type ReportFilterQuery,
  useReportDimensions,
  useReportFilters,
} from '../../components/report-filters.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { formatNumber, formatPeriod } from '../../format.js';
import { money } from './goal-names.js';

type SpendReport = ResponseOf<'/reports/spend', 'GET'>;

const moneyOrNone = (n: number | null) => (n === null ? '—' : money(n));

export function SpendSection() {
  const dimensions = useReportDimensions('spend');
  const filters = useReportFilters('spend-', dimensions);
  const spend = useQuery({
    queryKey: ['reports', 'spend', filters.query],
    queryFn: ({ signal }) => call('GET', '/reports/spend', { query: filters.query, signal }),
    placeholderData: keepPreviousData,
    enabled: dimensions !== undefined,
  });
  return (
    <>
      {dimensions && (
        <ReportFilterBar
          id="spend-filter"
          label="Spend filters"
          dimensions={dimensions}
          query={filters.query}
          set={filters.set}
          period={spend.data?.period}
        >
          {spend.isFetching && <Spinner label="Updating" />}
        </ReportFilterBar>
      )}
      {spend.error ? (
        <ErrorBanner error={spend.error} title="Could not load spend" onRetry={() => void spend.refetch()} />
      ) : !spend.data ? (
        <LoadingBlock label="Loading spend…" />
      ) : (
        <SpendTables report={spend.data} query={filters.query} />
      )}
    </>
  );
}

/** A row of the table: a channel, or (by month) all channels added for one month. */
type SpendLine = Omit<SpendReport['channels'][number], 'channel' | 'group'> & { name: string; key: string };

function SpendTables({ report, query }: { report: SpendReport; query: ReportFilterQuery }) {
  const byMonth = report.filters.by === 'period';
  const bySlice = report.filters.by === 'medium' || report.filters.by === 'campaign';
  const sliced = bySlice || report.filters.where.medium || report.filters.where.campaign;
  const lines = useMemo(
    (): SpendLine[] =>
      byMonth
        ? report.periods.map((p) => ({ ...p, name: formatPeriod(p.month), key: p.month }))
        : report.channels.map((c) => ({
            ...c,
            // Broken down by medium or campaign: "google · spring-sale", "google · no campaign".
            name: bySlice
              ? `${c.channel ?? 'Not set'} · ${c.group ?? `no ${report.filters.by}`}`
              : (c.channel ?? 'Not set'),
            key: `${c.channel ?? ''}\u0000${c.group ?? ''}`,
          })),
    [report, byMonth, bySlice],
  );
  const paid = useMemo(() => lines.filter((c) => c.spend !== null), [lines]);
  const labels = useMemo(() => paid.map((c) => c.name), [paid]);
  const series = useMemo(
    () => [
      { label: 'Cost per MQL', values: paid.map((c) => c.costPerMql) },
      { label: 'Cost per SQL', values: paid.map((c) => c.costPerSql) },
    ],
    [paid],
  );
  return (
    <ReportRow>
      <ChartPanel
        title="Spend and return"
        id="report-spend"
        chart={{
          labels,
          series,
          label: `Cost per MQL and per SQL, by ${byMonth ? 'month' : 'channel'}`,
          format: money,
        }}
        empty={
          <EmptyState icon="deal" title="No spend recorded yet">
            Record what each channel cost per month (PUT /api/v1/spend/&#123;channel&#125;/&#123;month&#125;,
            an import, or `tandem spend set`), and cost per MQL, SQL and customer show here.
          </EmptyState>
        }
        note={`${report.period.from} to ${report.period.to}. A channel is the lead's source; channels without recorded spend (organic, direct) show their volumes with no cost.${sliced ? ' Spend recorded without a medium or campaign is the channel’s as a whole: a filter by one leaves it out, and a breakdown shows it as “no medium” or “no campaign”, beside the leads that carry none.' : ''}`}
      />
      <TablePanel
        title={byMonth ? 'By month' : 'By channel'}
        id="report-spend-table"
        actions={<DownloadCsv path="/api/v1/reports/spend" query={{ ...query, ...report.period }} />}
        rows={lines}
        rowKey={(c) => c.key}
        columns={[
          {
            header: byMonth ? 'Month' : bySlice ? `Channel · ${report.filters.by}` : 'Channel',
            cell: (c) => c.name,
          },
          { header: 'Spend', cell: (c) => moneyOrNone(c.spend), isNumeric: true },
          { header: 'MQLs', cell: (c) => formatNumber(c.mqls), isNumeric: true },
          { header: 'SQLs', cell: (c) => formatNumber(c.sqls), isNumeric: true },
          { header: 'Won', cell: (c) => formatNumber(c.customers), isNumeric: true },
          { header: 'Per MQL', cell: (c) => moneyOrNone(c.costPerMql), isNumeric: true },
          { header: 'Per SQL', cell: (c) => moneyOrNone(c.costPerSql), isNumeric: true },
          { header: 'Per customer', cell: (c) => moneyOrNone(c.costPerCustomer), isNumeric: true },
          {
            header: 'Revenue per $',
            cell: (c) => (c.revenuePerSpend === null ? '—' : c.revenuePerSpend.toFixed(1)),
            isNumeric: true,
          },
        ]}
      />
    </ReportRow>
  );
}
