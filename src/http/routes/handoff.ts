// The hand-off: accept/reject with reasons, touches, reassignment, the rep's inbox, the manager's
// team view, CRM status changes and marketing's commitment.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { leadAssignments } from '../../store/assignments.js';
import { clocksOfLead } from '../../store/sla-clocks.js';
import { getLead } from '../../store/leads.js';
import { applyCrmStatusChanges } from '../../services/crm-status.js';
import type { Deps } from '../../services/deps.js';
import { TOUCH_KINDS, acceptLead, logTouch, reassignLead, rejectLead } from '../../services/feedback.js';
import { type InboxItem, inbox, teamView } from '../../services/inbox.js';
import { marketingCommitment } from '../../services/marketing-commitment.js';
import { type LeadView, leadView } from '../../services/lead-view.js';
import { principal } from '../auth.js';
import { idParams, isoDate, problems } from '../schemas.js';
import { transitionDto, transitionSchema } from './lead-history.js';
import { leadDto, leadSchema } from './leads.js';
import { rejectCodeSchema } from './reject-reasons.js';

const note = z.string().trim().max(2000).optional();

const clockSchema = z.object({
  id: z.string(),
  policyId: z.string(),
  clock: z.string(),
  stage: z.string(),
  startedAt: z.string(),
  warnAt: z.string(),
  dueAt: z.string(),
  state: z.enum(['on_track', 'warning', 'breached']),
  businessMsLeft: z.number(),
  label: z.string(),
});
const inboxItemSchema = z
  .object({ lead: leadSchema, clocks: z.array(clockSchema), urgent: clockSchema.nullable() })
  .meta({ id: 'InboxItem' });

function itemDto(item: InboxItem, view: LeadView) {
  const clock = (c: InboxItem['clocks'][number]) => ({
    ...c,
    startedAt: c.startedAt.toISOString(),
    warnAt: c.warnAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
  });
  return {
    lead: leadDto(item.lead, view),
    clocks: item.clocks.map(clock),
    urgent: item.urgent ? clock(item.urgent) : null,
  };
}

const crmChange = z
  .object({
    lead: z
      .object({
        id: z.uuid().optional(),
        externalId: z.string().max(200).optional(),
        email: z.string().max(320).optional(),
      })
      .strict()
      .refine((l) => l.id || l.externalId || l.email, 'give the lead id, externalId or email'),
    system: z.enum(['salesforce', 'hubspot', 'other']),
    object: z.enum(['lead', 'contact', 'opportunity']),
    status: z.string().trim().min(1).max(200),
    occurredAt: isoDate.optional(),
  })
  .strict();

