// Shared goals and spend: /api/v1/reports/goals (attainment, JSON or CSV) and /api/v1/goals (an
// admin sets them); /api/v1/reports/spend (spend and return per channel) and /api/v1/spend (record it).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GOAL_DIMENSIONS, GOAL_METRICS, isGoalPeriod } from '../../domain/goals.js';
import { isMonth } from '../../domain/report-months.js';
import { checkedReportQuery, reportFilters, reportQueryFields } from '../../domain/report-query.js';
import type { Deps } from '../../services/deps.js';
import {
  goalAttainment,
  goalsTable,
  recordSpend,
  removeGoal,
  setGoal,
  spendAndReturn,
  spendTable,
  tableCsv,
} from '../../services/goals.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { problems, timestamp } from '../schemas.js';
import { filtersSchema } from './report-schemas.js';

/** The common report query (period, filters, breakdown); each report refuses the dimensions it lacks. */
const sliceQuery = checkedReportQuery(
  reportQueryFields
    .omit({ windowDays: true, minLeads: true })
    .extend({ format: z.enum(['json', 'csv']).optional() })
    .strict(),
);

export const goalPeriodSchema = z
  .string()
  .refine(isGoalPeriod, 'must be a month YYYY-MM or a quarter YYYY-Qn (1970–9998)');
const metricSchema = z.enum(GOAL_METRICS, { error: `must be one of ${GOAL_METRICS.join(', ')}` });
const monthSchema = z.string().refine(isMonth, 'must be a month YYYY-MM (1970–9998)');
const channelSchema = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const amountSchema = z
  .number({ error: 'must be a number' })
  .min(0, 'must be 0 or more')
  .max(1e12, 'must be at most 1,000,000,000,000');

const periodSchema = z.object({ from: z.string(), to: z.string() });

/** A slice's own goal: a dimension and its value, both or neither (neither: the workspace's goal). */
const scopeFields = {
  dimension: z
    .enum(GOAL_DIMENSIONS, { error: `must be one of ${GOAL_DIMENSIONS.join(', ')}` })
    .optional()
    .describe(
      "whose goal: a team's, a rep's, a segment's, a territory's or a source's (omit for the workspace's)",
    ),
  value: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'at most 200 characters')
    .optional()
    .describe("the team's or rep's id, or the segment, territory or source as leads carry it"),
};
function bothOrNeither<T extends z.ZodType<{ dimension?: string; value?: string }>>(schema: T): T {
  return schema
    .refine((s) => s.dimension === undefined || s.value !== undefined, {
      path: ['value'],
      message: 'is required with a dimension',
    })
    .refine((s) => s.value === undefined || s.dimension !== undefined, {
      path: ['dimension'],
      message: 'is required with a value',
    });
}
const goalScopeSchema = z
  .object({ dimension: z.enum(GOAL_DIMENSIONS).nullable(), value: z.string().nullable() })
  .meta({ id: 'GoalScope' });

const attainmentSchema = z
  .object({
    period: z.string(),
    /** The breakdown value (null when not broken down). */
    group: z.string().nullable(),
    metric: z.enum(GOAL_METRICS),
    target: z.number().nullable(),
    actual: z.number(),
    status: z.enum(['upcoming', 'running', 'ended']),
    elapsed: z.number(),
    attainment: z.number().nullable(),
    expectedByNow: z.number().nullable(),
    pace: z.number().nullable(),
    projected: z.number().nullable(),
    /** Whose goal the target is: the workspace's (dimension null) or the slice's own; null when none is set. */
    goal: goalScopeSchema.nullable(),
  })
  .meta({ id: 'GoalAttainment' });

const goalsReportSchema = z
  .object({
    report: z.literal('goals'),
    period: periodSchema,
    filters: filtersSchema,
    /** The workspace's reporting currency (revenue and weighted pipeline are in it). */
    currency: z.string(),
    generatedAt: timestamp,
    goals: z.array(attainmentSchema),
    months: z.array(
      z.object({
        month: z.string(),
        group: z.string().nullable(),
        revenue: z.number(),
        weighted_pipeline: z.number(),
        sqls: z.number(),
        mqls: z.number(),
      }),
    ),
  })
  .meta({ id: 'GoalsReport' });

const goalSchema = z
  .object({
    period: z.string(),
    metric: z.enum(GOAL_METRICS),
    dimension: z.enum(GOAL_DIMENSIONS).nullable(),
    value: z.string().nullable(),
    target: z.number(),
    updatedBy: z.string(),
    updatedAt: timestamp,
  })
  .meta({ id: 'Goal' });

const channelReturn = {
  channel: z.string().nullable(),
  /** The breakdown value (by source, medium or campaign); null when not broken down, or not set. */
  group: z.string().nullable(),
  spend: z.number().nullable(),
  mqls: z.number().int(),
  sqls: z.number().int(),
  customers: z.number().int(),
  revenue: z.number(),
  costPerMql: z.number().nullable(),
  costPerSql: z.number().nullable(),
  costPerCustomer: z.number().nullable(),
  revenuePerSpend: z.number().nullable(),
};

const { channel: _channel, group: _group, ...periodReturn } = channelReturn;

const spendReportSchema = z
  .object({
    report: z.literal('spend'),
    period: periodSchema,
    filters: filtersSchema,
    /** The workspace's reporting currency (spend and revenue are in it). */
    currency: z.string(),
    generatedAt: timestamp,
    channels: z.array(z.object(channelReturn)),
    months: z.array(z.object({ month: z.string(), ...channelReturn })),
    /** All channels added, per month. */
    periods: z.array(z.object({ month: z.string(), ...periodReturn })),
  })
  .meta({ id: 'SpendReport' });

