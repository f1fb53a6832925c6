// The rep's inbox (my open leads, most urgent SLA first) and the manager's team view (reps' load and
// absences, the queue, warnings and breaches).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { Deps } from '../../services/deps.js';
import { type InboxItem, inbox, teamView } from '../../services/inbox.js';
import { type LeadView, leadView } from '../../services/lead-view.js';
import { principal } from '../auth.js';
import { problems, timestamp } from '../schemas.js';
import { leadDto, leadSchema } from './leads.js';

/** A running SLA clock as the inbox shows it; business time is in the owner's calendar. */
const slaClockSchema = z
  .object({
    id: z.string(),
    policyId: z.string(),
    clock: z.string(),
    stage: z.string(),
    startedAt: timestamp,
    warnAt: timestamp,
    dueAt: timestamp,
    state: z.enum(['on_track', 'warning', 'breached']),
    /** Business time until dueAt when the server answered; negative once overdue. */
    businessMsLeft: z.number(),
    label: z.string(),
  })
  .meta({ id: 'SlaClock' });

const inboxItemSchema = z
  .object({
    lead: leadSchema,
    clocks: z.array(slaClockSchema),
    /** The clock that matters most: breached, then warning, then on track; soonest due first. */
    urgent: slaClockSchema.nullable(),
  })
  .meta({ id: 'InboxItem' });

const repLoadSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    weight: z.number(),
    capacity: z.number().nullable(),
    openLeads: z.number().int(),
    active: z.boolean(),
    outOfOffice: z.object({ startsAt: timestamp, endsAt: timestamp, note: z.string().nullable() }).nullable(),
    warnings: z.number().int(),
    breaches: z.number().int(),
  })
  .meta({ id: 'RepLoad' });

const teamViewSchema = z
  .object({
    teams: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        timeZone: z.string(),
        managerId: z.string().nullable(),
        reps: z.array(repLoadSchema),
      }),
    ),
    /** Qualified leads nobody owns yet. */
    queue: z.array(inboxItemSchema),
    /** Leads whose SLA clock warned or breached. */
    alerts: z.array(inboxItemSchema.extend({ ownerName: z.string().nullable() })),
  })
  .meta({ id: 'TeamView' });

const itemDto = (item: InboxItem, view: LeadView) => ({ ...item, lead: leadDto(item.lead, view) });

export function inboxRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const view = (workspaceId: string, items: InboxItem[]) =>
      leadView(
        deps.db,
        workspaceId,
        items.map((i) => i.lead),
        deps.clock(),
      );

    r.get(
      '/api/v1/inbox',
      {
        config: { permission: 'leads:read', csv: true },
        schema: {
          tags: ['hand-off'],
          summary: "My open leads (a manager may ask for a rep's), most urgent SLA first",
          querystring: z.object({ ownerId: z.uuid().optional() }).strict(),
          response: { 200: z.object({ data: z.array(inboxItemSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
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
          response: { 200: teamViewSchema, ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const team = await teamView(deps, p.workspaceId);
        const v = await view(p.workspaceId, [...team.queue, ...team.alerts]);
        return {
          teams: team.teams,
          queue: team.queue.map((i) => itemDto(i, v)),
          alerts: team.alerts.map((i) => ({ ...itemDto(i, v), ownerName: i.ownerName })),
        };
      },
    );
  };
}
