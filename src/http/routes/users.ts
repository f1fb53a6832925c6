// /api/v1/users: workspace members and their roles; /api/v1/audit-log: who changed what.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { isTimeZone } from '../../domain/members.js';
import { ROLES } from '../../domain/roles.js';
import { listAudit } from '../../store/audit-log.js';
import type { User } from '../../store/users.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import { changeMember } from '../../services/members.js';
import { addUser, members } from '../../services/workspaces.js';
import { principal } from '../auth.js';
import { idParams, problems, timestamp } from '../schemas.js';

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    timeZone: z.string(),
    createdAt: timestamp,
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

export const userDto = (u: User): z.infer<typeof userSchema> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  timeZone: u.timeZone,
  createdAt: u.createdAt,
  disabled: u.disabledAt !== null,
});

export const timeZone = z
  .string()
  .max(100)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin');

// Length and strength are the password rule's (src/domain/password-policy.ts), checked in the service
// so that the API and the CLI say the same.
const password = z.string().max(1000);

const createBody = z
  .object({
    email: z.email({ message: 'must be an e-mail address' }).max(320),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: password.optional(),
    timeZone: timeZone.optional(),
  })
  .strict();

const updateBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password,
    timeZone,
    disabled: z.boolean(),
  })
  .partial()
  .strict();

const auditEntry = z.object({
  id: z.number(),
  at: timestamp,
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export function userRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/users',
      {
        config: { permission: 'users:read', csv: { name: 'members' } },
        schema: {
          tags: ['users'],
          summary: 'List workspace members',
          response: { 200: z.object({ data: z.array(userSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        return { data: (await members(deps, p.workspaceId)).map(userDto) };
      },
    );

    r.post(
      '/api/v1/users',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'Add a member',
          body: createBody,
          response: { 201: userSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const b = request.body;
        const user = await deps.db.transaction((tx) =>
          addUser(tx, auditActorOf(p), p.workspaceId, { ...b, password: b.password ?? null }),
        );
        return reply.code(201).send(userDto(user));
      },
    );

    r.patch(
      '/api/v1/users/:id',
      {
        config: { permission: 'users:write' },
        schema: {
          tags: ['users'],
          summary: 'Change a member (name, role, password, time zone, disabled)',
          params: idParams,
          body: updateBody,
          response: { 200: userSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const changed = await changeMember(
          deps,
          auditActorOf(p),
          p.workspaceId,
          request.params.id,
          request.body,
          p.kind === 'user' ? { currentSessionId: p.sessionId } : {},
        );
        if (!changed) throw notFound('User');
        return userDto(changed.user);
      },
    );

    r.get(
      '/api/v1/audit-log',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: 'Who changed what, newest first',
          querystring: z
            .object({
              limit: z.coerce.number().int().min(1).max(500).default(100),
              before: z.coerce.number().int().optional(),
            })
            .strict(),
          response: { 200: z.object({ data: z.array(auditEntry) }), ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const rows = await listAudit(deps.db, p.workspaceId, {
          limit: request.query.limit,
          beforeId: request.query.before ?? null,
        });
        return { data: rows };
      },
    );
  };
}
