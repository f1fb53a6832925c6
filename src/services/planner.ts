// The reverse-funnel planner: measured inputs (the funnel's conversion, velocity's median stays,
// the average won deal, each channel's share of MQLs and cost per MQL), overrides on top, the plan,
// saved plans, and a saved plan against what has happened since.
import { AppError } from '../domain/errors.js';
import {
  comparePlan,
  type InputSource,
  type MeasuredInputs,
  mergeInputs,
  type Plan,
  PLAN_FROM_STEPS,
  type PlanFromStep,
  type PlanInputs,
  type PlanMonthFigures,
  type PlanOverrides,
  type PlanStepProgress,
  planFunnel,
  PlanInputError,
} from '../domain/planner.js';
import { type ReportPeriod, addMonths, monthOf } from '../domain/report-months.js';
import { spendReport } from '../domain/report-spend.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { getPlan, insertPlan, listPlans, type PlanRow } from '../store/goals.js';
import { wonDeals, stepActuals } from '../store/planner.js';
import { channelMonthCounts, spendRows } from '../store/report-spend.js';
import { stageDurations } from '../store/reports.js';
import { type Deps, reportReader } from './deps.js';
import { funnelConversion } from './reports.js';

export interface PlanRequest extends PlanOverrides {
  revenueGoal: number;
  period: ReportPeriod;
}

export interface PlannerResult {
  report: 'planner';
  generatedAt: Date;
  /** The twelve months before the current one: what the measured figures come from. */
  measuredOver: ReportPeriod;
  measured: MeasuredInputs;
  sources: Record<string, InputSource>;
  /** Inputs with nothing measured and no override: the plan waits for them. */
  missing: string[];
  plan: Plan | null;
}

/** The velocity stay whose median is the lag from each step to the next. */
const LAG_STAGE: Record<PlanFromStep, string> = {
  lead: 'lead',
  mql: 'mql',
  sal: 'sal',
  sql: 'sql',
  opportunity: 'opportunity',
};

export function measurementPeriod(now: Date): ReportPeriod {
  const to = addMonths(monthOf(now), -1);
  return { from: addMonths(to, -11), to };
}

export async function measureInputs(
  deps: Deps,
  workspaceId: string,
  period: ReportPeriod,
): Promise<MeasuredInputs> {
  const filters = { period, where: {}, by: null };
  const [funnel, stays, deals, spend, counts] = await Promise.all([
    funnelConversion(deps, workspaceId, filters),
    stageDurations(reportReader(deps), workspaceId, filters, ['lead', 'mql', 'sal', 'sql', 'opportunity']),
    wonDeals(reportReader(deps), workspaceId, period),
    spendRows(reportReader(deps), workspaceId, period),
    channelMonthCounts(reportReader(deps), workspaceId, period),
  ]);
  const steps = funnel.total[0]?.steps ?? [];
  const rates = {} as Record<PlanFromStep, number | null>;
  const lagDays = {} as Record<PlanFromStep, number | null>;
  for (const s of PLAN_FROM_STEPS) {
    rates[s] = steps.find((x) => x.step === s)?.conversion ?? null;
    const median = stays.find((x) => x.stage === LAG_STAGE[s])?.median;
    lagDays[s] = median === undefined || median === null ? null : median / 24;
  }
  const channels = spendReport(spend, counts, period)
    .channels.filter((c) => c.mqls > 0)
    .map((c) => ({ channel: c.channel, mqlShare: c.mqls, costPerMql: c.costPerMql }));
  return { dealSize: deals.average, rates, lagDays, channels };
}

function planOrThrow(inputs: PlanInputs): Plan {
  try {
    return planFunnel(inputs);
  } catch (e) {
    if (e instanceof PlanInputError)
      throw new AppError('validation_failed', e.message, [{ field: e.field, message: e.message }]);
    throw e;
  }
}

