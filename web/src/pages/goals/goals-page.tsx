// Goals & plan: the shared goals and their attainment (against the pace expected by now, never a
// bare 0 because a period has just begun), spend and return per channel, and the reverse-funnel
// planner with saved plans against the actual. Charts first, tables beside them; both teams see the
// same page, an admin also sets goals and saves plans.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import {
  DIMENSION_LABELS,
  ReportFilterBar,
  type ReportFilterQuery,
  useReportDimensions,
  useReportFilters,
} from '../../components/report-filters.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { formatPeriod, formatRate } from '../../format.js';
import { useMembers, useTeams } from '../../queries.js';
import { useSession } from '../../session.js';
import {
  GOAL_DIMENSIONS,
  GOAL_METRICS,
  type GoalDimension,
  type GoalMetric,
  goalPeriodMonths,
  quarterOf,
} from '../../../../src/domain/goals.js';
import { addMonths, monthOf } from '../../../../src/domain/report-months.js';
import {
  type Attainment,
  type GoalsReport,
  METRIC_LABELS,
  figure,
  paceName,
  progressName,
} from './goal-names.js';
import { useGroupName } from '../overview/report-groups.js';
import { PlannerSection } from './planner.js';
import { SavedPlans } from './saved-plans.js';
import { SpendSection } from './spend-report.js';
import './goals.css';

