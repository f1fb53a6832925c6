// /api/v1/teams and /api/v1/out-of-office: routing targets, their calendars and reps, absences.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { absencesOf, listTeams, teamMembers, type Team } from '../../store/teams.js';
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
import { idParams, isoDate } from '../schemas.js';

const teamKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (it is what routing rules name)');

const teamDto = (
  t: Team,
  members: { userId: string; weight: number; capacity: number | null; active: boolean }[],
) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  calendar: t.calendar,
  managerId: t.managerId,
  members,
  createdAt: t.createdAt.toISOString(),
});

export function teamRoutes(deps: Deps) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/teams',
      {
        config: { permission: 'users:read' },
        schema: { tags: ['teams'], summary: 'Sales teams with their calendars and reps' },
      },
      async (request) => {
        const p = principal(request);
        const teams = await listTeams(deps.db, p.workspaceId);
        return {
          data: await Promise.all(
            teams.map(async (t) =>
              teamDto(
                t,
                (await teamMembers(deps.db, p.workspaceId, t.id)).map(({ teamId: _t, ...m }) => m),
              ),
            ),
          ),
        };
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
        },
      },
      async (request) => {
        const p = principal(request);
        const team = await changeTeam(deps, auditActorOf(p), p.workspaceId, request.params.id, request.body);
        return teamDto(
          team,
          (await teamMembers(deps.db, p.workspaceId, team.id)).map(({ teamId: _t, ...m }) => m),
        );
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
          params: z.object({ id: z.uuid(), userId: z.uuid() }).strict(),
          body: z
            .object({
              weight: z.number().positive().max(100).default(1),
              capacity: z.number().int().min(0).max(100000).nullable().default(null),
              active: z.boolean().default(true),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await setTeamMember(deps, auditActorOf(p), p.workspaceId, {
          teamId: request.params.id,
          userId: request.params.userId,
          ...request.body,
        });
        return reply.code(204).send();
      },
    );

    r.delete(
      '/api/v1/teams/:id/members/:userId',
      {
        config: { permission: 'teams:write' },
        schema: {
          tags: ['teams'],
          summary: 'Remove a rep from a team',
          params: z.object({ id: z.uuid(), userId: z.uuid() }).strict(),
        },
      },
      async (request, reply) => {
        const p = principal(request);
        await dropTeamMember(deps, auditActorOf(p), p.workspaceId, request.params.id, request.params.userId);
        return reply.code(204).send();
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
        },
      },
      async (request) => {
        const p = principal(request);
        const users = request.query.userId ? [request.query.userId] : await userIds(deps.db, p.workspaceId);
        const list = await absencesOf(deps.db, p.workspaceId, users, deps.clock());
        return {
          data: list.map((a) => ({
            ...a,
            startsAt: a.startsAt.toISOString(),
            endsAt: a.endsAt.toISOString(),
          })),
        };
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
        return reply
          .code(201)
          .send({ ...a, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() });
      },
    );

    r.delete(
      '/api/v1/out-of-office/:id',
      {
        config: { permission: 'users:read' },
        schema: { tags: ['teams'], summary: 'Remove an absence', params: idParams },
      },
      async (request, reply) => {
        const p = principal(request);
        await removeAbsence(deps, p, auditActorOf(p), request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
