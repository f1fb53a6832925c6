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
  splitGoal,
} from '../domain/planner.js';
import { assertMeasureDimensions } from '../domain/measure-reports.js';
import { type ReportPeriod, addMonths, monthOf } from '../domain/report-months.js';
import { compareNullable, type ReportDimension, type ReportFilters } from '../domain/reports.js';
import { spendReport } from '../domain/report-spend.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { getPlan, insertPlan, listPlans, type PlanRow } from '../store/goals.js';
import { wonDeals, stepActuals } from '../store/planner.js';
import { channelMonthCounts, spendRows } from '../store/report-spend.js';
import { stageDurations } from '../store/reports.js';
import { type Deps, reportReader } from './deps.js';
import { reportingCurrency } from './workspace-currency.js';
import { funnelConversion } from './reports.js';

export interface PlanRequest extends PlanOverrides {
  revenueGoal: number;
  period: ReportPeriod;
  /** The slice to plan for (its figures measured there) and the breakdown to split the goal by. */
  where?: ReportFilters['where'];
  by?: ReportDimension | null;
}

/** A plan with where its inputs came from. */
export interface SlicePlan {
  measured: MeasuredInputs;
  sources: Record<string, InputSource>;
  /** Inputs with nothing measured and no override: the plan waits for them. */
  missing: string[];
  plan: Plan | null;
}

/** One breakdown value's part of the goal, planned at its own measured figures. */
export interface GroupPlan extends SlicePlan {
  group: string | null;
  /** The group's share of the revenue won while measuring (what the goal is split by). */
  share: number;
  revenueGoal: number;
}

