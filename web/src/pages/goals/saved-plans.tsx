// Saved plans: an admin saves the plan on screen by name; everyone picks a saved plan and sees each
// stage's actual against what the plan asks for by now.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { type ResponseOf, call } from '../../api.js';
import { ChartPanel, ReportRow } from '../../components/chart-panel.js';
import { TablePanel } from '../../components/data-table.js';
import { DownloadCsv } from '../../components/download-csv.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel } from '../../components/page.js';
import { ErrorBanner } from '../../components/states.js';
import { formatNumber, formatPercent } from '../../format.js';
import { PLAN_FROM_STEPS, PLAN_STEP_LABELS } from '../../../../src/domain/planner.js';

type PlanVsActual = ResponseOf<'/plans/{id}', 'GET'>;
type Progress = PlanVsActual['progress'][number];

const dueByNow = (p: Progress) => Math.round(p.plannedByNow * 10) / 10;

function paceName(p: Progress): string {
  if (p.status === 'upcoming') return 'Not due yet';
  if (p.pace === null) return 'Nothing due yet';
  return `${formatPercent(p.pace)} of plan${p.status === 'ended' ? ' (ended)' : ''}`;
}

const SLICE_FILTERS = ['source', 'medium', 'campaign', 'segment', 'territory', 'team', 'rep'] as const;

export function SavePlan({ query }: { query: Record<string, string> }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const rates: Record<string, number> = {};
      const lagDays: Record<string, number> = {};
      for (const s of PLAN_FROM_STEPS) {
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
          // The slice the plan is made for, so it is compared with that slice's actual.
          ...Object.fromEntries(SLICE_FILTERS.filter((d) => query[d]).map((d) => [d, query[d]])),
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

export function SavedPlans() {
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
  const labels = useMemo(() => report.progress.map((p) => PLAN_STEP_LABELS[p.step]), [report]);
  const series = useMemo(
    () => [
      { label: 'Planned by now', values: report.progress.map(dueByNow) },
      { label: 'Actual', values: report.progress.map((p) => p.actual) },
    ],
    [report],
  );
  return (
    <ReportRow>
      <ChartPanel
        title={report.name}
        id="report-plan-actual"
        chart={{ labels, series, label: 'Planned by now and actual, by stage', format: formatNumber }}
      />
      <TablePanel
        title="Pace"
        id="report-plan-actual-table"
        rows={report.progress}
        rowKey={(p) => p.step}
        columns={[
          { header: 'Stage', cell: (p) => PLAN_STEP_LABELS[p.step] },
          { header: 'Needed', cell: (p) => formatNumber(p.needed), isNumeric: true },
          { header: 'Due by now', cell: (p) => dueByNow(p).toLocaleString(), isNumeric: true },
          { header: 'Actual', cell: (p) => formatNumber(p.actual), isNumeric: true },
          { header: 'Pace', cell: paceName },
        ]}
      />
    </ReportRow>
  );
}
