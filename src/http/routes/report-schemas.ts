// Response schemas of the lead-quality, pipeline, SLA-compliance and content-influence reports (the funnel's and
// velocity's sit in reports.ts), named for the OpenAPI document and the web's generated types.
import { z } from 'zod';
import { INFLUENCE_STAGES, type InfluenceStage, TOUCH_KINDS } from '../../domain/report-influence.js';
import { DISPUTE_STATUSES } from '../../domain/report-quality.js';
import { FILTER_DIMENSIONS, REPORT_DIMENSIONS } from '../../domain/reports.js';
import { timestamp } from '../schemas.js';

export const filtersSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    where: z.object(Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, z.string().optional()]))),
    by: z.enum(REPORT_DIMENSIONS).nullable(),
  })
  .meta({ id: 'ReportFilters' });

const rate = z.number().nullable();

const qualityFigures = {
  group: z.string().nullable(),
  mqls: z.number().int(),
  accepted: z.number().int(),
  sqls: z.number().int(),
  won: z.number().int(),
  revenue: z.number(),
  /** accepted / mqls. */
  acceptanceRate: rate,
  sqlRate: rate,
  /** won / mqls. */
  winRate: rate,
  rejected: z.number().int(),
  rejections: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  disputes: z.number().int(),
  disputesByStatus: z.object(
    Object.fromEntries(DISPUTE_STATUSES.map((s) => [s, z.number().int()])) as Record<
      (typeof DISPUTE_STATUSES)[number],
      z.ZodNumber
    >,
  ),
};

export const qualitySchema = z
  .object({
    report: z.literal('quality'),
    filters: filtersSchema,
    generatedAt: timestamp,
    rows: z.array(
      z.object({ source: z.string().nullable(), campaign: z.string().nullable(), ...qualityFigures }),
    ),
    total: z.array(z.object({ rows: z.number().int(), ...qualityFigures })),
  })
  .meta({ id: 'QualityReport' });

const bucket = {
  group: z.string().nullable(),
  count: z.number().int(),
  amount: z.number(),
  /** Σ amount × probability. */
  weighted: z.number(),
};

export const pipelineSchema = z
  .object({
    report: z.literal('pipeline'),
    filters: filtersSchema,
    generatedAt: timestamp,
    byStage: z.array(z.object({ stage: z.string(), probability: z.number().nullable(), ...bucket })),
    bySource: z.array(z.object({ source: z.string().nullable(), ...bucket })),
    summary: z.array(
      z.object({
        group: z.string().nullable(),
        open: z.number().int(),
        openAmount: z.number(),
        weighted: z.number(),
        won: z.number().int(),
        lost: z.number().int(),
        winRate: rate,
        wonAmount: z.number(),
        averageDealSize: z.number().nullable(),
        /** Days from opening to close of the deals won in the period. */
        cycleTime: z.object({
          unit: z.literal('days'),
          count: z.number().int(),
          mean: z.number().nullable(),
          median: z.number().nullable(),
          p75: z.number().nullable(),
          p90: z.number().nullable(),
        }),
        closingCount: z.number().int(),
        closingWeighted: z.number(),
        forecast: z.number(),
      }),
    ),
  })
  .meta({ id: 'PipelineReport' });

export const slaSchema = z
  .object({
    report: z.literal('sla'),
    filters: filtersSchema,
    generatedAt: timestamp,
    months: z.array(
      z.object({
        month: z.string(),
        group: z.string().nullable(),
        clocks: z.number().int(),
        met: z.number().int(),
        metLate: z.number().int(),
        reassigned: z.number().int(),
        cancelled: z.number().int(),
        running: z.number().int(),
        warnings: z.number().int(),
        breaches: z.number().int(),
        compliance: rate,
        followUpRate: rate,
        responseHours: z.object({
          count: z.number().int(),
          median: z.number().nullable(),
          p75: z.number().nullable(),
          p90: z.number().nullable(),
        }),
      }),
    ),
    commitmentPeriod: z.enum(['month', 'quarter']),
    commitment: z.array(
      z.object({
        period: z.string(),
        group: z.string().nullable(),
        isTotal: z.boolean(),
        mqls: z.number().int(),
        accepted: z.number().int(),
        rejected: z.number().int(),
        committed: z.number().int().nullable(),
        attainment: rate,
        expectedByNow: z.number().int().nullable(),
        acceptanceRate: rate,
        minAcceptanceRate: z.number(),
        state: z.enum(['upcoming', 'in_progress', 'met', 'missed', 'closed']),
      }),
    ),
  })
  .meta({ id: 'SlaReport' });

const perStage = <T extends z.ZodType>(schema: T) =>
  z.object(Object.fromEntries(INFLUENCE_STAGES.map((s) => [s, schema])) as Record<InfluenceStage, T>);

const influenceRow = z.object({
  kind: z.enum(TOUCH_KINDS),
  touch: z.string(),
  group: z.string().nullable(),
  /** Leads of the period that had the touch at any time. */
  leads: z.number().int(),
  /** leads / the period's leads. */
  reach: rate,
  stages: perStage(
    z.object({
      /** Leads that had the touch no later than first reaching the stage, or never reached it. */
      exposed: z.number().int(),
      reached: z.number().int(),
      rate,
      /** rate / base rate; null below minLeads exposed leads. */
      lift: rate,
      /** The lower end of the rate's 95% Wilson interval / base rate. */
      liftLow: rate,
      isSmallSample: z.boolean(),
    }),
  ),
  isGap: z.boolean(),
});

export const influenceSchema = z
  .object({
    report: z.literal('influence'),
    filters: filtersSchema,
    minLeads: z.number().int(),
    gapRule: z.object({ minLift: z.number(), maxReach: z.number() }),
    generatedAt: timestamp,
    base: z.array(
      z.object({
        group: z.string().nullable(),
        leads: z.number().int(),
        stages: perStage(z.object({ reached: z.number().int(), rate })),
      }),
    ),
    rows: z.array(influenceRow),
    gap: z.array(influenceRow),
  })
  .meta({ id: 'InfluenceReport' });
