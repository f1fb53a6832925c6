// /api/v1/reports: the shared reports as JSON or CSV (`?format=csv`), with the common filters.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MEASURE_REPORT_NAMES, MEASURE_REPORTS } from '../../domain/measure-reports.js';
import { checkedReportQuery, reportFilters, reportQueryFields } from '../../domain/report-query.js';
import { FUNNEL_STEPS } from '../../domain/report-funnel.js';
import { VELOCITY_STAGES } from '../../domain/report-velocity.js';
import { REPORT_DIMENSIONS, REPORT_NAMES, REPORTS } from '../../domain/reports.js';
import type { Deps } from '../../services/deps.js';
import { contentInfluence } from '../../services/report-influence.js';
import { pipeline } from '../../services/report-pipeline.js';
import { leadQuality } from '../../services/report-quality.js';
import { slaCompliance } from '../../services/report-sla.js';
import { funnelConversion, reportCsv, type ReportResult, velocity } from '../../services/reports.js';
import { principal } from '../auth.js';
import { wantsCsv } from '../csv-export.js';
import { problems, timestamp } from '../schemas.js';
import {
  filtersSchema,
  influenceSchema,
  pipelineSchema,
  qualitySchema,
  slaSchema,
} from './report-schemas.js';

const querystring = checkedReportQuery(
  reportQueryFields.extend({ format: z.enum(['json', 'csv']).optional() }).strict(),
);

const stepSchema = z.object({
  step: z.enum(FUNNEL_STEPS),
  reached: z.number().int(),
  advanced: z.number().int(),
  /** advanced / reached; null for the last step or when none reached the step. */
  conversion: z.number().nullable(),
  fromLead: z.number().nullable(),
});

const funnelSchema = z
  .object({
    report: z.literal('funnel'),
    filters: filtersSchema,
    windowDays: z.number().int(),
    generatedAt: timestamp,
    cohorts: z.array(
      z.object({
        cohort: z.string(),
        group: z.string().nullable(),
        status: z.enum(['complete', 'maturing', 'empty']),
        completeAt: z.string(),
        leads: z.number().int(),
        steps: z.array(stepSchema),
      }),
    ),
    total: z.array(
      z.object({
        group: z.string().nullable(),
        basis: z.enum(['complete', 'all']),
        cohorts: z.number().int(),
        leads: z.number().int(),
        steps: z.array(stepSchema),
      }),
    ),
  })
  .meta({ id: 'FunnelReport' });

const distribution = {
  group: z.string().nullable(),
  count: z.number().int(),
  median: z.number().nullable(),
  p75: z.number().nullable(),
  p90: z.number().nullable(),
};

const velocitySchema = z
  .object({
    report: z.literal('velocity'),
    filters: filtersSchema,
    generatedAt: timestamp,
    stages: z.array(
      z.object({
        stage: z.enum(VELOCITY_STAGES),
        unit: z.enum(['business_hours', 'hours']),
        ...distribution,
      }),
    ),
    cycleTime: z.array(z.object({ unit: z.literal('days'), ...distribution })),
  })
  .meta({ id: 'VelocityReport' });

const reportListSchema = z
  .object({
    reports: z.array(
      z.object({
        name: z.enum([...REPORT_NAMES, ...MEASURE_REPORT_NAMES]),
        title: z.string(),
        computes: z.string(),
        options: z.record(z.string(), z.object({ description: z.string(), default: z.number() })),
        /** The dimensions this report filters and breaks down by (a product only on reports over deals). */
        dimensions: z.array(z.enum(REPORT_DIMENSIONS)),
        /** The dimensions it refuses (a 400 naming the field), each with why it does not apply. */
        refused: z.record(z.string(), z.string()),
      }),
    ),
    dimensions: z.array(z.enum(REPORT_DIMENSIONS)),
  })
  .meta({ id: 'ReportList' });

