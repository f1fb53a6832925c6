// Sales teams, their reps (weight, capacity), absences, and the routing state locked while assigning.
import type { BusinessCalendar } from '../domain/business-hours.js';
import { OPEN_STAGES } from '../domain/stages.js';
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { outOfOffice, teamMembers as teamMembersTable, teams } from './schema/index.js';

/** A sales team: every column of `teams` (its calendar and round-robin state typed by the domain). */
export type Team = typeof teams.$inferSelect;
export type TeamMember = Omit<typeof teamMembersTable.$inferSelect, 'workspaceId'>;
export type Absence = Omit<typeof outOfOffice.$inferSelect, 'workspaceId'>;

const toTeam = rowReader(teams);
const toMember = rowReader(teamMembersTable);
const toAbsence = rowReader(outOfOffice);

export async function insertTeam(
  q: Queryable,
  workspaceId: string,
  input: { key: string; name: string; calendar: BusinessCalendar; managerId: string | null },
): Promise<Team> {
  const rows = await q.query(
    `insert into teams (workspace_id, key, name, calendar, manager_id) values ($1, $2, $3, $4::jsonb, $5) returning *`,
    [workspaceId, input.key, input.name, JSON.stringify(input.calendar), input.managerId],
  );
  return toTeam(rows[0]!);
}

export async function updateTeam(
  q: Queryable,
  workspaceId: string,
  id: string,
  patch: { name?: string; calendar?: BusinessCalendar; managerId?: string | null },
): Promise<Team | null> {
  const rows = await q.query(
    `update teams set name = coalesce($3, name), calendar = coalesce($4::jsonb, calendar),
            manager_id = case when $5::boolean then $6::uuid else manager_id end
      where workspace_id = $1 and id = $2 returning *`,
    [
      workspaceId,
      id,
      patch.name ?? null,
      patch.calendar ? JSON.stringify(patch.calendar) : null,
      patch.managerId !== undefined,
      patch.managerId ?? null,
    ],
  );
  return rows[0] ? toTeam(rows[0]) : null;
}

export async function listTeams(q: Queryable, workspaceId: string): Promise<Team[]> {
  const rows = await q.query(`select * from teams where workspace_id = $1 order by name`, [workspaceId]);
  return rows.map(toTeam);
}

export async function getTeam(q: Queryable, workspaceId: string, id: string): Promise<Team | null> {
  const rows = await q.query(`select * from teams where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ? toTeam(rows[0]) : null;
}

export async function teamMembers(q: Queryable, workspaceId: string, teamId: string): Promise<TeamMember[]> {
  const rows = await q.query(
    `select m.team_id, m.user_id, m.weight, m.capacity, m.active from team_members m join users u on u.workspace_id = m.workspace_id and u.id = m.user_id
      where m.workspace_id = $1 and m.team_id = $2 and u.disabled_at is null order by m.user_id`,
    [workspaceId, teamId],
  );
  return rows.map(toMember);
}

export async function upsertTeamMember(
  q: Queryable,
  workspaceId: string,
  m: { teamId: string; userId: string; weight: number; capacity: number | null; active: boolean },
): Promise<void> {
  await q.query(
    `insert into team_members (workspace_id, team_id, user_id, weight, capacity, active) values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, team_id, user_id)
     do update set weight = excluded.weight, capacity = excluded.capacity, active = excluded.active`,
    [workspaceId, m.teamId, m.userId, m.weight, m.capacity, m.active],
  );
}

export async function removeTeamMember(
  q: Queryable,
  workspaceId: string,
  teamId: string,
  userId: string,
): Promise<boolean> {
  const rows = await q.query(
    `delete from team_members where workspace_id = $1 and team_id = $2 and user_id = $3 returning user_id`,
    [workspaceId, teamId, userId],
  );
  return rows.length > 0;
}

/** The first team a user belongs to (its calendar is the user's working week). */
export async function teamOfUser(q: Queryable, workspaceId: string, userId: string): Promise<Team | null> {
  const rows = await q.query(
    `select t.* from teams t join team_members m on m.workspace_id = t.workspace_id and m.team_id = t.id
      where t.workspace_id = $1 and m.user_id = $2 order by t.created_at limit 1`,
    [workspaceId, userId],
  );
  return rows[0] ? toTeam(rows[0]) : null;
}

/** Open leads (OPEN_STAGES: qualified or accepted, not yet converted or recycled) per owner. */
export async function openLeadCounts(
  q: Queryable,
  workspaceId: string,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (userIds.length === 0) return counts;
  const rows = await q.query<{ owner_id: string; n: number }>(
    `select owner_id, count(*)::int as n from leads
      where workspace_id = $1 and owner_id = any($2::uuid[]) and stage = any($3::text[]) and not is_deleted
      group by owner_id`,
    [workspaceId, userIds, OPEN_STAGES],
  );
  for (const r of rows) counts.set(r.owner_id, r.n);
  return counts;
}

export async function absencesOf(
  q: Queryable,
  workspaceId: string,
  userIds: readonly string[],
  from: Date,
): Promise<Absence[]> {
  if (userIds.length === 0) return [];
  const rows = await q.query(
    `select id, user_id, starts_at, ends_at, note from out_of_office where workspace_id = $1 and user_id = any($2::uuid[]) and ends_at > $3 order by starts_at`,
    [workspaceId, userIds, from.toISOString()],
  );
  return rows.map(toAbsence);
}

export async function insertAbsence(
  q: Queryable,
  workspaceId: string,
  input: { userId: string; startsAt: Date; endsAt: Date; note: string | null },
): Promise<Absence> {
  const rows = await q.query(
    `insert into out_of_office (workspace_id, user_id, starts_at, ends_at, note) values ($1, $2, $3, $4, $5)
     returning id, user_id, starts_at, ends_at, note`,
    [workspaceId, input.userId, input.startsAt.toISOString(), input.endsAt.toISOString(), input.note],
  );
  return toAbsence(rows[0]!);
}

export async function deleteAbsence(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<{ userId: string } | null> {
  const rows = await q.query<{ user_id: string }>(
    `delete from out_of_office where workspace_id = $1 and id = $2 returning user_id`,
    [workspaceId, id],
  );
  return rows[0] ? { userId: rows[0].user_id } : null;
}

/** Whether the workspace has a team with this key. */
export async function isTeamKeyTaken(q: Queryable, workspaceId: string, key: string): Promise<boolean> {
  const rows = await q.query(`select 1 from teams where workspace_id = $1 and key = $2`, [workspaceId, key]);
  return rows.length > 0;
}

/** Whose out-of-office entry this is (null: no such entry in the workspace). */
export async function absenceOwner(q: Queryable, workspaceId: string, id: string): Promise<string | null> {
  const rows = await q.query<{ user_id: string }>(
    `select user_id from out_of_office where workspace_id = $1 and id = $2`,
    [workspaceId, id],
  );
  return rows[0]?.user_id ?? null;
}
