// /api/v1/leads: create, read, update and list leads.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FIT_GRADES } from '../../domain/agreement.js';
import { STAGES, type Stage } from '../../domain/stages.js';
import { LEAD_SORTS, type Lead } from '../../store/leads.js';
import { changeLead, createLead, findLeads, readLead } from '../../services/leads.js';
import type { Deps } from '../../services/deps.js';
import { explainLeadScore } from '../../services/lead-lifecycle.js';
import { type LeadView, leadView } from '../../services/lead-view.js';
import { eventsWaiting } from '../../services/fold.js';
import { principal } from '../auth.js';
import { idParams, isoDate, pageQuery, problems, text, timestamp } from '../schemas.js';

const leadInput = z
  .object({
    email: z.email({ message: 'must be an e-mail address' }).max(320).nullable(),
    firstName: text(200),
    lastName: text(200),
    title: text(300),
    company: text(300),
    industry: text(200),
    employees: z.number().int().min(0).max(10_000_000).nullable(),
    annualRevenue: z.number().min(0).nullable(),
    country: text(100),
    phone: text(50),
    website: text(500),
    source: text(200),
    medium: text(200),
    campaign: text(300),
    ownerId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    externalId: text(200),
    traits: z.record(z.string().max(200), z.unknown()),
  })
  .partial()
  .strict();

export const leadSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    emailDomain: z.string().nullable(),
    emailDomainType: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    title: z.string().nullable(),
    titleFunction: z.string().nullable(),
    titleSeniority: z.string().nullable(),
    company: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().nullable(),
    annualRevenue: z.number().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    source: z.string().nullable(),
    medium: z.string().nullable(),
    campaign: z.string().nullable(),
    ownerId: z.string().nullable(),
    accountId: z.string().nullable(),
    externalId: z.string().nullable(),
    traits: z.record(z.string(), z.unknown()),
    stage: z.enum(STAGES),
    stageEnteredAt: timestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
    lastActivityAt: timestamp.nullable(),
    fitGrade: z.enum(FIT_GRADES),
    fitPoints: z.number(),
    /** Decayed engagement now, under the active agreement. */
    engagement: z.number(),
    owner: z.object({ id: z.string(), name: z.string() }).nullable(),
    account: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Lead' });

export type LeadDto = z.infer<typeof leadSchema>;

export function leadDto(lead: Lead, view: LeadView): LeadDto {
  const { workspaceId: _ws, engagementS, fitGrade, ...rest } = lead;
  return {
    ...rest,
    // The store holds these as text; only the domain's stages and grades are ever written.
    stage: lead.stage as Stage,
    fitGrade: fitGrade as LeadDto['fitGrade'],
    engagement: Math.round(view.engagement(engagementS) * 10) / 10,
    owner: view.owner(lead.ownerId),
    account: view.account(lead.accountId),
  };
}

const listQuery = z
  .object({
    ...pageQuery,
    q: z.string().max(200).optional(),
    stage: z
      .string()
      .max(200)
      .optional()
      .transform((s) =>
        s
          ? s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : undefined,
      ),
    ownerId: z.union([z.uuid(), z.literal('none'), z.literal('me')]).optional(),
    accountId: z.uuid().optional(),
    source: z.string().max(200).optional(),
    campaign: z.string().max(200).optional(),
    sort: z.enum(LEAD_SORTS, { message: `must be one of ${LEAD_SORTS.join(', ')}` }).default('-createdAt'),
    email: z.string().max(320).optional(),
    createdAfter: isoDate.optional(),
    createdBefore: isoDate.optional(),
  })
  .strict();

const scoreSchema = z
  .object({
    agreementVersion: z.number(),
    fit: z.object({
      grade: z.enum(FIT_GRADES),
      points: z.number(),
      contributions: z.array(z.object({ ruleId: z.string(), label: z.string(), points: z.number() })),
    }),
    engagement: z.object({
      score: z.number(),
      band: z.number(),
      halfLifeDays: z.number(),
      byRule: z.array(
        z.object({
          ruleId: z.string(),
          label: z.string(),
          count: z.number(),
          points: z.number(),
          decayed: z.number(),
        }),
      ),
      recent: z.array(
        z.object({
          ruleId: z.string(),
          label: z.string(),
          eventId: z.string(),
          points: z.number(),
          at: timestamp,
          decayed: z.number(),
        }),
      ),
      lines: z.number(),
    }),
    cell: z.string(),
    qualifyingCells: z.array(z.string()),
  })
  .meta({ id: 'ScoreExplanation' });

const leadDetailSchema = leadSchema
  .extend({
    score: scoreSchema,
    /** Events accepted but not folded yet: score and stage do not include them so far. */
    eventsWaiting: z.number().int(),
  })
  .meta({ id: 'LeadDetail' });

export function leadRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const view = (workspaceId: string, leads: Lead[]) => leadView(deps.db, workspaceId, leads, deps.clock());

    r.post(
      '/api/v1/leads',
      {
        config: { permission: 'leads:write' },
        schema: {
          tags: ['leads'],
          summary: 'Create a lead',
          body: leadInput,
          response: { 201: leadSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const lead = await createLead(deps, p, request.body);
        return reply.code(201).send(leadDto(lead, await view(p.workspaceId, [lead])));
      },
    );

    r.get(
      '/api/v1/leads',
      {
        config: { permission: 'leads:read', csv: true },
        schema: {
          tags: ['leads'],
          summary:
            'List leads (newest first, or by `sort`), filtered by stage, owner, source, campaign and creation date, with cursor pagination',
          querystring: listQuery,
          response: {
            200: z.object({ data: z.array(leadSchema), nextCursor: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const { limit, cursor, sort, ownerId, createdAfter, createdBefore, ...filter } = request.query;
        const page = await findLeads(
          deps,
          p.workspaceId,
          {
            ...filter,
            ownerId: ownerId === 'me' ? (p.kind === 'user' ? p.userId : 'none') : ownerId,
            createdAfter: createdAfter ? new Date(createdAfter) : undefined,
            createdBefore: createdBefore ? new Date(createdBefore) : undefined,
          },
          { limit, sort, ...(cursor ? { cursor } : {}) },
        );
        const v = await view(p.workspaceId, page.data);
        return { data: page.data.map((l) => leadDto(l, v)), nextCursor: page.nextCursor };
      },
    );

    r.get(
      '/api/v1/leads/:id',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['leads'],
          summary: 'Read a lead, with its score explained (fit rules and the engagement ledger)',
          params: idParams,
          response: { 200: leadDetailSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const lead = await readLead(deps, p.workspaceId, request.params.id);
        const score = await explainLeadScore(deps, p.workspaceId, lead.id);
        return {
          ...leadDto(lead, await view(p.workspaceId, [lead])),
          eventsWaiting: await eventsWaiting(deps, p.workspaceId, lead.id),
          score,
        };
      },
    );

    r.patch(
      '/api/v1/leads/:id',
      {
        config: { permission: 'leads:write' },
        schema: {
          tags: ['leads'],
          summary: 'Update a lead (only the fields sent change)',
          params: idParams,
          body: leadInput,
          response: { 200: leadSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        const lead = await changeLead(deps, p, request.params.id, request.body);
        return leadDto(lead, await view(p.workspaceId, [lead]));
      },
    );
  };
}
