// Shared zod schemas for the HTTP edge: ids, pagination, problem details.
import { z } from 'zod';

export const idParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), index: z.number().nullable().optional() }))
      .optional(),
  })
  .meta({ id: 'Problem' });

/** The problem responses a route can give, for the OpenAPI document. */
export const problems = (...statuses: number[]): Record<number, typeof problemSchema> =>
  Object.fromEntries(statuses.map((s) => [s, problemSchema]));

/**
 * An instant in a response, the one way to write one: the route hands over the Date, the serializer
 * writes it as ISO-8601 UTC (`Date.toJSON`), and the OpenAPI document says string, format date-time.
 */
export const timestamp = z.date();
/** Instants PostgreSQL and Date.toISOString both spell with a four-digit year AD (no year 0, no +10000). */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
/** An ISO-8601 date-time with an offset, within the years 1–9999 once read as UTC. */
export const isoDate = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t >= FIRST_INSTANT && t <= LAST_INSTANT;
}, 'must be a date from the year 1 to 9999');

/** Text from outside: trimmed, bounded, empty → null. */
export const text = (max = 500) =>
  z
    .string()
    .max(max)
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .nullable();
