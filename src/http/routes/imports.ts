// /api/v1/imports: upload a CSV file (the raw body, Content-Type text/csv) to preview, dry-run or
// import it; follow its progress; cancel it; read or download its error report, re-submit the rows
// of it a person fixed; undo it. The fields, presets and saved mappings are in import-mappings.ts.
import { Readable, pipeline } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid } from '../../domain/errors.js';
import { IMPORT_KINDS } from '../../domain/import-fields.js';
import { type ImportMapping } from '../../domain/import-mapping.js';
import { findPreset } from '../../services/import-presets.js';
import type { Deps } from '../../services/deps.js';
import { dryRunImport, openImport, previewImport, readImport } from '../../services/imports.js';
import { cancelImport, openResubmission, runImport, startImport } from '../../services/import-run.js';
import { undoImport } from '../../services/import-undo.js';
import { importErrorRows, listErrorsOf, recentImports } from '../../services/import-reports.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { csvWriter } from '../csv-export.js';
import { idParams, problems, timestamp } from '../schemas.js';
import {
  countsSchema,
  importDto,
  importSchema,
  mappingSchema,
  presetName,
  problemSchema,
  rejectedSchema,
} from './import-schemas.js';

/** The largest file an upload may carry (the CLI streams files of any size). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

const DELIMITERS = { ',': ',', ';': ';', tab: '\t', '|': '|' } as const;

const uploadQuery = {
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string().trim().min(1).max(300).default('upload.csv'),
  /** The mapping as JSON (target field ← source column); guessed from the headers when absent. */
  mapping: z
    .string()
    .max(20_000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(mappingSchema)
    .optional(),
  delimiter: z.enum([',', ';', 'tab', '|']).optional(),
  /** A built-in preset or a saved mapping by name; without it (or a mapping) a preset is recognised from the headers. */
  preset: presetName.optional(),
};

/** The uploaded file as a stream of bytes (the raw body). */
function uploaded(body: unknown, fileName: string) {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError(
      'unsupported_media_type',
      'Send the CSV file as the request body (Content-Type: text/csv).',
      [{ field: 'body', message: 'must be the CSV file' }],
    );
  }
  async function* bytes() {
    yield body as Buffer;
  }
  // Read again to count its rows first, a megabyte at a time.
  async function* again() {
    for (let i = 0; i < (body as Buffer).length; i += 1 << 20)
      yield (body as Buffer).subarray(i, i + (1 << 20));
  }
  return { name: fileName, bytes: bytes(), size: body.length, reread: again };
}

