// The reverse-funnel planner: from a revenue goal back to the leads, MQLs, SALs and SQLs it needs,
// month by month, on the rates and lags measured (any of them overridden in the form).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { type CallInput, call } from '../../api.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel } from '../../components/page.js';
import { ReportFilterBar, useReportDimensions, useReportFilters } from '../../components/report-filters.js';
import { EmptyState, Spinner } from '../../components/states.js';
import { formatPercent } from '../../format.js';
import { goalPeriodMonths } from '../../../../src/domain/goals.js';
import { PLAN_FROM_STEPS, PLAN_STEP_LABELS, type PlanFromStep } from '../../../../src/domain/planner.js';
import { type GoalsReport, money } from './goal-names.js';
import { useGroupName } from '../overview/report-groups.js';
import { PlanGroups, PlanView } from './plan-view.js';
import { SavePlan } from './saved-plans.js';

type PlannerQuery = NonNullable<CallInput<'/reports/planner', 'GET'>['query']>;

const NEXT: Record<PlanFromStep, string> = {
  lead: 'MQL',
  mql: 'SAL',
  sal: 'SQL',
  sql: 'opportunity',
  opportunity: 'win',
};

/** The two overrides each step takes: its rate on (in percent) and its lag (in days). */
const OVERRIDES = [
  {
    kind: 'Rate',
    id: 'rate',
    unit: '%',
    measured: 'rates',
    hint: (v: number) => formatPercent(v),
    placeholder: (v: number) => (v * 100).toFixed(1),
  },
  {
    kind: 'LagDays',
    id: 'lag',
    unit: 'days',
    measured: 'lagDays',
    hint: (v: number) => `${v.toFixed(1)} d`,
    placeholder: (v: number) => v.toFixed(1),
  },
] as const;

type PlanForm = {
  revenueGoal: string;
  from: string;
  to: string;
  dealSize: string;
} & Record<`${PlanFromStep}Rate` | `${PlanFromStep}LagDays`, string>;

const blankOverrides = Object.fromEntries(
  PLAN_FROM_STEPS.flatMap((s) => [
    [`${s}Rate`, ''],
    [`${s}LagDays`, ''],
  ]),
) as Record<`${PlanFromStep}Rate` | `${PlanFromStep}LagDays`, string>;

/** The form as the planner's query: empty overrides left out, rates from percent to shares. */
function plannerQuery(form: PlanForm): Record<string, string> {
  const q: Record<string, string> = { revenueGoal: form.revenueGoal, from: form.from, to: form.to };
  if (form.dealSize.trim()) q.dealSize = form.dealSize.trim();
  for (const s of PLAN_FROM_STEPS) {
    const r = form[`${s}Rate`].trim();
    const l = form[`${s}LagDays`].trim();
    if (r) q[`${s}Rate`] = String(Number(r) / 100);
    if (l) q[`${s}LagDays`] = l;
  }
  return q;
}

export function PlannerSection({
  quarter,
  isAdmin,
  goals,
}: {
  quarter: string;
  isAdmin: boolean;
  goals: GoalsReport | undefined;
}) {
  const months = goalPeriodMonths(quarter);
  const revenueGoal = goals?.goals.find((g) => g.period === quarter && g.metric === 'revenue')?.target;
  const initial: PlanForm = {
    revenueGoal: String(revenueGoal ?? 100_000),
    from: months.from,
    to: months.to,
    dealSize: '',
    ...blankOverrides,
  };
  const [form, setForm] = useState<PlanForm>(initial);
  const [planned, setApplied] = useState<Record<string, string>>(() => plannerQuery(initial));
  const dimensions = useReportDimensions('planner');
  const filters = useReportFilters('plan-', dimensions);
  // The slice's filters and breakdown apply at once; the goal, period and overrides on "Plan".
  const applied = useMemo(() => {
    const q: Record<string, string> = { ...planned };
    for (const [k, v] of Object.entries(filters.query)) if (v !== undefined) q[k] = v;
    return q;
  }, [planned, filters.query]);
  const plan = useQuery({
    queryKey: ['reports', 'planner', applied],
    queryFn: ({ signal }) =>
      call('GET', '/reports/planner', {
        query: applied as unknown as PlannerQuery,
        signal,
      }),
    placeholderData: keepPreviousData,
    retry: false,
    enabled: dimensions !== undefined,
  });
  const groupName = useGroupName(filters.query.by);
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
        {dimensions && (
          <div className="panel__pad">
            <ReportFilterBar
              id="plan-filter"
              label="Planner filters"
              dimensions={dimensions}
              query={filters.query}
              set={filters.set}
              showPeriod={false}
            />
          </div>
        )}
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
            {OVERRIDES.map((o) => (
              <div className="form-row" key={o.kind}>
                {PLAN_FROM_STEPS.map((s) => {
                  const key = `${s}${o.kind}` as const;
                  const id = `plan-${s}-${o.id}`;
                  const value = measured?.[o.measured][s];
                  return (
                    <Field
                      key={key}
                      id={id}
                      label={`${PLAN_STEP_LABELS[s]} → ${NEXT[s]}, ${o.unit}`}
                      error={errors(key)}
                      hint={value != null ? `measured ${o.hint(value)}` : 'not measured'}
                    >
                      <input
                        className="input"
                        type="number"
                        step="any"
                        placeholder={value != null ? o.placeholder(value) : ''}
                        {...controlProps(id, errors(key))}
                        value={form[key]}
                        onChange={set(key)}
                      />
                    </Field>
                  );
                })}
              </div>
            ))}
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
            ...PLAN_FROM_STEPS.flatMap((s) => [`${s}Rate`, `${s}LagDays`]),
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
      {plan.data && plan.data.groups.length > 0 && (
        <PlanGroups groups={plan.data.groups} by={filters.query.by ?? ''} groupName={groupName} />
      )}
      {plan.data?.plan && isAdmin && <SavePlan query={applied} />}
    </>
  );
}
