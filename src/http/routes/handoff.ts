// A lead's hand-off: accept or reject it with a reason, log touches, reassign it, and read its
// assignments and SLA clocks.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../services/deps.js';
import { leadHandoff } from '../../services/lead-handoff.js';
import { reassignLead } from '../../services/assignment.js';
import { TOUCH_KINDS, acceptLead, logTouch, rejectLead } from '../../services/feedback.js';
import { principal } from '../auth.js';
import { idParams, isoDate, problems, timestamp } from '../schemas.js';
import { transitionDto, transitionSchema } from './lead-history.js';
import { rejectCodeSchema } from './reject-reasons.js';

const note = z.string().trim().max(2000).optional();
const touchKind = z.enum(TOUCH_KINDS).meta({ id: 'TouchKind' });

const assignmentSchema = z
  .object({
    id: z.number(),
    ownerId: z.string().nullable(),
    previousOwnerId: z.string().nullable(),
    teamId: z.string().nullable(),
    kind: z.string(),
    ruleId: z.string().nullable(),
    reason: z.string(),
    at: timestamp,
  })
  .meta({ id: 'Assignment' });

/** An SLA clock of a lead, running or not (the hand-off history). */
const clockRecordSchema = z
  .object({
    id: z.string(),
    policyId: z.string(),
    clock: z.string(),
    stage: z.string(),
    ownerId: z.string().nullable(),
    status: z.string(),
    startedAt: timestamp,
    warnAt: timestamp,
    dueAt: timestamp,
    warnedAt: timestamp.nullable(),
    breachedAt: timestamp.nullable(),
    stoppedAt: timestamp.nullable(),
    stopReason: z.string().nullable(),
  })
  .meta({ id: 'SlaClockRecord' });

const handoffSchema = z
  .object({ assignments: z.array(assignmentSchema), clocks: z.array(clockRecordSchema) })
  .meta({ id: 'Handoff' });

export function handoffRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/leads/:id/accept',
      {
        config: { permission: 'leads:feedback' },
        schema: {
          tags: ['hand-off'],
          summary: 'Accept a qualified lead (→ sal); the owner or a manager',
          params: idParams,
          body: z.object({ note }).strict().optional(),
          response: { 200: transitionSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const t = await acceptLead(deps, principal(request), request.params.id, request.body?.note ?? null);
        return transitionDto(t);
      },
    );

    r.post(
      '/api/v1/leads/:id/reject',
      {
        config: { permission: 'leads:feedback' },
        schema: {
          tags: ['hand-off'],
          summary:
            'Reject a qualified lead with a reason code (→ nurture or disqualified, as the agreement maps it)',
          params: idParams,
          body: z
            .object({
              reason: rejectCodeSchema,
              note,
            })
            .strict(),
          response: { 200: transitionSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const t = await rejectLead(deps, principal(request), request.params.id, {
          reason: request.body.reason,
          note: request.body.note || null,
        });
        return transitionDto(t);
      },
    );

    r.post(
      '/api/v1/leads/:id/touches',
      {
        config: { permission: 'leads:feedback' },
        schema: {
          tags: ['hand-off'],
          summary: 'Log a call, e-mail or meeting; the first one stops the first-touch SLA clock',
          params: idParams,
          body: z.object({ kind: touchKind, note, at: isoDate.optional() }).strict(),
          response: {
            201: z.object({ id: z.string(), firstTouch: z.boolean() }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const result = await logTouch(deps, principal(request), request.params.id, {
          kind: b.kind,
          note: b.note || null,
          at: b.at ? new Date(b.at) : null,
        });
        return reply.code(201).send(result);
      },
    );

    r.post(
      '/api/v1/leads/:id/assign',
      {
        config: { permission: 'leads:assign' },
        schema: {
          tags: ['hand-off'],
          summary: 'Reassign a lead to a rep (or null: back to the queue); managers only',
          params: idParams,
          body: z
            .object({ ownerId: z.uuid().nullable(), reason: z.string().trim().min(1, 'say why').max(1000) })
            .strict(),
          response: { 200: z.object({ ownerId: z.string().nullable() }), ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => reassignLead(deps, principal(request), request.params.id, request.body),
    );

    r.get(
      '/api/v1/leads/:id/handoff',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['hand-off'],
          summary: "A lead's assignments (with the rule that made each) and SLA clocks",
          params: idParams,
          response: { 200: handoffSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        // The schemas name the fields a client sees; the rows' other columns are left out.
        return leadHandoff(deps, p.workspaceId, request.params.id);
      },
    );
  };
}
