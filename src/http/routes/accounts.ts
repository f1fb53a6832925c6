// /api/v1/accounts: create, read, update and list accounts (companies).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Account } from '../../store/accounts.js';
import { changeAccount, createAccount, findAccounts, readAccount } from '../../services/accounts.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import { principal } from '../auth.js';
import { idParams, pageQuery, problems, text, timestamp } from '../schemas.js';

const fields = {
  domain: text(253),
  industry: text(200),
  employees: z.number().int().min(0).max(10_000_000).nullable(),
  annualRevenue: z.number().min(0).nullable(),
  country: text(100),
  ownerId: z.uuid().nullable(),
  externalId: text(200),
  groupId: text(200),
  traits: z.record(z.string().max(200), z.unknown()),
};
const name = z.string().trim().min(1, 'must not be empty').max(300);
const createInput = z
  .object({ name, ...fields })
  .partial()
  .required({ name: true })
  .strict();
const updateInput = z
  .object({ name, ...fields })
  .partial()
  .strict();

export const accountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().nullable(),
    annualRevenue: z.number().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    ownerId: z.string().nullable(),
    externalId: z.string().nullable(),
    groupId: z.string().nullable(),
    traits: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Account' });

export function accountDto(a: Account): z.infer<typeof accountSchema> {
  const { workspaceId: _ws, ...rest } = a;
  return rest;
}

const listQuery = z
  .object({
    ...pageQuery,
    q: z.string().max(200).optional(),
    domain: z.string().max(253).optional(),
    industry: z.string().max(200).optional(),
    ownerId: z.uuid().optional(),
    country: z.string().max(2).optional(),
  })
  .strict();

export function accountRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/accounts',
      {
        config: { permission: 'accounts:write' },
        schema: {
          tags: ['accounts'],
          summary: 'Create an account',
          body: createInput,
          response: { 201: accountSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const account = await createAccount(deps, auditActorOf(p), p.workspaceId, request.body);
        return reply.code(201).send(accountDto(account));
      },
    );

    r.get(
      '/api/v1/accounts',
      {
        config: { permission: 'accounts:read', csv: true },
        schema: {
          tags: ['accounts'],
          summary: 'List accounts, newest first',
          querystring: listQuery,
          response: {
            200: z.object({ data: z.array(accountSchema), nextCursor: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const { limit, cursor, ...filter } = request.query;
        const page = await findAccounts(deps, p.workspaceId, filter, {
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return { data: page.data.map(accountDto), nextCursor: page.nextCursor };
      },
    );

    r.get(
      '/api/v1/accounts/:id',
      {
        config: { permission: 'accounts:read' },
        schema: {
          tags: ['accounts'],
          summary: 'Read an account',
          params: idParams,
          response: { 200: accountSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        return accountDto(await readAccount(deps, p.workspaceId, request.params.id));
      },
    );

    r.patch(
      '/api/v1/accounts/:id',
      {
        config: { permission: 'accounts:write' },
        schema: {
          tags: ['accounts'],
          summary: 'Update an account',
          params: idParams,
          body: updateInput,
          response: { 200: accountSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        return accountDto(
          await changeAccount(deps, auditActorOf(p), p.workspaceId, request.params.id, request.body),
        );
      },
    );
  };
}
