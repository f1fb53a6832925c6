// The reverse-funnel planner: /api/v1/reports/planner (a plan from a revenue goal and a period,
// measured inputs with overrides; JSON or CSV), /api/v1/plans (save one, list them) and
// /api/v1/plans/{id} (a saved plan against the actual as the period runs; JSON or CSV).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PLAN_FROM_STEPS, PLAN_STEPS, type PlanFromStep } from '../../domain/planner.js';
import { isMonth, monthCount } from '../../domain/report-months.js';
import { reportQueryFields } from '../../domain/report-query.js';
import {
  FILTER_DIMENSIONS,
  type FilterDimension,
  REPORT_DIMENSIONS,
  type ReportFilters,
} from '../../domain/reports.js';
import type { Deps } from '../../services/deps.js';
import { tableCsv } from '../../services/goals.js';
import {
  type PlanRequest,
  planner,
  plannerResultTable,
  planVsActual,
  planVsActualTable,
  savedPlans,
  savePlan,
} from '../../services/planner.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { idParams, problems, timestamp } from '../schemas.js';
import { sendCsv } from './goals.js';

const monthSchema = z.string().refine(isMonth, 'must be a month YYYY-MM (1970–9998)');
const goal = z.coerce
  .number({ error: 'must be a number' })
  .min(0, 'must be 0 or more')
  .max(1e13, 'must be at most 10,000,000,000,000');
const dealSize = z.coerce.number({ error: 'must be a number' }).positive('must be more than 0').max(1e12);
const rate = z.coerce
  .number({ error: 'must be a share from 0 to 1' })
  .gt(0, 'must be more than 0')
  .max(1, 'must be at most 1 (a share, not a percentage)');
const lag = z.coerce.number({ error: 'must be a number of days' }).min(0, 'must be 0 or more').max(3650);

/** The flat query names of the overrides: `salRate`, `salLagDays`. */
const rateKey = (s: PlanFromStep) => `${s}Rate` as const;
const lagKey = (s: PlanFromStep) => `${s}LagDays` as const;

const periodRules = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => !(isMonth(q.from) && isMonth(q.to)) || q.from <= q.to, {
      path: ['to'],
      message: 'must not be before from',
    })
    .refine((q) => !(isMonth(q.from) && isMonth(q.to)) || monthCount(q) <= 24, {
      path: ['to'],
      message: 'a plan covers at most 24 months',
    });

/** The slice to plan for and the breakdown to split the goal by, as every report names them. */
const sliceFields = reportQueryFields.pick({
  by: true,
  ...(Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, true])) as Record<FilterDimension, true>),
}).shape;

const plannerQuery = periodRules(
  z
    .object({
      revenueGoal: goal,
      from: monthSchema,
      to: monthSchema,
      dealSize: dealSize.optional(),
      ...(Object.fromEntries(PLAN_FROM_STEPS.map((s) => [rateKey(s), rate.optional()])) as Record<
        `${PlanFromStep}Rate`,
        z.ZodOptional<typeof rate>
      >),
      ...(Object.fromEntries(PLAN_FROM_STEPS.map((s) => [lagKey(s), lag.optional()])) as Record<
        `${PlanFromStep}LagDays`,
        z.ZodOptional<typeof lag>
      >),
      ...sliceFields,
      format: z.enum(['json', 'csv']).optional(),
    })
    .strict(),
);

const perStep = <T extends z.ZodType>(t: T) =>
  z.object(Object.fromEntries(PLAN_FROM_STEPS.map((s) => [s, t])) as Record<PlanFromStep, T>);
const perStepOptional = <T extends z.ZodType>(t: T) =>
  z
    .object(
      Object.fromEntries(PLAN_FROM_STEPS.map((s) => [s, t.optional()])) as Record<
        PlanFromStep,
        z.ZodOptional<T>
      >,
    )
    .strict();

const planBody = periodRules(
  z
    .object({
      name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
      revenueGoal: goal,
      from: monthSchema,
      to: monthSchema,
      dealSize: dealSize.optional(),
      rates: perStepOptional(rate).optional(),
      lagDays: perStepOptional(lag).optional(),
      ...reportQueryFields.pick(
        Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, true])) as Record<FilterDimension, true>,
      ).shape,
    })
    .strict(),
);

const channelCost = z.object({
  channel: z.string().nullable(),
  mqlShare: z.number(),
  costPerMql: z.number().nullable(),
});

const planSchema = z
  .object({
    inputs: z.object({
      revenueGoal: z.number(),
      period: z.object({ from: z.string(), to: z.string() }),
      dealSize: z.number(),
      rates: perStep(z.number()),
      lagDays: perStep(z.number()),
      channels: z.array(channelCost),
      /** The slice the plan is for (absent: the whole workspace). */
      where: z
        .object(Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, z.string().optional()])))
        .optional(),
    }),
    revenue: z.number(),
    steps: z.array(
      z.object({
        step: z.enum(PLAN_STEPS),
        needed: z.number().int(),
        rate: z.number().nullable(),
        lagDays: z.number().nullable(),
        daysToWin: z.number(),
        fromMonth: z.string(),
        byMonth: z.string(),
        months: z.array(z.object({ month: z.string(), needed: z.number().int() })),
      }),
    ),
    channels: z.array(
      z.object({
        channel: z.string().nullable(),
        mqls: z.number().int(),
        costPerMql: z.number().nullable(),
        spend: z.number().nullable(),
      }),
    ),
    spend: z.number(),
  })
  .meta({ id: 'FunnelPlan' });