export function handoffRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const view = (workspaceId: string, items: InboxItem[]) =>
      leadView(
        deps.db,
        workspaceId,
        items.map((i) => i.lead),
        deps.clock(),
      );

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
          body: z.object({ kind: z.enum(TOUCH_KINDS), note, at: isoDate.optional() }).strict(),
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
          response: {
            200: z.object({
              assignments: z.array(
                z.object({
                  id: z.number(),
                  ownerId: z.string().nullable(),
                  previousOwnerId: z.string().nullable(),
                  teamId: z.string().nullable(),
                  kind: z.string(),
                  ruleId: z.string().nullable(),
                  reason: z.string(),
                  at: z.string(),
                }),
              ),
              clocks: z.array(
                z.object({
                  id: z.string(),
                  policyId: z.string(),
                  clock: z.string(),
                  stage: z.string(),
                  ownerId: z.string().nullable(),
                  status: z.string(),
                  startedAt: z.string(),
                  warnAt: z.string(),
                  dueAt: z.string(),
                  warnedAt: z.string().nullable(),
                  breachedAt: z.string().nullable(),
                  stoppedAt: z.string().nullable(),
                  stopReason: z.string().nullable(),
                }),
              ),
            }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        if (!(await getLead(deps.db, p.workspaceId, request.params.id)))
          throw new AppError('not_found', 'Lead not found');
        const [assignments, clocks] = await Promise.all([
          leadAssignments(deps.db, p.workspaceId, request.params.id),
          clocksOfLead(deps.db, p.workspaceId, request.params.id),
        ]);
        const iso = (d: Date | null) => d?.toISOString() ?? null;
        return {
          assignments: assignments.map((a) => ({
            id: a.id,
            ownerId: a.ownerId,
            previousOwnerId: a.previousOwnerId,
            teamId: a.teamId,
            kind: a.kind,
            ruleId: a.ruleId,
            reason: a.reason,
            at: a.at.toISOString(),
          })),
          clocks: clocks.map((c) => ({
            id: c.id,
            policyId: c.policyId,
            clock: c.clock,
            stage: c.stage,
            ownerId: c.ownerId,
            status: c.status,
            startedAt: c.startedAt.toISOString(),
            warnAt: c.warnAt.toISOString(),
            dueAt: c.dueAt.toISOString(),
            warnedAt: iso(c.warnedAt),
            breachedAt: iso(c.breachedAt),
            stoppedAt: iso(c.stoppedAt),
            stopReason: c.stopReason,
          })),
        };
      },
    );

    r.get(
      '/api/v1/inbox',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['hand-off'],
          summary: "My open leads (a manager may ask for a rep's), most urgent SLA first",
          querystring: z.object({ ownerId: z.uuid().optional() }).strict(),
          response: { 200: z.object({ data: z.array(inboxItemSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        if (p.kind === 'write_key') throw new AppError('forbidden', 'A write key can only send events.');
        const asked = request.query.ownerId;
        const isManager = p.role === 'admin' || p.role === 'sales_manager';
        if (asked && !isManager && !(p.kind === 'user' && p.userId === asked)) {
          throw new AppError('forbidden', "Only a manager may look at another rep's inbox.");
        }
        const ownerId = asked ?? (p.kind === 'user' ? p.userId : null);
        if (!ownerId)
          throw new AppError('validation_failed', 'ownerId: an API key has no inbox of its own; name a rep', [
            { field: 'query.ownerId', message: 'is required for an API key' },
          ]);
        const items = await inbox(deps, p.workspaceId, ownerId);
        const v = await view(p.workspaceId, items);
        return { data: items.map((i) => itemDto(i, v)) };
      },
    );

    r.get(
      '/api/v1/team-view',
      {
        config: { permission: 'leads:assign' },
        schema: {
          tags: ['hand-off'],
          summary: "The manager's view: reps' load and absences, the queue, warnings and breaches",
        },
      },
      async (request) => {
        const p = principal(request);
        const team = await teamView(deps, p.workspaceId);
        const v = await view(p.workspaceId, [...team.queue, ...team.alerts]);
        return {
          teams: team.teams.map((t) => ({
            ...t,
            reps: t.reps.map((rep) => ({
              ...rep,
              outOfOffice: rep.outOfOffice
                ? {
                    ...rep.outOfOffice,
                    startsAt: rep.outOfOffice.startsAt.toISOString(),
                    endsAt: rep.outOfOffice.endsAt.toISOString(),
                  }
                : null,
            })),
          })),
          queue: team.queue.map((i) => itemDto(i, v)),
          alerts: team.alerts.map((i) => ({ ...itemDto(i, v), ownerName: i.ownerName })),
        };
      },
    );

    r.post(
      '/api/v1/crm/status-changes',
      {
        config: { permission: 'crm:write' },
        schema: {
          tags: ['hand-off'],
          summary:
            'Status changes from the CRM, mapped to stages by the agreement (a lost lead returns to nurture)',
          body: z.union([crmChange, z.object({ changes: z.array(crmChange).min(1).max(500) }).strict()]),
          response: {
            200: z.object({ results: z.array(z.record(z.string(), z.unknown())) }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (request) => {
        const p = principal(request);
        const list = 'changes' in request.body ? request.body.changes : [request.body];
        const results = await applyCrmStatusChanges(
          deps,
          p.workspaceId,
          list.map((c) => ({ ...c, occurredAt: c.occurredAt ? new Date(c.occurredAt) : null })),
        );
        return { results };
      },
    );

    r.get(
      '/api/v1/commitments/marketing',
      {
        config: { permission: 'leads:read' },
        schema: {
          tags: ['hand-off'],
          summary:
            "Marketing's commitment: MQLs this period against the agreed number, and sales' acceptance rate",
          querystring: z.object({ period: z.string().max(10).optional() }).strict(),
        },
      },
      async (request) => {
        const s = await marketingCommitment(deps, principal(request).workspaceId, request.query.period);
        return { ...s, from: s.from.toISOString(), to: s.to.toISOString() };
      },
    );
  };
}
