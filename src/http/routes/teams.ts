// /api/v1/teams and /api/v1/out-of-office: routing targets, their calendars and reps, absences.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { businessCalendarSchema } from '../../domain/business-hours.js';
import { membersByTeam } from '../../store/team-members.js';
import { absencesOf, listTeams, teamMembers, type Team, type TeamMember } from '../../store/teams.js';
import { userIds } from '../../store/users.js';
import type { Deps } from '../../services/deps.js';
import { auditActorOf } from '../../services/principal.js';
import {
  addAbsence,
  changeTeam,
  createTeam,
  dropTeamMember,
  removeAbsence,
  setTeamMember,
} from '../../services/teams.js';
import { principal } from '../auth.js';
import { idParams, isoDate, problems, timestamp } from '../schemas.js';

const teamKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (it is what routing rules name)');

const teamMemberSchema = z
  .object({
    userId: z.string(),
    weight: z.number(),
    /** Most open leads the rep holds at once; null: no limit. */
    capacity: z.number().int().nullable(),
    /** Whether the rep takes new leads. */
    active: z.boolean(),
  })
  .meta({ id: 'TeamMember' });

const teamSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    calendar: businessCalendarSchema.meta({ id: 'BusinessCalendar' }),
    managerId: z.string().nullable(),
    members: z.array(teamMemberSchema),
    createdAt: timestamp,
  })
  .meta({ id: 'Team' });

const absenceSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    startsAt: timestamp,
    endsAt: timestamp,
    note: z.string().nullable(),
  })
  .meta({ id: 'Absence' });

const memberParams = z.object({ id: z.uuid(), userId: z.uuid() }).strict();

// The schema names what a client sees: the workspace and the routing state stay behind.
const teamDto = (t: Team, members: TeamMember[]) => ({ ...t, members });

export function teamRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/teams',
      {
        config: { permission: 'users:read', csv: true },
        schema: {
          tags: ['teams'],
          summary: 'Sales teams with their calendars and reps',
          response: { 200: z.object({ data: z.array(teamSchema) }), ...problems(401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const [teams, members] = await Promise.all([
          listTeams(deps.db, p.workspaceId),
          membersByTeam(deps.db, p.workspaceId),
        ]);
        return { data: teams.map((t) => teamDto(t, members.get(t.id) ?? [])) };
      },
    );

    r.post(
      '/api/v1/teams',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags: ['teams'],
          summary:
            'Create a team (its key is what routing rules name); calendar defaults to Mon–Fri 9–17 in the workspace zone',
          body: z
            .object({
              key: teamKey,
              name: z.string().trim().min(1).max(200),
              calendar: z.unknown().optional(),
              managerId: z.uuid().nullable().optional(),
            })
            .strict(),
          response: { 201: teamSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const team = await createTeam(deps, auditActorOf(p), p.workspaceId, request.body);
        return reply.code(201).send(teamDto(team, []));
      },
    );

    r.patch(
      '/api/v1/teams/:id',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags: ['teams'],
          summary: 'Change a team: name, calendar (hours, holidays, time zone), manager',
          params: idParams,
          body: z
            .object({
              name: z.string().trim().min(1).max(200),
              calendar: z.unknown(),
              managerId: z.uuid().nullable(),
            })
            .partial()
            .strict(),
          response: { 200: teamSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = principal(request);
        const team = await changeTeam(deps, auditActorOf(p), p.workspaceId, request.params.id, request.body);
        return teamDto(team, await teamMembers(deps.db, p.workspaceId, team.id));
      },
    );

    r.put(
      '/api/v1/teams/:id/members/:userId',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags: ['teams'],
          summary:
            'Add a rep to a team or change their weight, capacity (max open leads) and whether they take new leads',
          params: memberParams,
          body: z
            .object({
              weight: z.number().positive().max(100).default(1),
              capacity: z.number().int().min(0).max(100000).nullable().default(null),
              active: z.boolean().default(true),
            })
            .strict(),
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await setTeamMember(deps, auditActorOf(p), p.workspaceId, {
          teamId: request.params.id,
          userId: request.params.userId,
          ...request.body,
        });
        return reply.code(204).send(null);
      },
    );

    r.delete(
      '/api/v1/teams/:id/members/:userId',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags: ['teams'],
          summary: 'Remove a rep from a team',
          params: memberParams,
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await dropTeamMember(deps, auditActorOf(p), p.workspaceId, request.params.id, request.params.userId);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/out-of-office',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['teams'],
          summary: 'Current and upcoming absences',
          querystring: z.object({ userId: z.uuid().optional() }).strict(),
          response: { 200: z.object({ data: z.array(absenceSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (request) => {
        const p = principal(request);
        const users = request.query.userId ? [request.query.userId] : await userIds(deps.db, p.workspaceId);
        return { data: await absencesOf(deps.db, p.workspaceId, users, deps.clock()) };
      },
    );

    r.post(
      '/api/v1/out-of-office',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['teams'],
          summary: 'Record time out of office (your own; managers anyone’s); routing skips reps while away',
          body: z
            .object({
              userId: z.uuid(),
              startsAt: isoDate,
              endsAt: isoDate,
              note: z.string().max(500).optional(),
            })
            .strict(),
          response: { 201: absenceSchema, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const b = request.body;
        const a = await addAbsence(deps, p, auditActorOf(p), {
          userId: b.userId,
          startsAt: new Date(b.startsAt),
          endsAt: new Date(b.endsAt),
          note: b.note ?? null,
        });
        return reply.code(201).send(a);
      },
    );

    r.delete(
      '/api/v1/out-of-office/:id',
      {
        config: { permission: 'users:read' },
        schema: {
          tags: ['teams'],
          summary: 'Remove an absence',
          params: idParams,
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await removeAbsence(deps, p, auditActorOf(p), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
