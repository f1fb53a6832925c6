// /api/v1/api-keys: secret keys (with a role) and write keys; the full key is shown once.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';
import type { ApiKey } from '../../store/api-keys.js';
import { createApiKey, listKeys, revokeKey } from '../../services/api-keys.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { idParams, problems, timestamp } from '../schemas.js';

const keySchema = z
  .object({
    id: z.string(),
    type: z.enum(['secret', 'write']),
    role: z.enum(ROLES).nullable(),
    name: z.string(),
    keyPrefix: z.string(),
    /** Write keys are public and stay visible; secret keys never are after creation. */
    writeKey: z.string().nullable(),
    /** Who made the key (null: the CLI or the system); a secret key stops working while they are inactive. */
    createdBy: z
      .object({ id: z.string(), name: z.string(), email: z.string(), active: z.boolean() })
      .nullable(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

const keyDto = (k: ApiKey): z.infer<typeof keySchema> => ({
  id: k.id,
  type: k.type,
  role: k.role,
  name: k.name,
  keyPrefix: k.keyPrefix,
  writeKey: k.publicKey,
  createdBy: k.creator
    ? { id: k.creator.id, name: k.creator.name, email: k.creator.email, active: k.creator.isActive }
    : null,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

const createBody = z
  .object({
    type: z.enum(['secret', 'write']),
    role: z.enum(ROLES).optional(),
    name: z.string().trim().min(1).max(200).default('API key'),
  })
  .strict();

export function apiKeyRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/api-keys',
      {
        config: { permission: 'keys:manage' },
        schema: {
          tags: ['api keys'],
          summary: 'List API keys',
          response: { 200: z.object({ data: z.array(keySchema) }), ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        return { data: (await listKeys(deps, p.workspaceId)).map(keyDto) };
      },
    );

    r.post(
      '/api/v1/api-keys',
      {
        config: { permission: 'keys:manage' },
        schema: {
          tags: ['api keys'],
          summary: 'Create an API key; the response holds the key, shown this once',
          body: createBody,
          response: { 201: z.object({ key: keySchema, secret: z.string() }), ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const { type, role, name } = request.body;
        const created = await deps.db.transaction((tx) =>
          createApiKey(tx, auditActorOf(p), { workspaceId: p.workspaceId, type, role: role ?? null, name }),
        );
        return reply.code(201).send({ key: keyDto(created.key), secret: created.secret });
      },
    );

    r.delete(
      '/api/v1/api-keys/:id',
      {
        config: { permission: 'keys:manage' },
        schema: {
          tags: ['api keys'],
          summary: 'Revoke an API key',
          params: idParams,
          response: { 200: keySchema, ...problems(401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        return keyDto(await revokeKey(deps, auditActorOf(p), p.workspaceId, request.params.id));
      },
    );
  };
}
