// /api/v1/opportunities: create, read, update and list deals; winning or losing one moves its lead.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../services/deps.js';
import {
  changeOpportunity,
  createOpportunity,
  findOpportunities,
  readOpportunity,
} from '../../services/opportunities.js';
import { auditActorOf } from '../../services/principal.js';
import type { OpportunityView } from '../../store/opportunities.js';
import { principal } from '../auth.js';
import { idParams, isoDate, pageQuery, problems, text, timestamp } from '../schemas.js';

const DAY_MS = 86_400_000;
/** A calendar day, `2026-03-31`, in the years PostgreSQL and Date both write (a day's end stays in 9999). */
const day = z.iso
  .date({ message: 'must be a date like 2026-03-31', abort: true })
  .refine((s) => s >= '0001-01-01' && s <= '9999-12-30', 'must be a date from the year 1 to 9999');
/** A close date: a day (midnight UTC) or an instant. */
const closeDateInput = z.union([day, isoDate], { error: 'must be a date like 2026-03-31' });

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(300),
  accountId: z.uuid({ message: 'must be a UUID' }),
  leadId: z.uuid({ message: 'must be a UUID' }).nullable(),
  ownerId: z.uuid({ message: 'must be a UUID' }).nullable(),
  amount: z.number().min(0, 'must be 0 or more').max(1e13, 'is too large'),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as USD'),
  stage: z.string().trim().min(1, 'must not be empty').max(200),
  probability: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable(),
  closeDate: closeDateInput.nullable(),
  source: text(200),
  product: text(200),
  externalId: text(200),
  externalSystem: z.enum(['salesforce', 'hubspot', 'other']),
};
const createInput = z
  .object(fields)
  .partial()
  .required({ amount: true })
  .strict()
  .meta({ id: 'OpportunityCreate' });
const updateInput = z.object(fields).partial().strict().meta({ id: 'OpportunityUpdate' });

export const opportunitySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    accountId: z.string().nullable(),
    accountName: z.string().nullable(),
    leadId: z.string().nullable(),
    leadName: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    amount: z.number(),
    currency: z.string(),
    stage: z.string(),
    probability: z.number(),
    /** False: the probability is the agreement's default for the stage. */
    isProbabilitySet: z.boolean(),
    status: z.enum(['open', 'won', 'lost']),
    /** The expected (or actual) close day, `2026-03-31`. */
    closeDate: z.string().nullable(),
    closedAt: timestamp.nullable(),
    source: z.string().nullable(),
    /** What is sold, as the CRM names it. */
    product: z.string().nullable(),
    externalId: z.string().nullable(),
    externalSystem: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Opportunity' });

export function opportunityDto(o: OpportunityView): z.infer<typeof opportunitySchema> {
  return {
    id: o.id,
    name: o.name,
    accountId: o.accountId,
    accountName: o.accountName,
    leadId: o.leadId,
    leadName: o.leadName,
    ownerId: o.ownerId,
    ownerName: o.ownerName,
    amount: o.amount,
    currency: o.currency,
    stage: o.stage,
    probability: o.probability,
    isProbabilitySet: o.isProbabilitySet,
    status: !o.isClosed ? 'open' : o.isWon ? 'won' : 'lost',
    closeDate: o.closeDate ? o.closeDate.toISOString().slice(0, 10) : null,
    closedAt: o.closedAt,
    source: o.source,
    product: o.product,
    externalId: o.externalId,
    externalSystem: o.externalSystem,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

const listQuery = z
  .object({
    ...pageQuery,
    stage: z.string().max(200).optional(),
    status: z.enum(['open', 'won', 'lost']).optional(),
    ownerId: z.uuid({ message: 'must be a UUID' }).optional(),
    accountId: z.uuid({ message: 'must be a UUID' }).optional(),
    leadId: z.uuid({ message: 'must be a UUID' }).optional(),
    /** Close date on or after this day. */
    closeFrom: day.optional(),
    /** Close date on or before this day. */
    closeTo: day.optional(),
    source: z.string().max(200).optional(),
    product: z.string().max(200).optional(),
  })
  .strict();

const closeDateOf = (s: string | null | undefined): Date | null | undefined =>
  s === undefined ? undefined : s === null ? null : new Date(s.length === 10 ? `${s}T00:00:00.000Z` : s);

export function opportunityRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/opportunities',
      {
        config: { permission: 'opportunities:write' },
        schema: {
          tags: ['opportunities'],
          summary:
            "Create an opportunity (stage: the agreement's first open stage unless given; it moves its lead to opportunity, customer or lost)",
          body: createInput,
          response: { 201: opportunitySchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const { closeDate, ...body } = request.body;
        const created = await createOpportunity(deps, auditActorOf(p), p.workspaceId, {
          ...body,
          ...(closeDate !== undefined ? { closeDate: closeDateOf(closeDate) } : {}),
        });
        return reply.code(201).send(opportunityDto(created));
      },
    );

    r.get(
      '/api/v1/opportunities',
      {
        config: { permission: 'opportunities:read', csv: true },
        schema: {
          tags: ['opportunities'],
          summary: 'List opportunities, newest first',
          querystring: listQuery,
          response: {
            200: z.object({ data: z.array(opportunitySchema), nextCursor: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const { limit, cursor, closeFrom, closeTo, ...filter } = request.query;
        const page = await findOpportunities(
          deps,
          p.workspaceId,
          {
            ...filter,
            ...(closeFrom ? { closeFrom: closeDateOf(closeFrom)! } : {}),
            ...(closeTo ? { closeBefore: new Date(closeDateOf(closeTo)!.getTime() + DAY_MS) } : {}),
          },
          { limit, ...(cursor ? { cursor } : {}) },
        );
        return { data: page.data.map(opportunityDto), nextCursor: page.nextCursor };
      },
    );

    r.get(
      '/api/v1/opportunities/:id',
      {
        config: { permission: 'opportunities:read' },
        schema: {
          tags: ['opportunities'],
          summary: 'Read an opportunity',
          params: idParams,
          response: { 200: opportunitySchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        return opportunityDto(await readOpportunity(deps, p.workspaceId, request.params.id));
      },
    );

    r.patch(
      '/api/v1/opportunities/:id',
      {
        config: { permission: 'opportunities:write' },
        schema: {
          tags: ['opportunities'],
          summary:
            'Update an opportunity (probability null: back to the stage default; won or lost moves its lead)',
          params: idParams,
          body: updateInput,
          response: { 200: opportunitySchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        const { closeDate, ...body } = request.body;
        return opportunityDto(
          await changeOpportunity(deps, auditActorOf(p), p.workspaceId, request.params.id, {
            ...body,
            ...(closeDate !== undefined ? { closeDate: closeDateOf(closeDate) } : {}),
          }),
        );
      },
    );
  };
}
