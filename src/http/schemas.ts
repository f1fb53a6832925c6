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

export const timestamp = z
  .date()
  .transform((d) => d.toISOString())
  .pipe(z.string());
export const isoDate = z.iso.datetime({ offset: true });

/** Text from outside: trimmed, bounded, empty → null. */
export const text = (max = 500) =>
  z
    .string()
    .max(max)
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .nullable();
