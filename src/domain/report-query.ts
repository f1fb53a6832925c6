// The query every form of a report takes (API query string, CLI options), validated once.
import { z } from 'zod';
import { addMonths, isMonth, monthCount, monthOf } from './report-months.js';
import {
  FILTER_DIMENSIONS,
  type FilterDimension,
  REPORT_DIMENSIONS,
  type ReportDimension,
  type ReportFilters,
} from './reports.js';

const monthSchema = z.string().refine(isMonth, 'must be a month YYYY-MM (1970–9998)');
const valueSchema = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');

/** The report query's fields (the API adds its `format`); `checkedReportQuery` adds the cross-field rules. */
export const reportQueryFields = z.object({
  from: monthSchema.optional(),
  to: monthSchema.optional(),
  by: z.enum(REPORT_DIMENSIONS, { error: `must be one of ${REPORT_DIMENSIONS.join(', ')}` }).optional(),
  windowDays: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(730, 'must be at most 730 days')
    .optional(),
  minLeads: z.coerce
    .number({ error: 'must be a number of leads' })
    .int('must be a whole number of leads')
    .min(1, 'must be at least 1 lead')
    .max(100_000, 'must be at most 100000 leads')
    .optional(),
  ...Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, valueSchema.optional()])),
} as Record<'from' | 'to', z.ZodOptional<typeof monthSchema>> & {
  by: z.ZodOptional<z.ZodEnum<{ [K in ReportDimension]: K }>>;
  windowDays: z.ZodOptional<z.ZodCoercedNumber>;
  minLeads: z.ZodOptional<z.ZodCoercedNumber>;
} & Record<FilterDimension, z.ZodOptional<typeof valueSchema>>);

const bothMonths = (q: { from?: string; to?: string }): q is { from: string; to: string } =>
  q.from !== undefined && q.to !== undefined && isMonth(q.from) && isMonth(q.to);

/** The period's rules on top of a query object: `to` not before `from`, at most 36 months. */
export function checkedReportQuery<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T): T {
  return (
    schema
      // Zod runs these even when a month itself failed its own check: judge two valid months only.
      .refine((q) => !bothMonths(q) || q.from <= q.to, { path: ['to'], message: 'must not be before from' })
      .refine((q) => !bothMonths(q) || monthCount({ from: q.from, to: q.to }) <= 36, {
        path: ['to'],
        message: 'a report covers at most 36 months',
      })
  );
}

export const reportQuerySchema = checkedReportQuery(reportQueryFields.strict());
export type ReportQuery = z.output<typeof reportQueryFields>;

/** The filters of a validated query; a missing end is the current month, a missing start twelve months before it. */
export function reportFilters(query: ReportQuery, now: Date): ReportFilters {
  const to = query.to ?? (query.from && query.from > monthOf(now) ? query.from : monthOf(now));
  const from = query.from ?? addMonths(to, -11);
  const where: ReportFilters['where'] = {};
  for (const d of FILTER_DIMENSIONS) {
    const value = query[d];
    if (value !== undefined) where[d] = value;
  }
  return { period: { from, to }, where, by: query.by ?? null };
}