const slicePlan = {
  measured: z.object({
    dealSize: z.number().nullable(),
    rates: perStep(z.number().nullable()),
    lagDays: perStep(z.number().nullable()),
    channels: z.array(channelCost),
  }),
  sources: z.record(z.string(), z.enum(['measured', 'override'])),
  missing: z.array(z.string()),
  plan: planSchema.nullable(),
};

const plannerSchema = z
  .object({
    report: z.literal('planner'),
    filters: z.object({
      where: z.object(Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, z.string().optional()]))),
      by: z.enum(REPORT_DIMENSIONS).nullable(),
    }),
    /** The workspace's reporting currency: the goal, deal size and spend are in it. */
    currency: z.string(),
    generatedAt: timestamp,
    measuredOver: z.object({ from: z.string(), to: z.string() }),
    ...slicePlan,
    /** With `by`: the goal split over its values by their share of the revenue won while measuring, each planned at its own figures. */
    groups: z.array(
      z.object({ group: z.string().nullable(), share: z.number(), revenueGoal: z.number(), ...slicePlan }),
    ),
  })
  .meta({ id: 'PlannerReport' });

const savedPlanFields = {
  id: z.string(),
  name: z.string(),
  createdBy: z.string(),
  createdAt: timestamp,
  plan: planSchema,
};
const savedPlanSchema = z.object(savedPlanFields).meta({ id: 'SavedPlan' });

const planVsActualSchema = z
  .object({
    report: z.literal('plan'),
    generatedAt: timestamp,
    ...savedPlanFields,
    months: z.array(
      z.object({
        step: z.enum(PLAN_STEPS),
        month: z.string(),
        planned: z.number().int(),
        actual: z.number().int(),
      }),
    ),
    progress: z.array(
      z.object({
        step: z.enum(PLAN_STEPS),
        needed: z.number().int(),
        plannedByNow: z.number(),
        actual: z.number().int(),
        pace: z.number().nullable(),
        status: z.enum(['upcoming', 'running', 'ended']),
      }),
    ),
  })
  .meta({ id: 'PlanVsActual' });

/** The filters given, as the service takes them. */
function whereOf(q: Partial<Record<FilterDimension, string | undefined>>): ReportFilters['where'] {
  const where: ReportFilters['where'] = {};
  for (const d of FILTER_DIMENSIONS) if (q[d] !== undefined) where[d] = q[d];
  return where;
}

/** The flat query's overrides as the service takes them. */
function requestOfQuery(q: z.output<typeof plannerQuery>): PlanRequest {
  const rates: PlanRequest['rates'] = {};
  const lagDays: PlanRequest['lagDays'] = {};
  for (const s of PLAN_FROM_STEPS) {
    if (q[rateKey(s)] !== undefined) rates[s] = q[rateKey(s)];
    if (q[lagKey(s)] !== undefined) lagDays[s] = q[lagKey(s)];
  }
  return {
    revenueGoal: q.revenueGoal,
    period: { from: q.from, to: q.to },
    where: whereOf(q),
    by: q.by ?? null,
    ...(q.dealSize !== undefined ? { dealSize: q.dealSize } : {}),
    rates,
    lagDays,
  };
}

export function plannerRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get(
      '/api/v1/reports/planner',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            "Reverse-funnel planner: from a revenue goal and a period, the wins, opportunities, SQLs, SALs, MQLs and leads needed and by which month, from measured rates, deal size and lags (each overridable: <step>Rate, <step>LagDays, dealSize); filtered, the slice's figures and plan; with `by` (not period or product), the goal split over the groups by revenue won, each planned at its own figures; JSON or CSV",
          querystring: plannerQuery,
          response: { 200: plannerSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const result = await planner(deps, workspaceId, requestOfQuery(request.query));
        if (request.query.format !== 'csv') return result;
        return sendCsv(
          reply,
          `planner-${request.query.from}-${request.query.to}`,
          tableCsv(plannerResultTable(result)),
        );
      },
    );
    typed.post(
      '/api/v1/plans',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['reports'],
          summary:
            "Save a plan: today's measured inputs (of the slice the filters name) with the overrides given, kept as they are, so the plan can be compared with the actual in that slice as the period runs; audited",
          body: planBody,
          response: { 201: savedPlanSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const { name, from, to, revenueGoal, dealSize: size, rates, lagDays } = request.body;
        const saved = await savePlan(deps, auditActorOf(p), p.workspaceId, name, {
          revenueGoal,
          period: { from, to },
          ...(size !== undefined ? { dealSize: size } : {}),
          ...(rates ? { rates } : {}),
          ...(lagDays ? { lagDays } : {}),
          where: whereOf(request.body),
        });
        return reply.code(201).send(saved);
      },
    );
    typed.get(
      '/api/v1/plans',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary: 'The saved plans, newest first',
          response: { 200: z.object({ data: z.array(savedPlanSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({ data: await savedPlans(deps, principal(request).workspaceId) }),
    );
    typed.get(
      '/api/v1/plans/:id',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            "A saved plan against the actual: each step's planned and actual volume per month, and its pace to date (the current month prorated); JSON or CSV",
          params: idParams,
          querystring: z.object({ format: z.enum(['json', 'csv']).optional() }).strict(),
          response: { 200: planVsActualSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const result = await planVsActual(deps, principal(request).workspaceId, request.params.id);
        if (request.query.format !== 'csv') return result;
        return sendCsv(reply, `plan-${result.id}`, tableCsv(planVsActualTable(result)));
      },
    );
  };
}
