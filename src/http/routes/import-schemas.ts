// The zod schemas the import routes share: a mapping as the API takes it, a preset's or saved
// mapping's name, and an import as the API shows it.
import { z } from 'zod';
import { IMPORT_KINDS } from '../../domain/import-fields.js';
import { rowProgress } from '../../domain/import-progress.js';
import type { ImportRecord } from '../../services/imports.js';
import { timestamp } from '../schemas.js';

const valueTable = z.record(z.string().max(200), z.string().max(500));
export const mappingSchema = z
  .object({
    fields: z.record(z.string().max(100), z.string().max(500)),
    options: z
      .object({
        dateFormat: z.string().min(1).max(100).optional(),
        dateFormats: z.array(z.string().min(1).max(100)).max(10).optional(),
        decimalSeparator: z.enum(['.', ',']).optional(),
        crmSystem: z.enum(['salesforce', 'hubspot', 'other']).optional(),
        stages: valueTable.optional(),
      })
      .strict()
      .optional(),
    values: z.record(z.string().max(100), valueTable).optional(),
    constants: z.record(z.string().max(100), z.string().max(500)).optional(),
    scale: z.record(z.string().max(100), z.number().positive()).optional(),
  })
  .strict()
  .meta({ id: 'ImportMapping' });

/** A saved mapping's or a preset's name. */
export const presetName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'must be letters, digits, spaces, ".", "_" or "-"');

export const countsSchema = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});

export const problemSchema = z.object({
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});
export const rejectedSchema = z
  .object({ row: z.number().int(), values: z.array(z.string()), problems: z.array(problemSchema) })
  .meta({ id: 'ImportRejectedRow' });

export const importSchema = z
  .object({
    id: z.string(),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string(),
    headers: z.array(z.string()),
    mapping: mappingSchema,
    encoding: z.string(),
    delimiter: z.string(),
    status: z.enum(['running', 'done', 'stopped', 'failed', 'cancelled', 'interrupted', 'undone']),
    problem: z.string().nullable(),
    counts: countsSchema,
    /** Rows done of the file's rows ("12,400 of 50,000"), and bytes read of its size. */
    progress: z.object({
      bytesRead: z.number(),
      bytesTotal: z.number().nullable(),
      rows: z.number().int().describe('rows processed so far (imported, unchanged or rejected)'),
      rowsTotal: z
        .number()
        .int()
        .nullable()
        .describe("the file's data rows: counted before the run, else estimated until the file is read"),
      isEstimate: z.boolean().describe('rowsTotal is estimated from the bytes read so far'),
    }),
    createdBy: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    finishedAt: timestamp.nullable(),
    undoneAt: timestamp.nullable(),
  })
  .meta({ id: 'Import' });

export function importDto(r: ImportRecord): z.infer<typeof importSchema> {
  const { workspaceId: _ws, bytesRead, bytesTotal, rowsTotal, ...rest } = r;
  return {
    ...rest,
    progress: {
      bytesRead,
      bytesTotal,
      ...rowProgress({ rows: r.counts.rows, rowsTotal, bytesRead, bytesTotal }),
    },
  };
}
