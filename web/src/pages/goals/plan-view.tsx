// A funnel plan: the volume each stage needs, stage by stage and month by month, and the MQLs each
// channel would bring at today's cost.
import { useMemo } from 'react';
import type { ResponseOf } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DIMENSION_LABELS } from '../../components/report-filters.js';
import { formatNumber, formatPeriod, formatRate } from '../../format.js';
import { PLAN_STEP_LABELS } from '../../../../src/domain/planner.js';
import { money, shortMonth } from './goal-names.js';

type PlannerReport = ResponseOf<'/reports/planner', 'GET'>;
type FunnelPlan = NonNullable<PlannerReport['plan']>;
type PlanGroup = PlannerReport['groups'][number];
type Step = FunnelPlan['steps'][number];

/** "Mar – May 2026", or the two months in full across a new year. */
function monthsName(s: Step): string {
  if (s.fromMonth === s.byMonth) return formatPeriod(s.byMonth);
  const sameYear = s.fromMonth.slice(0, 4) === s.byMonth.slice(0, 4);
  return `${sameYear ? shortMonth(s.fromMonth) : formatPeriod(s.fromMonth)} – ${formatPeriod(s.byMonth)}`;
}

export function PlanView({ plan }: { plan: FunnelPlan }) {
  const labels = useMemo(() => plan.steps.map((s) => PLAN_STEP_LABELS[s.step]), [plan]);
  const series = useMemo(() => [{ label: 'Needed', values: plan.steps.map((s) => s.needed) }], [plan]);
  const months = [...new Set(plan.steps.flatMap((s) => s.months.map((m) => m.month)))].sort();
  const total = {
    mqls: plan.channels.reduce((n, c) => n + c.mqls, 0),
    spend: plan.spend,
  };
  return (
    <>
      <ReportRow>
        <ChartPanel
          title={`What ${money(plan.inputs.revenueGoal)} needs`}
          id="report-plan"
          chart={{ labels, series, label: 'Volume needed at each stage', format: formatNumber }}
          note={`At ${money(plan.inputs.dealSize)} a deal, ${formatNumber(plan.steps.at(-1)?.needed ?? 0)} wins from ${plan.inputs.period.from} to ${plan.inputs.period.to}; each stage back is divided by its rate, and due its lags before the win.`}
        />
        <TablePanel
          title="Stage by stage"
          id="report-plan-table"
          rows={plan.steps}
          rowKey={(s) => s.step}
          columns={[
            { header: 'Stage', cell: (s) => PLAN_STEP_LABELS[s.step] },
            { header: 'Needed', cell: (s) => formatNumber(s.needed), isNumeric: true },
            { header: 'Rate on', cell: (s) => formatRate(s.rate), isNumeric: true },
            {
              header: 'Lag',
              cell: (s) => (s.lagDays === null ? '' : `${s.lagDays.toFixed(1)} d`),
              isNumeric: true,
            },
            { header: 'When', cell: monthsName },
          ]}
        />
      </ReportRow>
      <ReportRow>
        <TablePanel
          title="By month"
          id="report-plan-months"
          rows={plan.steps}
          rowKey={(s) => s.step}
          columns={[
            { header: 'Stage', cell: (s) => PLAN_STEP_LABELS[s.step] },
            ...months.map((m) => ({
              header: formatPeriod(m),
              cell: (s: Step) => {
                const n = s.months.find((x) => x.month === m)?.needed;
                return n === undefined ? '' : formatNumber(n);
              },
              isNumeric: true,
            })),
          ]}
        />
        <TablePanel<FunnelPlan['channels'][number], typeof total>
          title="MQLs by channel at today's cost"
          id="report-plan-channels"
          rows={plan.channels}
          rowKey={(c) => c.channel ?? ''}
          empty="No channel brought MQLs in the measured months yet."
          totals={plan.channels.length === 0 ? undefined : { rows: [total], key: () => 'all' }}
          columns={[
            { header: 'Channel', cell: (c) => c.channel ?? 'Not set', total: () => 'Total' },
            {
              header: 'MQLs',
              cell: (c) => formatNumber(c.mqls),
              total: (t) => formatNumber(t.mqls),
              isNumeric: true,
            },
            {
              header: 'Cost per MQL',
              cell: (c) => (c.costPerMql === null ? 'no spend' : money(c.costPerMql)),
              isNumeric: true,
            },
            {
              header: 'Spend',
              cell: (c) => (c.spend === null ? '—' : money(c.spend)),
              total: (t) => money(t.spend),
              isNumeric: true,
            },
          ]}
        />
      </ReportRow>
    </>
  );
}

/** Broken down: the goal split over the groups by the revenue each won, and what each one needs. */
export function PlanGroups({
  groups,
  by,
  groupName,
}: {
  groups: readonly PlanGroup[];
  by: string;
  groupName: (g: string | null) => string;
}) {
  const needed = (g: PlanGroup, step: string) => {
    const s = g.plan?.steps.find((x) => x.step === step);
    return s ? formatNumber(s.needed) : '—';
  };
  return (
    <TablePanel
      title={`Split by ${DIMENSION_LABELS[by]?.toLowerCase() ?? by}`}
      id="report-plan-groups"
      rows={groups}
      rowKey={(g) => g.group ?? ''}
      columns={[
        { header: DIMENSION_LABELS[by] ?? by, cell: (g) => groupName(g.group) },
        { header: 'Share', cell: (g) => formatRate(g.share), isNumeric: true },
        { header: 'Goal', cell: (g) => money(g.revenueGoal), isNumeric: true },
        { header: 'Leads', cell: (g) => needed(g, 'lead'), isNumeric: true },
        { header: 'MQLs', cell: (g) => needed(g, 'mql'), isNumeric: true },
        { header: 'SQLs', cell: (g) => needed(g, 'sql'), isNumeric: true },
        { header: 'Wins', cell: (g) => needed(g, 'customer'), isNumeric: true },
        { header: 'Missing', cell: (g) => (g.plan ? '' : g.missing.join(', ')) },
      ]}
    />
  );
}
