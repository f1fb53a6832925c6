// Goals & plan: the shared goals and their attainment (against the pace expected by now, never a
// bare 0 because a period has just begun), spend and return per channel, and the reverse-funnel
// planner with saved plans against the actual. Charts first, tables beside them; both teams see the
// same page, an admin also sets goals and saves plans.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ComponentProps, type FormEvent, lazy, Suspense, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type CallInput, type ResponseOf, call } from '../../api.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { formatMoney, formatNumber, formatPercent } from '../../format.js';
import { useSession } from '../../session.js';
import './goals.css';

type GoalsReport = ResponseOf<'/reports/goals', 'GET'>;
type Attainment = GoalsReport['goals'][number];
type SpendReport = ResponseOf<'/reports/spend', 'GET'>;
type PlannerReport = ResponseOf<'/reports/planner', 'GET'>;
type FunnelPlan = NonNullable<PlannerReport['plan']>;
type PlanVsActual = ResponseOf<'/plans/{id}', 'GET'>;
type PlannerQuery = NonNullable<CallInput<'/reports/planner', 'GET'>['query']>;

// Chart.js loads with the report pages, not with the app.
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

const METRICS = ['revenue', 'weighted_pipeline', 'sqls', 'mqls'] as const;
type Metric = (typeof METRICS)[number];
const METRIC_LABELS: Record<Metric, string> = {
  revenue: 'Revenue',
  weighted_pipeline: 'Weighted pipeline',
  sqls: 'SQLs',
  mqls: 'MQLs',
};
const STEPS = ['lead', 'mql', 'sal', 'sql', 'opportunity'] as const;
type FromStep = (typeof STEPS)[number];
const STEP_LABELS: Record<string, string> = {
  lead: 'Leads',
  mql: 'MQLs',
  sal: 'SALs',
  sql: 'SQLs',
  opportunity: 'Opportunities',
  customer: 'Wins',
};
const NEXT: Record<FromStep, string> = {
  lead: 'MQL',
  mql: 'SAL',
  sal: 'SQL',
  sql: 'opportunity',
  opportunity: 'win',
};

const money = (n: number) => formatMoney(n, 'USD');
const isMoney = (m: Metric) => m === 'revenue' || m === 'weighted_pipeline';
const figure = (m: Metric, n: number) => (isMoney(m) ? money(n) : formatNumber(Math.round(n * 10) / 10));
const rate = (r: number | null) => (r === null ? '—' : formatPercent(r));