export function importRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(
      CSV_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
      (_r, body, done) => done(null, body),
    );
    const r = app.withTypeProvider<ZodTypeProvider>();
    const upload = {
      bodyLimit: MAX_UPLOAD_BYTES,
      config: { permission: 'imports:manage', textSafety: 'per-message' },
    } as const;

    r.post(
      '/api/v1/imports/preview',
      {
        ...upload,
        schema: {
          tags: ['imports'],
          summary: 'The detected encoding, delimiter, headers and mapping, and the first rows as mapped',
          querystring: z
            .object({ ...uploadQuery, sample: z.coerce.number().int().min(1).max(100).default(10) })
            .strict(),
          response: {
            200: z
              .object({
                headers: z.array(z.string()),
                encoding: z.string(),
                delimiter: z.string(),
                mapping: mappingSchema,
                missing: z
                  .array(z.string())
                  .describe('required columns the mapping does not map yet: the import cannot run'),
                preset: z.object({
                  name: z.string().nullable(),
                  source: z.enum(['mapping', 'preset', 'detected', 'guessed']),
                  note: z.string().nullable(),
                }),
                sample: z.array(
                  z.object({
                    row: z.number().int(),
                    values: z.array(z.string()),
                    fields: z
                      .record(z.string(), z.union([z.string(), z.number(), timestamp]).nullable())
                      .nullable(),
                    problems: z.array(problemSchema),
                  }),
                ),
              })
              .meta({ id: 'ImportPreview' }),
            ...problems(400, 401, 403, 413, 415),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const ws = principal(request).workspaceId;
        const opened = await openImport(uploaded(request.body, q.fileName), {
          ...(await options(deps, ws, q)),
          allowIncomplete: true,
        });
        return previewImport(opened, q.sample);
      },
    );

    r.post(
      '/api/v1/imports',
      {
        ...upload,
        schema: {
          tags: ['imports'],
          summary:
            'Import a CSV file (raw body, Content-Type text/csv). With dryRun=true: what it would do, writing nothing (200); else the import starts (202)',
          querystring: z
            .object({
              ...uploadQuery,
              dryRun: z.enum(['true', 'false']).default('false'),
              maxErrors: z.coerce.number().int().min(0).max(10_000_000).optional(),
            })
            .strict(),
          response: {
            200: z
              .object({
                counts: countsSchema,
                stopped: z.string().nullable(),
                rejected: z.array(rejectedSchema),
              })
              .meta({ id: 'ImportDryRun' }),
            202: importSchema,
            ...problems(400, 401, 403, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const q = request.query;
        const opened = await openImport(uploaded(request.body, q.fileName), {
          ...(await options(deps, p.workspaceId, q)),
          ...(q.maxErrors !== undefined ? { maxErrors: q.maxErrors } : {}),
        });
        const actor = auditActorOf(p);
        if (q.dryRun === 'true')
          return reply.code(200).send(await dryRunImport(deps, p.workspaceId, actor, opened));
        const record = await startImport(deps, p.workspaceId, actor, opened);
        // The import goes on after the answer; its record carries the progress and the outcome.
        void runImport(deps, p.workspaceId, actor, record, opened);
        return reply.code(202).send(importDto(record));
      },
    );

    r.get(
      '/api/v1/imports',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'The latest imports, newest first',
          response: { 200: z.object({ data: z.array(importSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({
        data: (await recentImports(deps, principal(request).workspaceId)).map(importDto),
      }),
    );

    r.get(
      '/api/v1/imports/:id',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'An import: its status, progress and counts',
          params: idParams,
          response: { 200: importSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => importDto(await readImport(deps, principal(request).workspaceId, request.params.id)),
    );

    r.get(
      '/api/v1/imports/:id/errors',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary:
            'The rejected rows in file order, each with its values and reasons (page after a row number)',
          params: idParams,
          querystring: z
            .object({
              afterRow: z.coerce.number().int().min(0).default(0),
              limit: z.coerce.number().int().min(1).max(1000).default(200),
            })
            .strict(),
          response: {
            200: z.object({ data: z.array(rejectedSchema), nextAfterRow: z.number().int().nullable() }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request) =>
        listErrorsOf(deps, principal(request).workspaceId, request.params.id, {
          afterRow: request.query.afterRow,
          limit: request.query.limit,
        }),
    );

    r.get(
      '/api/v1/imports/:id/errors.csv',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'The error report as CSV: the original header and rejected rows, plus an error column',
          params: idParams,
          response: { 200: z.string().describe('text/csv'), ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const report = await importErrorRows(deps, principal(request).workspaceId, request.params.id);
        const name = `${report.fileName.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_')}-errors.csv`;
        // A BOM so spreadsheets read UTF-8; cells beginning = + - @ neutralised as in every CSV export.
        const writer = csvWriter(
          report.columns.map((_, i) => String(i)),
          report.columns,
        );
        pipeline(Readable.from(report.rows), writer, (err) => {
          if (err) request.log.error({ err }, 'import error report stopped');
        });
        async function* withBom() {
          yield '\ufeff';
          for await (const chunk of writer) yield chunk as string;
        }
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}"`)
            // A stream is sent as it is (never serialized); the schema's string only documents it.
            .send(Readable.from(withBom()) as unknown as string)
        );
      },
    );

    r.post(
      '/api/v1/imports/:id/cancel',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary:
            'Cancel a running import: it stops at the next batch; what it wrote stays (undo removes it)',
          params: idParams,
          response: { 200: importSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        return importDto(await cancelImport(deps, p.workspaceId, auditActorOf(p), request.params.id));
      },
    );

    r.post(
      '/api/v1/imports/:id/resubmit',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary:
            "Import rejected rows of this import again, as corrected: a new import with the same kind and mapping (202). Each row keeps its number in the original file and gives every column's value in the file's order",
          params: idParams,
          body: z
            .object({
              rows: z
                .array(
                  z
                    .object({
                      row: z.number().int().min(2),
                      values: z.array(z.string().max(10_000)).max(1000),
                    })
                    .strict(),
                )
                .min(1)
                .max(10_000),
            })
            .strict()
            .meta({ id: 'ImportResubmission' }),
          response: { 202: importSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const actor = auditActorOf(p);
        const opened = await openResubmission(deps, p.workspaceId, request.params.id, request.body.rows);
        const record = await startImport(deps, p.workspaceId, actor, opened);
        void runImport(deps, p.workspaceId, actor, record, opened);
        return reply.code(202).send(importDto(record));
      },
    );

    r.post(
      '/api/v1/imports/:id/undo',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'Undo a whole import: what it created is removed, what it updated is put back as it was',
          params: idParams,
          response: { 200: importSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        return importDto(await undoImport(deps, p.workspaceId, auditActorOf(p), request.params.id));
      },
    );
  };
}

async function options(
  deps: Deps,
  workspaceId: string,
  q: {
    kind: (typeof IMPORT_KINDS)[number];
    mapping?: ImportMapping | undefined;
    preset?: string | undefined;
    delimiter?: keyof typeof DELIMITERS | undefined;
  },
) {
  if (q.mapping && q.preset) throw invalid('preset', 'give a mapping or a preset, not both');
  return {
    kind: q.kind,
    ...(q.mapping ? { mapping: q.mapping } : {}),
    ...(q.preset ? { preset: await findPreset(deps, workspaceId, q.preset) } : {}),
    ...(q.delimiter ? { delimiter: DELIMITERS[q.delimiter] } : {}),
  };
}
