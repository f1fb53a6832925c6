// /api/v1/imports/fields, /presets and /mappings: what a person maps a file with: the fields each kind
// of import sets, the built-in presets, and the custom mappings a workspace saves by name.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_KINDS } from '../../domain/import-fields.js';
import type { ImportMapping } from '../../domain/import-mapping.js';
import { type ImportPreset, PRESET_SYSTEMS } from '../../domain/import-presets.js';
import type { Deps } from '../../services/deps.js';
import {
  type SavedMapping,
  listPresets,
  listSavedMappings,
  removeMapping,
  saveMapping,
} from '../../services/import-presets.js';
import { importFields } from '../../services/import-reports.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { problems, timestamp } from '../schemas.js';
import { mappingSchema, presetName } from './import-schemas.js';

const presetSchema = z
  .object({
    name: z.string(),
    system: z.enum(PRESET_SYSTEMS),
    reads: z.string(),
    kinds: z.array(
      z.object({
        kind: z.enum(IMPORT_KINDS),
        /** Field ← the export's column, with the spellings it is known by. */
        columns: z.record(z.string(), z.array(z.string())),
        file: z.string().nullable(),
        recognised: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ImportPreset' });

const savedMappingSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(IMPORT_KINDS),
    description: z.string().nullable(),
    mapping: mappingSchema,
    createdBy: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'ImportSavedMapping' });

function presetDto(p: ImportPreset): z.infer<typeof presetSchema> {
  return {
    name: p.name,
    system: p.system,
    reads: p.reads,
    kinds: p.kinds.map((k) => ({
      kind: k.kind,
      columns: Object.fromEntries(
        Object.entries(k.columns).map(([f, c]) => [f, typeof c === 'string' ? [c] : [...c]]),
      ),
      file: k.file ?? null,
      recognised: k.signature.length > 0,
    })),
  };
}

function savedDto(m: SavedMapping): z.infer<typeof savedMappingSchema> {
  const { workspaceId: _ws, ...rest } = m;
  return rest;
}

export function importMappingRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/imports/fields',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'The fields each kind of import can set, their types, and which are required',
          response: {
            200: z
              .object({
                data: z.array(
                  z.object({
                    kind: z.enum(IMPORT_KINDS),
                    fields: z.array(z.object({ name: z.string(), type: z.string() })),
                    required: z
                      .array(z.array(z.string()))
                      .describe('each inner list: one of these fields must be mapped'),
                  }),
                ),
              })
              .meta({ id: 'ImportFields' }),
            ...problems(401, 403),
          },
        },
      },
      async () => ({ data: importFields() }),
    );

    r.get(
      '/api/v1/imports/presets',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary:
            "The presets: each export Tandem reads with no hand mapping (system, export, kinds, columns), then the workspace's saved mappings",
          response: { 200: z.object({ data: z.array(presetSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({
        data: (await listPresets(deps, principal(request).workspaceId)).map(presetDto),
      }),
    );

    r.get(
      '/api/v1/imports/mappings',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'The custom mappings saved in this workspace, by name',
          response: { 200: z.object({ data: z.array(savedMappingSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({
        data: (await listSavedMappings(deps, principal(request).workspaceId)).map(savedDto),
      }),
    );

    r.put(
      '/api/v1/imports/mappings/:name',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary:
            'Save a custom mapping by name (201 when new, 200 when it replaces that name); then use it as preset=<name>',
          params: z.object({ name: presetName }).strict(),
          body: z
            .object({
              kind: z.enum(IMPORT_KINDS),
              description: z.string().trim().max(300).nullable().optional(),
              mapping: mappingSchema,
            })
            .strict(),
          response: { 200: savedMappingSchema, 201: savedMappingSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const b = request.body;
        const saved = await saveMapping(deps, p.workspaceId, auditActorOf(p), {
          name: request.params.name,
          kind: b.kind,
          description: b.description ?? null,
          mapping: b.mapping as ImportMapping,
        });
        return reply.code(saved.created ? 201 : 200).send(savedDto(saved.mapping));
      },
    );

    r.delete(
      '/api/v1/imports/mappings/:name',
      {
        config: { permission: 'imports:manage' },
        schema: {
          tags: ['imports'],
          summary: 'Delete a saved mapping',
          params: z.object({ name: presetName }).strict(),
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await removeMapping(deps, p.workspaceId, auditActorOf(p), request.params.name);
        return reply.code(204).send(null);
      },
    );
  };
}
