// The workspace's reject reasons: everyone reads them (the reject form lists them); an admin adds
// the workspace's own codes, renames built-in ones and deletes its own.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REJECT_CODE_PATTERN, REJECT_DESTINATIONS } from '../../domain/reject-reasons.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import {
  changeRejectReason,
  deleteRejectReason,
  workspaceRejectReasons,
} from '../../services/reject-reason-codes.js';
import { principal } from '../auth.js';
import { problems } from '../schemas.js';

export const rejectReasonSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    to: z.enum(REJECT_DESTINATIONS),
    recyclable: z.boolean(),
    coolOffDays: z.number().nullable(),
    noteRequired: z.boolean(),
    isBuiltIn: z.boolean(),
  })
  .meta({ id: 'RejectReason' });

/** A reason code a rejection gives; the service checks it against the workspace's reasons (400 naming the field). */
export const rejectCodeSchema = z
  .string()
  .trim()
  .min(1, 'give a reject reason code (see GET /api/v1/reject-reasons)')
  .max(40, 'is not a reject reason code');

const label = z.string().trim().min(1, 'must not be empty').max(200);
const coolOffDays = z.int().min(0, 'must be 0 or more').max(3650, 'must be at most 3650 days').nullable();
const to = z.enum(REJECT_DESTINATIONS, { message: 'must be nurture or disqualified' });
const codeParams = z.object({ code: z.string().min(1).max(40) }).strict();

export function rejectReasonRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/reject-reasons',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['feedback'],
          summary:
            "The reasons a rejection may give: the agreement's built-in codes, then the workspace's own",
          response: { 200: z.object({ data: z.array(rejectReasonSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => ({ data: await workspaceRejectReasons(deps.db, principal(request).workspaceId) }),
    );

    r.post(
      '/api/v1/reject-reasons',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['feedback'],
          summary:
            'Add a workspace reject reason: a code, a label, where it sends a lead, its cool-off and note rule',
          body: z
            .object({
              code: z
                .string()
                .regex(
                  REJECT_CODE_PATTERN,
                  'use 2–40 lower-case letters, digits or "_", starting with a letter',
                ),
              label,
              to,
              coolOffDays: coolOffDays.default(null),
              noteRequired: z.boolean().default(false),
            })
            .strict(),
          response: { 201: rejectReasonSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const reason = await changeRejectReason(deps, auditActorOf(p), p.workspaceId, {
          kind: 'create',
          ...request.body,
        });
        return reply.code(201).send(reason);
      },
    );

    r.patch(
      '/api/v1/reject-reasons/:code',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['feedback'],
          summary: "Change a reject reason: a built-in one's label only; the workspace's own in full",
          params: codeParams,
          body: z
            .object({
              label: label.optional(),
              to: to.optional(),
              coolOffDays: coolOffDays.optional(),
              noteRequired: z.boolean().optional(),
            })
            .strict(),
          response: { 200: rejectReasonSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const b = request.body;
        return changeRejectReason(deps, auditActorOf(p), p.workspaceId, {
          kind: 'update',
          code: request.params.code,
          ...(b.label !== undefined ? { label: b.label } : {}),
          ...(b.to !== undefined ? { to: b.to } : {}),
          ...(b.coolOffDays !== undefined ? { coolOffDays: b.coolOffDays } : {}),
          ...(b.noteRequired !== undefined ? { noteRequired: b.noteRequired } : {}),
        });
      },
    );

    r.delete(
      '/api/v1/reject-reasons/:code',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['feedback'],
          summary: "Delete one of the workspace's own reject reasons (built-in ones cannot be deleted)",
          params: codeParams,
          response: { 204: z.null().describe('Deleted'), ...problems(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await deleteRejectReason(deps, auditActorOf(p), p.workspaceId, request.params.code);
        return reply.code(204).send(null);
      },
    );
  };
}