const spendRowSchema = z
  .object({
    channel: z.string(),
    month: z.string(),
    medium: z.string().nullable(),
    campaign: z.string().nullable(),
    amount: z.number(),
  })
  .meta({ id: 'ChannelSpend' });

/** Optional: the medium and campaign the spend was for (without them, the channel's spend as a whole). */
const spendSliceFields = {
  medium: channelSchema.optional().describe('the medium (utm_medium) the spend was for'),
  campaign: channelSchema.optional().describe('the campaign (utm_campaign) the spend was for'),
};

/** CSV goes out as text, past the JSON response schema. */
export function sendCsv(reply: FastifyReply, name: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .serializer((s: unknown) => s as string)
    .send(csv);
}

export function goalRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get(
      '/api/v1/reports/goals',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            "Shared goals: attainment of revenue, weighted pipeline, SQL and MQL goals per month and quarter, with the pace expected by now; filtered or broken down (not by period or product) the actuals are the slice's, against the slice's own goal where one is set (a team's, rep's, segment's, territory's or source's), else the workspace's; JSON or CSV",
          querystring: sliceQuery,
          response: { 200: goalsReportSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const filters = reportFilters(request.query, deps.clock());
        const result = await goalAttainment(deps, workspaceId, filters);
        const { period } = filters;
        if (request.query.format !== 'csv') return result;
        return sendCsv(reply, `goals-${period.from}-${period.to}`, tableCsv(goalsTable(result)));
      },
    );
    typed.put(
      '/api/v1/goals/:period/:metric',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['reports'],
          summary:
            "Set a shared goal: a metric's target for a month (YYYY-MM) or a quarter (YYYY-Qn), the workspace's or (with dimension and value) one team's, rep's, segment's, territory's or source's; replaces the same goal; audited",
          params: z.object({ period: goalPeriodSchema, metric: metricSchema }).strict(),
          body: bothOrNeither(z.object({ target: amountSchema, ...scopeFields }).strict()),
          response: { 200: goalSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        const { target, dimension, value } = request.body;
        const row = await setGoal(deps, auditActorOf(p), p.workspaceId, {
          period: request.params.period,
          metric: request.params.metric,
          target,
          dimension: dimension ?? null,
          value: value ?? null,
        });
        return {
          period: row.period,
          metric: row.metric,
          dimension: row.dimension || null,
          value: row.value || null,
          target: row.target,
          updatedBy: row.updatedBy,
          updatedAt: row.updatedAt,
        };
      },
    );
    typed.delete(
      '/api/v1/goals/:period/:metric',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['reports'],
          summary: "Remove a shared goal (a slice's own with dimension and value); audited",
          params: z.object({ period: goalPeriodSchema, metric: metricSchema }).strict(),
          querystring: bothOrNeither(z.object(scopeFields).strict()),
          response: { 204: z.null().describe('Removed'), ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const { dimension, value } = request.query;
        await removeGoal(deps, auditActorOf(p), p.workspaceId, request.params.period, request.params.metric, {
          dimension: dimension ?? null,
          value: value ?? null,
        });
        return reply.code(204).send(null);
      },
    );
    typed.get(
      '/api/v1/reports/spend',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            'Spend and return per channel (the lead source): spend, MQLs, SQLs, customers, revenue, cost per MQL, SQL and customer, revenue per unit of spend; filters and breaks down by source, medium and campaign, and by period (spend is recorded per channel and month, optionally per medium and campaign; spend without a campaign is left out of a campaign filter and is the "not set" row of a campaign breakdown); JSON or CSV',
          querystring: sliceQuery,
          response: { 200: spendReportSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const filters = reportFilters(request.query, deps.clock());
        const result = await spendAndReturn(deps, workspaceId, filters);
        const { period } = filters;
        if (request.query.format !== 'csv') return result;
        return sendCsv(reply, `spend-${period.from}-${period.to}`, tableCsv(spendTable(result)));
      },
    );
    typed.put(
      '/api/v1/spend/:channel/:month',
      {
        config: { permission: 'spend:manage' },
        schema: {
          tags: ['reports'],
          summary:
            "Record a channel's spend for a month (the channel is the leads' source, e.g. google), optionally for one medium and campaign; replaces what was recorded for the same; audited",
          params: z.object({ channel: channelSchema, month: monthSchema }).strict(),
          body: z.object({ amount: amountSchema, ...spendSliceFields }).strict(),
          response: { 200: spendRowSchema, ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const [row] = await recordSpend(deps, auditActorOf(p), p.workspaceId, [
          {
            channel: request.params.channel,
            month: request.params.month,
            amount: request.body.amount,
            medium: request.body.medium ?? null,
            campaign: request.body.campaign ?? null,
          },
        ]);
        return row!;
      },
    );
    typed.post(
      '/api/v1/spend',
      {
        config: { permission: 'spend:manage' },
        schema: {
          tags: ['reports'],
          summary: 'Record spend for many channels and months at once (all or nothing); audited',
          body: z
            .object({
              spend: z
                .array(
                  z
                    .object({
                      channel: channelSchema,
                      month: monthSchema,
                      amount: amountSchema,
                      ...spendSliceFields,
                    })
                    .strict(),
                )
                .min(1, 'give at least one row')
                .max(1000, 'at most 1000 rows'),
            })
            .strict(),
          response: { 200: z.object({ spend: z.array(spendRowSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        return { spend: await recordSpend(deps, auditActorOf(p), p.workspaceId, request.body.spend) };
      },
    );
  };
}
