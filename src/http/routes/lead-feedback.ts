// Notes and feedback both ways on a lead: its conversation (touches, comments, flags, disputes),
// comments with @mentions, sales' "good lead" flag, marketing's dispute of a rejection and a sales
// manager's decision on it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DISPUTE_DECISIONS } from '../../domain/lead-feedback.js';
import type { Dispute } from '../../store/rejection-disputes.js';
import type { Deps } from '../../services/deps.js';
import { disputeRejection } from '../../services/dispute-rejection.js';
import { leadConversation } from '../../services/lead-conversation.js';
import { commentOnLead } from '../../services/lead-comments.js';
import { flagLead } from '../../services/lead-flags.js';
import { resolveDispute } from '../../services/resolve-dispute.js';
import { principal } from '../auth.js';
import { idParams, problems, timestamp } from '../schemas.js';
import { transitionDto, transitionSchema } from './lead-history.js';

const who = z.object({ type: z.string(), id: z.string().nullable(), name: z.string() });

export const disputeSchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    status: z.enum(['open', 'upheld', 'reversed']),
    rejectionTransitionId: z.number(),
    rejectedFrom: z.string(),
    rejectedTo: z.string(),
    reasonCode: z.string(),
    note: z.string(),
    openedBy: who,
    openedAt: timestamp,
    resolvedBy: who.nullable(),
    resolutionNote: z.string().nullable(),
    resolvedAt: timestamp.nullable(),
    reversalTransitionId: z.number().nullable(),
  })
  .meta({ id: 'RejectionDispute' });

export const disputeDto = (d: Dispute): z.infer<typeof disputeSchema> => ({
  id: d.id,
  leadId: d.leadId,
  status: d.status,
  rejectionTransitionId: d.rejectionTransitionId,
  rejectedFrom: d.rejectedFrom,
  rejectedTo: d.rejectedTo,
  reasonCode: d.reasonCode,
  note: d.note,
  openedBy: { type: d.openedBy.type, id: d.openedBy.id, name: d.openedBy.label },
  openedAt: d.openedAt,
  resolvedBy: d.resolvedBy
    ? { type: d.resolvedBy.type, id: d.resolvedBy.id, name: d.resolvedBy.label }
    : null,
  resolutionNote: d.resolutionNote,
  resolvedAt: d.resolvedAt,
  reversalTransitionId: d.reversalTransitionId,
});

const itemSchema = z
  .object({
    kind: z.enum(['touch', 'comment', 'flag', 'dispute']),
    id: z.string(),
    at: timestamp,
    by: who,
    /** A touch's kind: call, email, meeting, linkedin or note. */
    touchKind: z.string().nullable(),
    text: z.string().nullable(),
    mentions: z.array(z.object({ userId: z.string(), name: z.string() })),
    dispute: disputeSchema.nullable(),
  })
  .meta({ id: 'ConversationItem' });

const commentSchema = z
  .object({
    id: z.string(),
    at: timestamp,
    body: z.string(),
    author: who,
    mentions: z.array(z.object({ userId: z.string(), name: z.string(), handle: z.string() })),
    unknownMentions: z.array(z.string()),
  })
  .meta({ id: 'LeadComment' });

const optionalNote = z
  .string()
  .max(2000)
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? null : s.trim()));

export function leadFeedbackRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/leads/:id/conversation',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['feedback'],
          summary: 'What people said and did on a lead, newest first: touches, comments, flags and disputes',
          params: idParams,
          response: { 200: z.object({ data: z.array(itemSchema) }), ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const items = await leadConversation(deps, principal(request).workspaceId, request.params.id);
        return {
          data: items.map((i) => ({
            ...i,
            dispute: i.dispute ? disputeDto(i.dispute) : null,
          })),
        };
      },
    );

    r.post(
      '/api/v1/leads/:id/comments',
      {
        config: { permission: 'leads:comment' },
        schema: {
          tags: ['feedback'],
          summary:
            'Comment on a lead (marketing and sales alike); an @handle (first name or e-mail local part) notifies that member',
          params: idParams,
          body: z.object({ body: z.string().trim().min(1, 'write something').max(5000) }).strict(),
          response: { 201: commentSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const c = await commentOnLead(deps, principal(request), request.params.id, request.body);
        return reply.code(201).send(c);
      },
    );

    r.post(
      '/api/v1/leads/:id/flags',
      {
        config: { permission: 'leads:flag' },
        schema: {
          tags: ['feedback'],
          summary: 'Flag a lead as a good one, with an optional note (sales); sends lead.flagged',
          params: idParams,
          body: z.object({ note: optionalNote }).strict(),
          response: {
            201: z
              .object({
                id: z.string(),
                at: timestamp,
                note: z.string().nullable(),
                stage: z.string(),
                by: who,
              })
              .meta({ id: 'LeadFlag' }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const f = await flagLead(deps, principal(request), request.params.id, { note: request.body.note });
        return reply.code(201).send(f);
      },
    );

    r.post(
      '/api/v1/leads/:id/disputes',
      {
        config: { permission: 'leads:dispute' },
        schema: {
          tags: ['feedback'],
          summary:
            'Dispute the rejection of a lead, with a note (marketing): only a rejected lead, once while open; sends rejection.disputed',
          params: idParams,
          body: z
            .object({ note: z.string().trim().min(1, 'say why the rejection is wrong').max(2000) })
            .strict(),
          response: { 201: disputeSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const d = await disputeRejection(deps, principal(request), request.params.id, request.body);
        return reply.code(201).send(disputeDto(d));
      },
    );

    r.post(
      '/api/v1/disputes/:id/resolve',
      {
        config: { permission: 'disputes:resolve' },
        schema: {
          tags: ['feedback'],
          summary:
            'Uphold or reverse a disputed rejection (a sales manager); a reversal moves the lead back to the stage it was rejected from; sends dispute.resolved',
          params: idParams,
          body: z.object({ decision: z.enum(DISPUTE_DECISIONS), note: optionalNote }).strict(),
          response: {
            200: z.object({ dispute: disputeSchema, transition: transitionSchema.nullable() }),
            ...problems(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const res = await resolveDispute(deps, principal(request), request.params.id, request.body);
        return {
          dispute: disputeDto(res.dispute),
          transition: res.transition ? transitionDto(res.transition) : null,
        };
      },
    );
  };
}
