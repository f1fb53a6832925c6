// A lead's timeline (events), its stage history (transitions) and manual stage moves.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { STAGES } from '../../domain/stages.js';
import { decodeCursor } from '../../store/cursor.js';
import { leadTimeline } from '../../store/events.js';
import { getLead } from '../../store/leads.js';
import type { Transition } from '../../store/transitions.js';
import type { Deps } from '../../services/deps.js';
import { moveLeadStage } from '../../services/feedback.js';
import { stageHistory } from '../../services/lead-lifecycle.js';
import { principal } from '../auth.js';
import { rejectCodeSchema } from './reject-reasons.js';
import { idParams, pageQuery, problems, timestamp } from '../schemas.js';

const eventSchema = z
  .object({
    id: z.number(),
    messageId: z.string(),
    type: z.string(),
    event: z.string().nullable(),
    userId: z.string().nullable(),
    anonymousId: z.string().nullable(),
    occurredAt: timestamp,
    receivedAt: timestamp,
    /** When its fold committed (score and stage include it); null while it waits. */
    scoredAt: timestamp.nullable(),
    properties: z.record(z.string(), z.unknown()),
    traits: z.record(z.string(), z.unknown()),
    context: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event' });

export const transitionSchema = z
  .object({
    id: z.number(),
    fromStage: z.string().nullable(),
    toStage: z.string(),
    at: timestamp,
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    reason: z.string(),
    reasonCode: z.string().nullable(),
    ruleId: z.string().nullable(),
    note: z.string().nullable(),
    agreementVersion: z.number(),
    ownerId: z.string().nullable(),
  })
  .meta({ id: 'Transition' });

export const transitionDto = (t: Transition): z.infer<typeof transitionSchema> => ({
  id: t.id,
  fromStage: t.fromStage,
  toStage: t.toStage,
  at: t.at,
  actor: { type: t.actorType, id: t.actorId, label: t.actorLabel },
  reason: t.reason,
  reasonCode: t.reasonCode,
  ruleId: t.ruleId,
  note: t.note,
  agreementVersion: t.agreementVersion,
  ownerId: t.ownerId,
});

export function leadHistoryRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/leads/:id/events',
      {
        config: { permission: 'leads:read', csv: { name: 'lead-events' } },
        schema: {
          tags: ['leads'],
          summary:
            "A lead's timeline: its events, newest first (anonymous visits before it identified included)",
          params: idParams,
          querystring: z.object(pageQuery).strict(),
          response: {
            200: z.object({ data: z.array(eventSchema), nextCursor: z.string().nullable() }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        if (!(await getLead(deps.db, p.workspaceId, request.params.id))) throw notFound('Lead');
        const page = await leadTimeline(deps.db, p.workspaceId, request.params.id, {
          limit: request.query.limit,
          after: decodeCursor(request.query.cursor, { at: 'timestamp', id: 'integer' }),
        });
        return {
          data: page.data.map((e) => ({
            id: e.id,
            messageId: e.messageId,
            type: e.type,
            event: e.event,
            userId: e.userId,
            anonymousId: e.anonymousId,
            occurredAt: e.occurredAt,
            receivedAt: e.receivedAt,
            scoredAt: e.scoredAt,
            properties: e.properties,
            traits: e.traits,
            context: e.context,
          })),
          nextCursor: page.nextCursor,
        };
      },
    );

    r.get(
      '/api/v1/leads/:id/transitions',
      {
        config: { permission: 'leads:read', csv: { name: 'lead-transitions' } },
        schema: {
          tags: ['leads'],
          summary: "A lead's stage history, oldest first: from, to, when, who and why",
          params: idParams,
          response: { 200: z.object({ data: z.array(transitionSchema) }), ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        return { data: (await stageHistory(deps, p.workspaceId, request.params.id)).map(transitionDto) };
      },
    );

    r.post(
      '/api/v1/leads/:id/stage',
      {
        config: { permission: 'leads:write' },
        schema: {
          tags: ['leads'],
          summary:
            'Move a lead to another stage, where the agreement allows it for your role. From mql or pql, ' +
            'sal is an acceptance and nurture or disqualified a rejection, with the same rules as /accept ' +
            'and /reject (a rejection needs a reasonCode); a sales rep moves only their own leads',
          params: idParams,
          body: z
            .object({
              to: z.enum(STAGES),
              reason: z.string().trim().min(1, 'say why').max(1000),
              reasonCode: rejectCodeSchema.optional(),
              note: z.string().trim().max(2000).optional(),
            })
            .strict(),
          response: { 200: transitionSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const p = principal(request);
        const { note, ...move } = request.body;
        return transitionDto(
          await moveLeadStage(deps, p, request.params.id, { ...move, note: note || null }),
        );
      },
    );
  };
}