/** CSV (`?format=csv` or `Accept: text/csv`) goes out as text, past the JSON response schema. */
function sendReport<R extends ReportResult>(
  request: FastifyRequest,
  reply: FastifyReply,
  result: R,
): R | FastifyReply {
  if (!wantsCsv(request)) return result;
  const name = `${result.report}-${result.filters.period.from}-${result.filters.period.to}.csv`;
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .serializer((s: unknown) => s as string)
    .send(reportCsv(result));
}

export function reportRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get(
      '/api/v1/reports',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            'The shared reports: names, what each computes, and the dimensions they filter and break down by',
          response: { 200: reportListSchema, ...problems(401, 403) },
        },
      },
      async () => ({
        reports: [
          ...REPORT_NAMES.map((n) => ({
            ...REPORTS[n],
            dimensions: [...REPORTS[n].dimensions],
            refused: Object.fromEntries(
              REPORT_DIMENSIONS.filter((d) => !REPORTS[n].dimensions.includes(d)).map((d) => [
                d,
                `a ${d} belongs to a deal; ${n} reports over leads and clocks`,
              ]),
            ),
          })),
          ...MEASURE_REPORT_NAMES.map((n) => ({
            ...MEASURE_REPORTS[n],
            options: {},
            dimensions: [...MEASURE_REPORTS[n].dimensions],
            refused: { ...MEASURE_REPORTS[n].refused } as Record<string, string>,
          })),
        ],
        dimensions: [...REPORT_DIMENSIONS],
      }),
    );
    typed.get(
      '/api/v1/reports/funnel',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            'Funnel conversion stage to stage by cohort (the month a lead entered), within a window of days; JSON or CSV',
          querystring,
          response: { 200: funnelSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const filters = reportFilters(request.query, deps.clock());
        const result = await funnelConversion(deps, workspaceId, filters, request.query.windowDays);
        return sendReport(request, reply, result);
      },
    );
    typed.get(
      '/api/v1/reports/velocity',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            'Velocity: time in each stage (median, p75, p90; business hours where the agreement says so) and cycle time lead → customer; JSON or CSV',
          querystring,
          response: { 200: velocitySchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const result = await velocity(deps, workspaceId, reportFilters(request.query, deps.clock()));
        return sendReport(request, reply, result);
      },
    );
    typed.get(
      '/api/v1/reports/quality',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            'Lead quality by source and campaign: MQLs of the period, acceptance, SQL and win rates, revenue, rejection reasons and disputes; JSON or CSV',
          querystring,
          response: { 200: qualitySchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const result = await leadQuality(deps, workspaceId, reportFilters(request.query, deps.clock()));
        return sendReport(request, reply, result);
      },
    );
    typed.get(
      '/api/v1/reports/pipeline',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            "Pipeline: open opportunities by stage and source, weighted pipeline, win rate, average deal size and the period's forecast; JSON or CSV",
          querystring,
          response: { 200: pipelineSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const result = await pipeline(deps, workspaceId, reportFilters(request.query, deps.clock()));
        return sendReport(request, reply, result);
      },
    );
    typed.get(
      '/api/v1/reports/sla',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            "SLA compliance per month by rep and team (response times, warnings, breaches, follow-up rate) and marketing's commitment against actual; JSON or CSV",
          querystring,
          response: { 200: slaSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const result = await slaCompliance(deps, workspaceId, reportFilters(request.query, deps.clock()));
        return sendReport(request, reply, result);
      },
    );
    typed.get(
      '/api/v1/reports/influence',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['reports'],
          summary:
            'Content influence: pages, assets, campaigns and events that come before MQL, SQL and won, against the base rate (lift), and the content gap; JSON or CSV',
          querystring,
          response: { 200: influenceSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const filters = reportFilters(request.query, deps.clock());
        const result = await contentInfluence(deps, workspaceId, filters, request.query.minLeads);
        return sendReport(request, reply, result);
      },
    );
  };
}