export interface PlannerResult extends SlicePlan {
  report: 'planner';
  filters: { where: ReportFilters['where']; by: ReportDimension | null };
  /** The workspace's reporting currency: the goal, deal size and spend are in it. */
  currency: string;
  generatedAt: Date;
  /** The twelve months before the current one: what the measured figures come from. */
  measuredOver: ReportPeriod;
  /** With a breakdown: the goal split over its values, each planned (empty without one). */
  groups: GroupPlan[];
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

/**
 * What the reports measured over the slice, per breakdown value (one entry, null, without one): the
 * funnel's conversion, velocity's median stays, the average won deal and the revenue won, and how the
 * slice's MQLs split over channels, each at the channel's own cost per MQL today.
 */
export async function measureInputs(
  deps: Deps,
  workspaceId: string,
  period: ReportPeriod,
  slice: Pick<ReportFilters, 'where' | 'by'> = { where: {}, by: null },
): Promise<Map<string | null, MeasuredInputs & { revenue: number }>> {
  const filters = { period, where: slice.where, by: slice.by };
  const channelOnly = slice.where.source === undefined ? {} : { source: slice.where.source };
  const [funnel, stays, deals, spend, channelCounts, sliceCounts] = await Promise.all([
    funnelConversion(deps, workspaceId, filters),
    stageDurations(reportReader(deps), workspaceId, filters, ['lead', 'mql', 'sal', 'sql', 'opportunity']),
    wonDeals(reportReader(deps), workspaceId, filters),
    spendRows(reportReader(deps), workspaceId, period, channelOnly),
    channelMonthCounts(reportReader(deps), workspaceId, period, { where: channelOnly, by: null }),
    channelMonthCounts(reportReader(deps), workspaceId, period, filters),
  ]);
  // Today's cost per MQL is the whole channel's; the slice only decides how its MQLs split.
  const costOf = new Map(
    spendReport(spend, channelCounts, period).channels.map((c) => [c.channel, c.costPerMql]),
  );
  const groups = new Set<string | null>([
    ...funnel.total.filter((t) => t.leads > 0).map((t) => t.group),
    ...deals.map((d) => d.group),
  ]);
  if (groups.size === 0) groups.add(null);
  const out = new Map<string | null, MeasuredInputs & { revenue: number }>();
  for (const group of [...groups].sort(compareNullable)) {
    const steps = funnel.total.find((t) => t.group === group)?.steps ?? [];
    const rates = {} as Record<PlanFromStep, number | null>;
    const lagDays = {} as Record<PlanFromStep, number | null>;
    for (const s of PLAN_FROM_STEPS) {
      rates[s] = steps.find((x) => x.step === s)?.conversion ?? null;
      const median = stays.find((x) => x.stage === LAG_STAGE[s] && x.group === group)?.median;
      lagDays[s] = median === undefined || median === null ? null : median / 24;
    }
    const mqls = new Map<string | null, number>();
    for (const c of sliceCounts)
      if (c.group === group && c.mqls > 0) mqls.set(c.channel, (mqls.get(c.channel) ?? 0) + c.mqls);
    const channels = [...mqls.entries()]
      .sort(([a, x], [b, y]) => y - x || compareNullable(a, b))
      .map(([channel, mqlShare]) => ({ channel, mqlShare, costPerMql: costOf.get(channel) ?? null }));
    const won = deals.find((d) => d.group === group);
    out.set(group, { dealSize: won?.average ?? null, rates, lagDays, channels, revenue: won?.revenue ?? 0 });
  }
  return out;
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

function planSlice(
  goal: { revenueGoal: number; period: ReportPeriod },
  measured: MeasuredInputs,
  overrides: PlanOverrides,
  where: ReportFilters['where'],
): SlicePlan {
  const merged = mergeInputs(goal, measured, overrides);
  const hasSlice = Object.values(where).some((v) => v !== undefined);
  return {
    measured,
    sources: merged.sources,
    missing: merged.missing,
    plan: merged.inputs ? planOrThrow(hasSlice ? { ...merged.inputs, where } : merged.inputs) : null,
  };
}

const asMeasured = (m: (MeasuredInputs & { revenue: number }) | undefined): MeasuredInputs => ({
  dealSize: m?.dealSize ?? null,
  rates: m?.rates ?? { lead: null, mql: null, sal: null, sql: null, opportunity: null },
  lagDays: m?.lagDays ?? { lead: null, mql: null, sal: null, sql: null, opportunity: null },
  channels: m?.channels ?? [],
});

export async function planner(deps: Deps, workspaceId: string, request: PlanRequest): Promise<PlannerResult> {
  const { revenueGoal, period, where = {}, by = null, ...overrides } = request;
  assertMeasureDimensions('planner', { where, by });
  const now = deps.clock();
  const measuredOver = measurementPeriod(now);
  const [whole, grouped, currency] = await Promise.all([
    measureInputs(deps, workspaceId, measuredOver, { where, by: null }),
    by ? measureInputs(deps, workspaceId, measuredOver, { where, by }) : null,
    reportingCurrency(reportReader(deps), workspaceId),
  ]);
  const entries = grouped ? [...grouped.entries()] : [];
  const totalRevenue = entries.reduce((a, [, m]) => a + m.revenue, 0);
  const goals = splitGoal(
    revenueGoal,
    entries.map(([, m]) => m.revenue),
  );
  const groups: GroupPlan[] = entries.map(([group, m], i) => {
    const goal = goals[i] ?? null;
    // A group that won nothing while measuring gets no part of the goal: nothing to plan.
    const planned =
      goal === null || goal === 0
        ? null
        : planSlice(
            { revenueGoal: goal, period },
            m,
            overrides,
            by ? { ...where, [by]: group ?? undefined } : where,
          );
    return {
      group,
      share: totalRevenue > 0 ? m.revenue / totalRevenue : 0,
      revenueGoal: goal ?? 0,
      ...(planned ?? { measured: asMeasured(m), sources: {}, missing: [], plan: null }),
    };
  });
  return {
    report: 'planner',
    filters: { where, by },
    currency,
    generatedAt: now,
    measuredOver,
    ...planSlice({ revenueGoal, period }, asMeasured(whole.get(null)), overrides, where),
    groups,
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
  const actuals = await stepActuals(
    reportReader(deps),
    workspaceId,
    { from, to: row.inputs.period.to },
    row.inputs.where,
  );
  return { report: 'plan', generatedAt: now, ...saved, ...comparePlan(saved.plan, actuals, now) };
}

type Cell = string | number | null;

const PLAN_HEADER: Cell[] = ['kind', 'name', 'month', 'needed', 'rate', 'lag_days', 'cost_per_mql', 'spend'];

export function plannerTable(plan: Plan): Cell[][] {
  return [
    PLAN_HEADER,
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

/**
 * The planner's answer as one table: the plan (of the slice), or with a breakdown each group's plan
 * with its group and share of the goal first; a plan that waits for inputs lists what is missing.
 */
export function plannerResultTable(result: PlannerResult): Cell[][] {
  const slice = (p: SlicePlan): Cell[][] =>
    p.plan
      ? plannerTable(p.plan).slice(1)
      : p.missing.map((m) => ['missing', m, null, null, null, null, null, null]);
  if (!result.filters.by) return [PLAN_HEADER, ...slice(result)];
  return [
    ['group', 'share', 'revenue_goal', ...PLAN_HEADER],
    ...result.groups.flatMap((g) => slice(g).map((r) => [g.group, g.share, g.revenueGoal, ...r])),
  ];
}

export function planVsActualTable(result: PlanVsActual): Cell[][] {
  return [
    ['step', 'month', 'planned', 'actual', 'pace', 'status'],
    ...result.progress.map((p) => [p.step, 'to date', p.plannedByNow, p.actual, p.pace, p.status]),
    ...result.months.map((m) => [m.step, m.month, m.planned, m.actual, null, null]),
  ];
}