export function GoalsPage() {
  usePageTitle('Goals & plan');
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const current = quarterOf(monthOf(new Date()));
  const quarter = params.get('quarter') ?? current;
  const quarters = useMemo(() => {
    const list = [-9, -6, -3, 0, 3, 6].map((n) => quarterOf(addMonths(goalPeriodMonths(current).from, n)));
    return list.includes(quarter) ? list : [...list, quarter].sort();
  }, [current, quarter]);
  const period = goalPeriodMonths(quarter);
  const dimensions = useReportDimensions('goals');
  const filters = useReportFilters('goals-', dimensions);
  const query = { ...filters.query, ...period };
  const goals = useQuery({
    queryKey: ['reports', 'goals', query],
    queryFn: ({ signal }) => call('GET', '/reports/goals', { query, signal }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="page">
      <PageHeader
        title="Goals & plan"
        subtitle="One set of goals for sales and marketing, what the funnel needs to meet them, and what each channel costs."
        actions={
          <div className="report-filters" role="group" aria-label="Goal period">
            <label>
              Quarter{' '}
              <select
                className="input input--sm"
                value={quarter}
                onChange={(e) =>
                  setParams(
                    (current) => {
                      const next = new URLSearchParams(current);
                      next.set('quarter', e.target.value);
                      return next;
                    },
                    { replace: true },
                  )
                }
              >
                {quarters.map((q) => (
                  <option key={q} value={q}>
                    {formatPeriod(q)}
                  </option>
                ))}
              </select>
            </label>
            <Link className="btn btn--sm" to="../overview">
              Overview
            </Link>
            {goals.isFetching && <Spinner label="Updating" />}
          </div>
        }
      />
      <div className="stack">
        {dimensions && (
          <ReportFilterBar
            id="goals-filter"
            label="Goal filters"
            dimensions={dimensions}
            query={filters.query}
            set={filters.set}
            showPeriod={false}
          />
        )}
        {goals.error && (
          <ErrorBanner
            error={goals.error}
            title="Could not load the goals"
            onRetry={() => void goals.refetch()}
          />
        )}
        {goals.isPending ? (
          <LoadingBlock label="Loading the goals…" />
        ) : (
          goals.data && <GoalsSection report={goals.data} quarter={quarter} isAdmin={isAdmin} query={query} />
        )}
        <SpendSection />
        {goals.data && (
          <PlannerSection key={quarter} quarter={quarter} isAdmin={isAdmin} goals={goals.data} />
        )}
        <SavedPlans />
      </div>
    </div>
  );
}

function GoalsSection({
  report,
  quarter,
  isAdmin,
  query,
}: {
  report: GoalsReport;
  quarter: string;
  isAdmin: boolean;
  query: ReportFilterQuery;
}) {
  const by = report.filters.by ?? undefined;
  const groupName = useGroupName(by);
  const scopeName = useScopeName();
  const withGoal = useMemo(() => report.goals.filter((g) => g.target !== null && g.target > 0), [report]);
  const labels = useMemo(
    () =>
      withGoal.map(
        (g) => `${formatPeriod(g.period)} ${METRIC_LABELS[g.metric]}${by ? ` (${groupName(g.group)})` : ''}`,
      ),
    [withGoal, by, groupName],
  );
  const series = useMemo(
    () => [
      { label: 'Actual, % of goal', values: withGoal.map((g) => (g.attainment ?? 0) * 100) },
      { label: 'Expected by now, % of goal', values: withGoal.map((g) => g.elapsed * 100) },
    ],
    [withGoal],
  );
  return (
    <>
      <ReportRow>
        <ChartPanel
          title="Goal attainment"
          id="report-goals"
          chart={{
            labels,
            series,
            horizontal: true,
            label: 'Each goal: actual and expected by now, as a share of the goal',
            format: (v) => `${v.toFixed(0)}%`,
          }}
          empty={
            <EmptyState icon="target" title={`No goals set for ${formatPeriod(quarter)} yet`}>
              {isAdmin
                ? 'Set revenue, pipeline, SQL and MQL goals below; both teams then see the same attainment here.'
                : 'An admin sets the shared goals; until then the table shows where this month and quarter stand.'}
            </EmptyState>
          }
          note="Expected by now: the goal prorated by how much of the period has gone, so the first days of a month read against what is due, not against the whole goal."
        />
        <TablePanel
          title="Goals"
          id="report-goals-table"
          actions={<DownloadCsv path="/api/v1/reports/goals" query={query} />}
          rows={report.goals}
          rowKey={(g) => `${g.period}-${g.metric}-${g.group ?? ''}`}
          rowProps={(g) => ({ 'data-goal': `${g.period}/${g.metric}`, 'data-group': g.group ?? '' })}
          columns={[
            ...(by
              ? [{ header: DIMENSION_LABELS[by] ?? by, cell: (g: Attainment) => groupName(g.group) }]
              : []),
            {
              header: 'Period',
              cell: (g) => (
                <>
                  {formatPeriod(g.period)} <span className="muted">· {progressName(g)}</span>
                </>
              ),
            },
            { header: 'Goal', cell: (g) => METRIC_LABELS[g.metric] },
            { header: 'Actual', cell: (g) => figure(g.metric, g.actual), isNumeric: true },
            {
              header: 'Goal',
              cell: (g) => (g.target === null ? '—' : figure(g.metric, g.target)),
              isNumeric: true,
            },
            {
              header: 'Whose goal',
              cell: (g) =>
                g.goal === null
                  ? '—'
                  : g.goal.dimension === null
                    ? 'Workspace'
                    : `${DIMENSION_LABELS[g.goal.dimension] ?? g.goal.dimension}: ${scopeName(g.goal.dimension, g.goal.value)}`,
            },
            { header: '%', cell: (g) => formatRate(g.attainment), isNumeric: true },
            { header: 'Pace', cell: paceName },
          ]}
        />
      </ReportRow>
      {isAdmin && <GoalForm quarter={quarter} />}
    </>
  );
}

function GoalForm({ quarter }: { quarter: string }) {
  const client = useQueryClient();
  const months = goalPeriodMonths(quarter);
  const periods = [quarter, months.from, addMonths(months.from, 1), months.to];
  const [period, setPeriod] = useState(quarter);
  const [metric, setMetric] = useState<GoalMetric>('revenue');
  const [target, setTarget] = useState('');
  const [dimension, setDimension] = useState<GoalDimension | ''>('');
  const [value, setValue] = useState('');
  const members = useMembers();
  const teams = useTeams();
  const save = useMutation({
    mutationFn: () =>
      call('PUT', '/goals/{period}/{metric}', {
        params: { period, metric },
        body: {
          target: target.trim() === '' ? Number.NaN : Number(target),
          ...(dimension ? { dimension, value } : {}),
        },
      }),
    onSuccess: () => {
      setTarget('');
      void client.invalidateQueries({ queryKey: ['reports'] });
    },
  });
  const errors = fieldErrorsOf(save.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <Panel title="Set a goal" id="goal-form">
      <form className="form-row" onSubmit={submit} aria-label="Set a goal">
        <Field id="goal-period" label="Period" error={errors('period')}>
          <select
            className="input"
            {...controlProps('goal-period', errors('period'))}
            value={periods.includes(period) ? period : quarter}
            onChange={(e) => setPeriod(e.target.value)}
          >
            {periods.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="goal-metric" label="Measure" error={errors('metric')}>
          <select
            className="input"
            {...controlProps('goal-metric', errors('metric'))}
            value={metric}
            onChange={(e) => setMetric(e.target.value as GoalMetric)}
          >
            {GOAL_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="goal-dimension" label="Whose" error={errors('dimension')}>
          <select
            className="input"
            {...controlProps('goal-dimension', errors('dimension'))}
            value={dimension}
            onChange={(e) => {
              setDimension(e.target.value as GoalDimension | '');
              setValue('');
            }}
          >
            <option value="">The workspace</option>
            {GOAL_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                A {DIMENSION_LABELS[d]?.toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
        {dimension && (
          <Field id="goal-value" label={DIMENSION_LABELS[dimension] ?? dimension} error={errors('value')}>
            {dimension === 'team' || dimension === 'rep' ? (
              <select
                className="input"
                {...controlProps('goal-value', errors('value'))}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              >
                <option value="">Choose…</option>
                {(dimension === 'team' ? (teams.data ?? []) : (members.data ?? [])).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="input"
                {...controlProps('goal-value', errors('value'))}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field id="goal-target" label="Goal" error={errors('target')}>
          <input
            className="input"
            type="number"
            step="any"
            {...controlProps('goal-target', errors('target'))}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
        </Field>
        <button className="btn btn--primary" type="submit" disabled={save.isPending}>
          Save goal
        </button>
        {save.isSuccess && <span className="muted">Saved.</span>}
      </form>
      <FormErrorBanner error={save.error} fields={['period', 'metric', 'target', 'dimension', 'value']} />
    </Panel>
  );
}

/** A goal's slice as people read it: a team's or rep's name rather than its id. */
function useScopeName(): (dimension: string, value: string | null) => string {
  const members = useMembers();
  const teams = useTeams();
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const m of members.data ?? []) names.set(`rep\u0000${m.id}`, m.name);
    for (const t of teams.data ?? []) names.set(`team\u0000${t.id}`, t.name);
    return (dimension, value) => (value === null ? '' : (names.get(`${dimension}\u0000${value}`) ?? value));
  }, [members.data, teams.data]);
}