function thisMonth(now = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}
function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}
function quarterMonths(quarter: string): { from: string; to: string } {
  const from = `${quarter.slice(0, 4)}-${String((Number(quarter.slice(6)) - 1) * 3 + 1).padStart(2, '0')}`;
  return { from, to: addMonths(from, 2) };
}
function periodName(period: string): string {
  if (period.includes('Q')) return period.replace('-', ' ');
  return new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${period}-01T00:00:00Z`),
  );
}
const shortMonth = (month: string) =>
  new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** How far into the period we are, as a reader says it: "day 1 of 31", "week 7 of 13". */
function progressName(a: Attainment): string {
  if (a.status === 'upcoming') return 'not begun';
  if (a.status === 'ended') return 'ended';
  const { from, to } = a.period.includes('Q') ? quarterMonths(a.period) : { from: a.period, to: a.period };
  const start = Date.parse(`${from}-01T00:00:00Z`);
  const end = Date.parse(`${addMonths(to, 1)}-01T00:00:00Z`);
  const days = Math.round((end - start) / 86_400_000);
  return `day ${Math.min(days, Math.floor(a.elapsed * days) + 1)} of ${days}`;
}
/** Never a bare zero: where a running period stands against what is due by now. */
function paceName(a: Attainment): string {
  if (a.target === null) return 'No goal set';
  if (a.status === 'upcoming') return 'Not begun';
  if (a.expectedByNow === null || a.pace === null) return `${figure(a.metric, 0)} due yet`;
  const due = `${figure(a.metric, a.expectedByNow)} expected by now`;
  if (a.pace >= 1) return `On pace: ${due}`;
  return `Behind: ${due} (${formatPercent(a.pace)} of pace)`;
}

export function GoalsPage() {
  usePageTitle('Goals & plan');
  const { user } = useSession();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const current = quarterOf(thisMonth());
  const quarter = params.get('quarter') ?? current;
  const quarters = useMemo(() => {
    const list = [-9, -6, -3, 0, 3, 6].map((n) => quarterOf(addMonths(quarterMonths(current).from, n)));
    return list.includes(quarter) ? list : [...list, quarter].sort();
  }, [current, quarter]);
  const period = quarterMonths(quarter);
  const goals = useQuery({
    queryKey: ['reports', 'goals', period],
    queryFn: ({ signal }) => call('GET', '/reports/goals', { query: period, signal }),
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
                onChange={(e) => setParams({ quarter: e.target.value }, { replace: true })}
              >
                {quarters.map((q) => (
                  <option key={q} value={q}>
                    {periodName(q)}
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
          goals.data && <GoalsSection report={goals.data} quarter={quarter} isAdmin={isAdmin} />
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
}: {
  report: GoalsReport;
  quarter: string;
  isAdmin: boolean;
}) {
  const withGoal = report.goals.filter((g) => g.target !== null && g.target > 0);
  const labels = useMemo(
    () => withGoal.map((g) => `${periodName(g.period)} ${METRIC_LABELS[g.metric]}`),
    [withGoal],
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
      <div className="report-row">
        <Panel title="Goal attainment" id="report-goals">
          {withGoal.length === 0 ? (
            <EmptyState icon="target" title={`No goals set for ${periodName(quarter)} yet`}>
              {isAdmin
                ? 'Set revenue, pipeline, SQL and MQL goals below; both teams then see the same attainment here.'
                : 'An admin sets the shared goals; until then the table shows where this month and quarter stand.'}
            </EmptyState>
          ) : (
            <BarChart
              labels={labels}
              series={series}
              horizontal
              label="Each goal: actual and expected by now, as a share of the goal"
              format={(v) => `${v.toFixed(0)}%`}
            />
          )}
          <p className="muted report-note">
            Expected by now: the goal prorated by how much of the period has gone, so the first days of a
            month read against what is due, not against the whole goal.
          </p>
        </Panel>
        <Panel
          title="Goals"
          id="report-goals-table"
          flush
          actions={<DownloadCsv path="/api/v1/reports/goals" query={report.period} />}
        >
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Period</th>
                  <th>Goal</th>
                  <th className="num">Actual</th>
                  <th className="num">Goal</th>
                  <th className="num">%</th>
                  <th>Pace</th>
                </tr>
              </thead>
              <tbody>
                {report.goals.map((g) => (
                  <tr key={`${g.period}-${g.metric}`} data-goal={`${g.period}/${g.metric}`}>
                    <td>
                      {periodName(g.period)} <span className="muted">· {progressName(g)}</span>
                    </td>
                    <td>{METRIC_LABELS[g.metric]}</td>
                    <td className="num">{figure(g.metric, g.actual)}</td>
                    <td className="num">{g.target === null ? '—' : figure(g.metric, g.target)}</td>
                    <td className="num">{rate(g.attainment)}</td>
                    <td>{paceName(g)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
      {isAdmin && <GoalForm quarter={quarter} />}
    </>
  );
}

function GoalForm({ quarter }: { quarter: string }) {
  const client = useQueryClient();
  const months = quarterMonths(quarter);
  const periods = [quarter, months.from, addMonths(months.from, 1), months.to];
  const [period, setPeriod] = useState(quarter);
  const [metric, setMetric] = useState<Metric>('revenue');
  const [target, setTarget] = useState('');
  const save = useMutation({
    mutationFn: () =>
      call('PUT', '/goals/{period}/{metric}', {
        params: { period, metric },
        body: { target: target.trim() === '' ? Number.NaN : Number(target) },
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
                {periodName(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="goal-metric" label="Measure" error={errors('metric')}>
          <select
            className="input"
            {...controlProps('goal-metric', errors('metric'))}
            value={metric}
            onChange={(e) => setMetric(e.target.value as Metric)}
          >
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </Field>
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
      <FormErrorBanner error={save.error} fields={['period', 'metric', 'target']} />
    </Panel>
  );
}

function SpendSection() {
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
  const paid = report.channels.filter((c) => c.spend !== null);
  const labels = useMemo(() => paid.map((c) => c.channel ?? 'Not set'), [paid]);
  const series = useMemo(
    () => [
      { label: 'Cost per MQL', values: paid.map((c) => c.costPerMql) },
      { label: 'Cost per SQL', values: paid.map((c) => c.costPerSql) },
    ],
    [paid],
  );
  return (
    <div className="report-row">
      <Panel title="Spend and return" id="report-spend">
        {paid.length === 0 ? (
          <EmptyState icon="deal" title="No spend recorded yet">
            Record what each channel cost per month (PUT /api/v1/spend/&#123;channel&#125;/&#123;month&#125;,
            an import, or `tandem spend set`), and cost per MQL, SQL and customer show here.
          </EmptyState>
        ) : (
          <BarChart
            labels={labels}
            series={series}
            label="Cost per MQL and per SQL, by channel"
            format={money}
          />
        )}
        <p className="muted report-note">
          {report.period.from} to {report.period.to}. A channel is the lead&apos;s source; channels without
          recorded spend (organic, direct) show their volumes with no cost.
        </p>
      </Panel>
      <Panel
        title="By channel"
        id="report-spend-table"
        flush
        actions={<DownloadCsv path="/api/v1/reports/spend" query={report.period} />}
      >
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Channel</th>
                <th className="num">Spend</th>
                <th className="num">MQLs</th>
                <th className="num">SQLs</th>
                <th className="num">Won</th>
                <th className="num">Per MQL</th>
                <th className="num">Per SQL</th>
                <th className="num">Per customer</th>
                <th className="num">Revenue per $</th>
              </tr>
            </thead>
            <tbody>
              {report.channels.map((c) => (
                <tr key={c.channel ?? ''}>
                  <td>{c.channel ?? 'Not set'}</td>
                  <td className="num">{c.spend === null ? '—' : money(c.spend)}</td>
                  <td className="num">{formatNumber(c.mqls)}</td>
                  <td className="num">{formatNumber(c.sqls)}</td>
                  <td className="num">{formatNumber(c.customers)}</td>
                  <td className="num">{c.costPerMql === null ? '—' : money(c.costPerMql)}</td>
                  <td className="num">{c.costPerSql === null ? '—' : money(c.costPerSql)}</td>
                  <td className="num">{c.costPerCustomer === null ? '—' : money(c.costPerCustomer)}</td>
                  <td className="num">{c.revenuePerSpend === null ? '—' : c.revenuePerSpend.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}

type PlanForm = {
  revenueGoal: string;
  from: string;
  to: string;
  dealSize: string;
} & Record<`${FromStep}Rate` | `${FromStep}LagDays`, string>;

const blankOverrides = Object.fromEntries(
  STEPS.flatMap((s) => [
    [`${s}Rate`, ''],
    [`${s}LagDays`, ''],
  ]),
) as Record<`${FromStep}Rate` | `${FromStep}LagDays`, string>;

/** The form as the planner's query: empty overrides left out, rates from percent to shares. */
function plannerQuery(form: PlanForm): Record<string, string> {
  const q: Record<string, string> = { revenueGoal: form.revenueGoal, from: form.from, to: form.to };
  if (form.dealSize.trim()) q.dealSize = form.dealSize.trim();
  for (const s of STEPS) {
    const r = form[`${s}Rate`].trim();
    const l = form[`${s}LagDays`].trim();
    if (r) q[`${s}Rate`] = String(Number(r) / 100);
    if (l) q[`${s}LagDays`] = l;
  }
  return q;
}

function PlannerSection({
  quarter,
  isAdmin,
  goals,
}: {
  quarter: string;
  isAdmin: boolean;
  goals: GoalsReport | undefined;
}) {
  const months = quarterMonths(quarter);
  const revenueGoal = goals?.goals.find((g) => g.period === quarter && g.metric === 'revenue')?.target;
  const initial: PlanForm = {
    revenueGoal: String(revenueGoal ?? 100_000),
    from: months.from,
    to: months.to,
    dealSize: '',
    ...blankOverrides,
  };
  const [form, setForm] = useState<PlanForm>(initial);
  const [applied, setApplied] = useState<Record<string, string>>(() => plannerQuery(initial));
  const plan = useQuery({
    queryKey: ['reports', 'planner', applied],
    queryFn: ({ signal }) =>
      call('GET', '/reports/planner', {
        query: applied as unknown as PlannerQuery,
        signal,
      }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const errors = fieldErrorsOf(plan.error);
  const set = (key: keyof PlanForm) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const measured = plan.data?.measured;
  function submit(e: FormEvent) {
    e.preventDefault();
    setApplied(plannerQuery(form));
  }
  return (
    <>
      <Panel title="Reverse-funnel planner" id="planner-form">
        <form onSubmit={submit} aria-label="Plan the funnel">
          <div className="form-row">
            <Field id="plan-goal" label="Revenue goal" error={errors('revenueGoal')}>
              <input
                className="input"
                type="number"
                min={0}
                step="any"
                {...controlProps('plan-goal', errors('revenueGoal'))}
                value={form.revenueGoal}
                onChange={set('revenueGoal')}
              />
            </Field>
            <Field id="plan-from" label="From" error={errors('from')}>
              <input
                className="input"
                type="month"
                {...controlProps('plan-from', errors('from'))}
                value={form.from}
                onChange={set('from')}
              />
            </Field>
            <Field id="plan-to" label="To" error={errors('to')}>
              <input
                className="input"
                type="month"
                {...controlProps('plan-to', errors('to'))}
                value={form.to}
                onChange={set('to')}
              />
            </Field>
            <Field
              id="plan-deal"
              label="Average deal"
              error={errors('dealSize')}
              hint={measured?.dealSize ? `measured ${money(measured.dealSize)}` : 'nothing won yet: give one'}
            >
              <input
                className="input"
                type="number"
                min={0}
                step="any"
                placeholder={measured?.dealSize ? String(Math.round(measured.dealSize)) : ''}
                {...controlProps('plan-deal', errors('dealSize'))}
                value={form.dealSize}
                onChange={set('dealSize')}
              />
            </Field>
          </div>
          <details className="planner-overrides">
            <summary>
              Rates and lags (measured{' '}
              {plan.data ? `${plan.data.measuredOver.from} to ${plan.data.measuredOver.to}` : ''}; override
              any)
            </summary>
            <div className="form-row">
              {STEPS.map((s) => (
                <Field
                  key={`${s}-rate`}
                  id={`plan-${s}-rate`}
                  label={`${STEP_LABELS[s]} → ${NEXT[s]}, %`}
                  error={errors(`${s}Rate`)}
                  hint={
                    measured?.rates[s] != null
                      ? `measured ${formatPercent(measured.rates[s])}`
                      : 'not measured'
                  }
                >
                  <input
                    className="input"
                    type="number"
                    step="any"
                    placeholder={measured?.rates[s] != null ? (measured.rates[s] * 100).toFixed(1) : ''}
                    {...controlProps(`plan-${s}-rate`, errors(`${s}Rate`))}
                    value={form[`${s}Rate`]}
                    onChange={set(`${s}Rate`)}
                  />
                </Field>
              ))}
            </div>
            <div className="form-row">
              {STEPS.map((s) => (
                <Field
                  key={`${s}-lag`}
                  id={`plan-${s}-lag`}
                  label={`${STEP_LABELS[s]} → ${NEXT[s]}, days`}
                  error={errors(`${s}LagDays`)}
                  hint={
                    measured?.lagDays[s] != null
                      ? `measured ${measured.lagDays[s].toFixed(1)} d`
                      : 'not measured'
                  }
                >
                  <input
                    className="input"
                    type="number"
                    step="any"
                    placeholder={measured?.lagDays[s] != null ? measured.lagDays[s].toFixed(1) : ''}
                    {...controlProps(`plan-${s}-lag`, errors(`${s}LagDays`))}
                    value={form[`${s}LagDays`]}
                    onChange={set(`${s}LagDays`)}
                  />
                </Field>
              ))}
            </div>
          </details>
          <div className="form-row">
            <button className="btn btn--primary" type="submit">
              Plan
            </button>
            {plan.isFetching && <Spinner label="Planning" />}
            <DownloadCsv path="/api/v1/reports/planner" query={applied} />
          </div>
        </form>
        <FormErrorBanner
          error={plan.error}
          fields={[
            'revenueGoal',
            'from',
            'to',
            'dealSize',
            ...STEPS.flatMap((s) => [`${s}Rate`, `${s}LagDays`]),
          ]}
        />
      </Panel>
      {plan.data && !plan.data.plan && (
        <Panel>
          <EmptyState icon="target" title="Not enough history to plan from yet">
            Nothing measured yet for {plan.data.missing.join(', ')}. Give those figures above (rates and lags
            under “Rates and lags”), or plan once leads have moved through the funnel and deals have been won.
          </EmptyState>
        </Panel>
      )}
      {plan.data?.plan && <PlanView plan={plan.data.plan} />}
      {plan.data?.plan && isAdmin && <SavePlan query={applied} />}
    </>
  );
}

function PlanView({ plan }: { plan: FunnelPlan }) {
  const labels = useMemo(() => plan.steps.map((s) => STEP_LABELS[s.step] ?? s.step), [plan]);
  const series = useMemo(() => [{ label: 'Needed', values: plan.steps.map((s) => s.needed) }], [plan]);
  const months = [...new Set(plan.steps.flatMap((s) => s.months.map((m) => m.month)))].sort();
  return (
    <>
      <div className="report-row">
        <Panel title={`What ${money(plan.inputs.revenueGoal)} needs`} id="report-plan">
          <BarChart
            labels={labels}
            series={series}
            label="Volume needed at each stage"
            format={formatNumber}
          />
          <p className="muted report-note">
            At {money(plan.inputs.dealSize)} a deal, {formatNumber(plan.steps.at(-1)?.needed ?? 0)} wins from{' '}
            {plan.inputs.period.from} to {plan.inputs.period.to}; each stage back is divided by its rate, and
            due its lags before the win.
          </p>
        </Panel>
        <Panel title="Stage by stage" id="report-plan-table" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Stage</th>
                  <th className="num">Needed</th>
                  <th className="num">Rate on</th>
                  <th className="num">Lag</th>
                  <th>When</th>
                </tr>
              </thead>
              <tbody>
                {plan.steps.map((s) => (
                  <tr key={s.step}>
                    <td>{STEP_LABELS[s.step]}</td>
                    <td className="num">{formatNumber(s.needed)}</td>
                    <td className="num">{rate(s.rate)}</td>
                    <td className="num">{s.lagDays === null ? '' : `${s.lagDays.toFixed(1)} d`}</td>
                    <td>
                      {s.fromMonth === s.byMonth
                        ? periodName(s.byMonth)
                        : `${s.fromMonth.slice(0, 4) === s.byMonth.slice(0, 4) ? shortMonth(s.fromMonth) : periodName(s.fromMonth)} – ${periodName(s.byMonth)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
      <div className="report-row">
        <Panel title="By month" id="report-plan-months" flush>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Stage</th>
                  {months.map((m) => (
                    <th key={m} className="num">
                      {periodName(m)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {plan.steps.map((s) => (
                  <tr key={s.step}>
                    <td>{STEP_LABELS[s.step]}</td>
                    {months.map((m) => {
                      const n = s.months.find((x) => x.month === m)?.needed;
                      return (
                        <td key={m} className="num">
                          {n === undefined ? '' : formatNumber(n)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
        <Panel title="MQLs by channel at today's cost" id="report-plan-channels" flush>
          {plan.channels.length === 0 ? (
            <p className="muted panel__pad">No channel brought MQLs in the measured months yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Channel</th>
                    <th className="num">MQLs</th>
                    <th className="num">Cost per MQL</th>
                    <th className="num">Spend</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.channels.map((c) => (
                    <tr key={c.channel ?? ''}>
                      <td>{c.channel ?? 'Not set'}</td>
                      <td className="num">{formatNumber(c.mqls)}</td>
                      <td className="num">{c.costPerMql === null ? 'no spend' : money(c.costPerMql)}</td>
                      <td className="num">{c.spend === null ? '—' : money(c.spend)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td>Total</td>
                    <td className="num">{formatNumber(plan.channels.reduce((n, c) => n + c.mqls, 0))}</td>
                    <td />
                    <td className="num">{money(plan.spend)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      </div>
    </>
  );
}

function SavePlan({ query }: { query: Record<string, string> }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const rates: Record<string, number> = {};
      const lagDays: Record<string, number> = {};
      for (const s of STEPS) {
        if (query[`${s}Rate`]) rates[s] = Number(query[`${s}Rate`]);
        if (query[`${s}LagDays`]) lagDays[s] = Number(query[`${s}LagDays`]);
      }
      return call('POST', '/plans', {
        body: {
          name,
          revenueGoal: Number(query.revenueGoal),
          from: query.from ?? '',
          to: query.to ?? '',
          ...(query.dealSize ? { dealSize: Number(query.dealSize) } : {}),
          rates,
          lagDays,
        },
      });
    },
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: ['plans'] });
    },
  });
  const errors = fieldErrorsOf(save.error);
  return (
    <Panel title="Save this plan" id="plan-save">
      <form
        className="form-row"
        aria-label="Save this plan"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field
          id="plan-name"
          label="Name"
          error={errors('name')}
          hint="Saved plans are compared with the actual as the period runs."
        >
          <input
            className="input"
            {...controlProps('plan-name', errors('name'))}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <button className="btn" type="submit" disabled={save.isPending}>
          Save plan
        </button>
        {save.isSuccess && <span className="muted">Saved.</span>}
      </form>
      <FormErrorBanner error={save.error} fields={['name']} />
    </Panel>
  );
}

function SavedPlans() {
  const plans = useQuery({
    queryKey: ['plans'],
    queryFn: ({ signal }) => call('GET', '/plans', { signal }),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const id = chosen ?? plans.data?.data[0]?.id ?? null;
  const actual = useQuery({
    queryKey: ['plans', id],
    queryFn: ({ signal }) => call('GET', '/plans/{id}', { params: { id: id ?? '' }, signal }),
    enabled: id !== null,
  });
  if (plans.error) return <ErrorBanner error={plans.error} title="Could not load the saved plans" />;
  if (!plans.data || plans.data.data.length === 0) return null;
  return (
    <>
      <Panel
        title="Plan against actual"
        id="plan-actual-picker"
        actions={
          <>
            <select
              className="input input--sm"
              aria-label="Saved plan"
              value={id ?? ''}
              onChange={(e) => setChosen(e.target.value)}
            >
              {plans.data.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.plan.inputs.period.from} – {p.plan.inputs.period.to})
                </option>
              ))}
            </select>
            {id && <DownloadCsv path={`/api/v1/plans/${id}`} />}
          </>
        }
      >
        <p className="muted">
          What each stage has done against what the plan asks for by now: past months in full, this month
          prorated by the day.
        </p>
      </Panel>
      {actual.error && <ErrorBanner error={actual.error} title="Could not load the plan" />}
      {actual.data && <PlanActual report={actual.data} />}
    </>
  );
}

function PlanActual({ report }: { report: PlanVsActual }) {
  const labels = useMemo(() => report.progress.map((p) => STEP_LABELS[p.step] ?? p.step), [report]);
  const series = useMemo(
    () => [
      { label: 'Planned by now', values: report.progress.map((p) => Math.round(p.plannedByNow * 10) / 10) },
      { label: 'Actual', values: report.progress.map((p) => p.actual) },
    ],
    [report],
  );
  return (
    <div className="report-row">
      <Panel title={report.name} id="report-plan-actual">
        <BarChart
          labels={labels}
          series={series}
          label="Planned by now and actual, by stage"
          format={formatNumber}
        />
      </Panel>
      <Panel title="Pace" id="report-plan-actual-table" flush>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Stage</th>
                <th className="num">Needed</th>
                <th className="num">Due by now</th>
                <th className="num">Actual</th>
                <th>Pace</th>
              </tr>
            </thead>
            <tbody>
              {report.progress.map((p) => (
                <tr key={p.step}>
                  <td>{STEP_LABELS[p.step]}</td>
                  <td className="num">{formatNumber(p.needed)}</td>
                  <td className="num">{(Math.round(p.plannedByNow * 10) / 10).toLocaleString()}</td>
                  <td className="num">{formatNumber(p.actual)}</td>
                  <td>
                    {p.status === 'upcoming'
                      ? 'Not due yet'
                      : p.pace === null
                        ? 'Nothing due yet'
                        : `${formatPercent(p.pace)} of plan${p.status === 'ended' ? ' (ended)' : ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}