export async function planner(deps: Deps, workspaceId: string, request: PlanRequest): Promise<PlannerResult> {
  const now = deps.clock();
  const measuredOver = measurementPeriod(now);
  const measured = await measureInputs(deps, workspaceId, measuredOver);
  const { revenueGoal, period, ...overrides } = request;
  const merged = mergeInputs({ revenueGoal, period }, measured, overrides);
  return {
    report: 'planner',
    generatedAt: now,
    measuredOver,
    measured,
    sources: merged.sources,
    missing: merged.missing,
    plan: merged.inputs ? planOrThrow(merged.inputs) : null,
  };
}

export interface SavedPlan {
  id: string;
  name: string;
  createdBy: string;
  createdAt: Date;
  plan: Plan;
}

const savedPlan = (row: PlanRow): SavedPlan => ({
  id: row.id,
  name: row.name,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  plan: planFunnel(row.inputs),
});

/** Saves the plan made from today's measured figures and the overrides; its inputs are kept as they are now. */
export async function savePlan(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  name: string,
  request: PlanRequest,
): Promise<SavedPlan> {
  const result = await planner(deps, workspaceId, request);
  if (!result.plan) {
    const field = result.missing[0] ?? 'plan';
    throw new AppError('validation_failed', `${field}: nothing measured yet; give a value`, [
      ...result.missing.map((f) => ({ field: f, message: 'nothing measured yet; give a value' })),
    ]);
  }
  const inputs = result.plan.inputs;
  return deps.db.transaction(async (tx) => {
    const row = await insertPlan(tx, workspaceId, { name, inputs, createdBy: actor.label }, deps.clock());
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'plan.saved',
      { type: 'plan', id: row.id },
      {
        name,
        revenueGoal: inputs.revenueGoal,
        period: inputs.period,
      },
    );
    return savedPlan(row);
  });
}

export async function savedPlans(deps: Deps, workspaceId: string): Promise<SavedPlan[]> {
  return (await listPlans(deps.db, workspaceId)).map(savedPlan);
}

export interface PlanVsActual extends SavedPlan {
  report: 'plan';
  generatedAt: Date;
  months: PlanMonthFigures[];
  progress: PlanStepProgress[];
}

export async function planVsActual(deps: Deps, workspaceId: string, id: string): Promise<PlanVsActual> {
  const row = await getPlan(deps.db, workspaceId, id);
  if (!row) throw new AppError('not_found', `No plan ${id}`);
  const saved = savedPlan(row);
  const from = saved.plan.steps[0]?.fromMonth ?? row.inputs.period.from;
  const now = deps.clock();
  const actuals = await stepActuals(reportReader(deps), workspaceId, { from, to: row.inputs.period.to });
  return { report: 'plan', generatedAt: now, ...saved, ...comparePlan(saved.plan, actuals, now) };
}

type Cell = string | number | null;

export function plannerTable(plan: Plan): Cell[][] {
  return [
    ['kind', 'name', 'month', 'needed', 'rate', 'lag_days', 'cost_per_mql', 'spend'],
    ...plan.steps.map((s) => [
      'step',
      s.step,
      `${s.fromMonth}..${s.byMonth}`,
      s.needed,
      s.rate,
      s.lagDays,
      null,
      null,
    ]),
    ...plan.steps.flatMap((s) =>
      s.months.map((m) => ['step', s.step, m.month, m.needed, null, null, null, null]),
    ),
    ...plan.channels.map((c) => ['channel', c.channel, null, c.mqls, null, null, c.costPerMql, c.spend]),
  ];
}

export function planVsActualTable(result: PlanVsActual): Cell[][] {
  return [
    ['step', 'month', 'planned', 'actual', 'pace', 'status'],
    ...result.progress.map((p) => [p.step, 'to date', p.plannedByNow, p.actual, p.pace, p.status]),
    ...result.months.map((m) => [m.step, m.month, m.planned, m.actual, null, null]),
  ];
}
