// Spend and return per channel: what each channel cost per MQL, SQL and customer, and the revenue
// each dollar brought back.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type ResponseOf, call } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { formatNumber } from '../../format.js';
import { money } from './goal-names.js';

type SpendReport = ResponseOf<'/reports/spend', 'GET'>;

const moneyOrNone = (n: number | null) => (n === null ? '—' : money(n));

export function SpendSection() {
  const spend = useQuery({
    queryKey: ['reports', 'spend', {}],
    queryFn: ({ signal }) => call('GET', '/reports/spend', { signal }),
  });
  if (spend.error)
    return (
      <ErrorBanner error={spend.error} title="Could not load spend" onRetry={() => void spend.refetch()} />
    );
  if (!spend.data) return <LoadingBlock label="Loading spend…" />;
  return <SpendTables report={spend.data} />;
}

function SpendTables({ report }: { report: SpendReport }) {
  const paid = useMemo(() => report.channels.filter((c) => c.spend !== null), [report]);
  const labels = useMemo(() => paid.map((c) => c.channel ?? 'Not set'), [paid]);
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
        chart={{ labels, series, label: 'Cost per MQL and per SQL, by channel', format: money }}
        empty={
          <EmptyState icon="deal" title="No spend recorded yet">
            Record what each channel cost per month (PUT /api/v1/spend/&#123;channel&#125;/&#123;month&#125;,
            an import, or `tandem spend set`), and cost per MQL, SQL and customer show here.
          </EmptyState>
        }
        note={`${report.period.from} to ${report.period.to}. A channel is the lead's source; channels without recorded spend (organic, direct) show their volumes with no cost.`}
      />
      <TablePanel
        title="By channel"
        id="report-spend-table"
        actions={<DownloadCsv path="/api/v1/reports/spend" query={report.period} />}
        rows={report.channels}
        rowKey={(c) => c.channel ?? ''}
        columns={[
          { header: 'Channel', cell: (c) => c.channel ?? 'Not set' },
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
