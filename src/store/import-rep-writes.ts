// What a roster import (the `reps` kind) reads and writes beyond creating members and teams: the
// team memberships it adds, and the undo of members, teams and memberships it created.
import type { Queryable } from './db.js';

/** Every team membership of the workspace as `teamId:userId` (deactivated members' too). */
export async function teamMembershipKeys(q: Queryable, workspaceId: string): Promise<Set<string>> {
  const rows = await q.query<{ k: string }>(
    `select team_id || ':' || user_id as k from team_members where workspace_id = $1`,
    [workspaceId],
  );
  return new Set(rows.map((r) => r.k));
}

/**
 * Puts imported reps on their teams with capacity 0: on the team (its reports, its manager's view)
 * but taking no leads from routing until a manager gives them capacity. An existing membership is kept as it is.
 */
export async function addImportedTeamMembers(
  q: Queryable,
  workspaceId: string,
  pairs: readonly { teamId: string; userId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await q.query(
    `insert into team_members (workspace_id, team_id, user_id, weight, capacity, active)
     select $1, p.team_id, p.user_id, 1, 0, true
       from json_to_recordset($2::json) as p(team_id uuid, user_id uuid)
     on conflict (workspace_id, team_id, user_id) do nothing`,
    [workspaceId, JSON.stringify(pairs.map((p) => ({ team_id: p.teamId, user_id: p.userId })))],
  );
}

export async function removeTeamMembers(
  q: Queryable,
  workspaceId: string,
  pairs: readonly { teamId: string; userId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await q.query(
    `delete from team_members m using json_to_recordset($2::json) as p(team_id uuid, user_id uuid)
      where m.workspace_id = $1 and m.team_id = p.team_id and m.user_id = p.user_id`,
    [workspaceId, JSON.stringify(pairs.map((p) => ({ team_id: p.teamId, user_id: p.userId })))],
  );
}

/** Deletes imported teams with their memberships; leads routed to one keep no team. */
export async function deleteImportedTeams(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await q.query(`delete from team_members where workspace_id = $1 and team_id = any($2::uuid[])`, [
    workspaceId,
    ids,
  ]);
  await q.query(`update leads set team_id = null where workspace_id = $1 and team_id = any($2::uuid[])`, [
    workspaceId,
    ids,
  ]);
  await q.query(`delete from teams where workspace_id = $1 and id = any($2::uuid[])`, [workspaceId, ids]);
}

export async function setTeamManagers(
  q: Queryable,
  workspaceId: string,
  managers: readonly { teamId: string; managerId: string | null }[],
): Promise<void> {
  if (managers.length === 0) return;
  await q.query(
    `update teams t set manager_id = p.manager_id
       from json_to_recordset($2::json) as p(team_id uuid, manager_id uuid)
      where t.workspace_id = $1 and t.id = p.team_id`,
    [workspaceId, JSON.stringify(managers.map((m) => ({ team_id: m.teamId, manager_id: m.managerId })))],
  );
}

/**
 * Takes back members an import created. One who has not signed in and owns nothing (no lead, deal, account,
 * assignment, touch, notification or team to manage) is deleted; one who has since signed in or been given work is
 * deactivated instead, so nothing they touched points at no one. Answers the ids deactivated.
 */
export async function removeImportedMembers(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const kept = await q.query<{ id: string }>(
    `select u.id from users u
      where u.workspace_id = $1 and u.id = any($2::uuid[])
        and (u.password_hash is not null
             or exists (select 1 from leads l where l.workspace_id = $1 and l.owner_id = u.id)
             or exists (select 1 from opportunities o where o.workspace_id = $1 and o.owner_id = u.id)
             or exists (select 1 from accounts a where a.workspace_id = $1 and a.owner_id = u.id)
             or exists (select 1 from assignments a where a.workspace_id = $1 and a.owner_id = u.id)
             or exists (select 1 from activities a where a.workspace_id = $1 and a.user_id = u.id)
             or exists (select 1 from notifications n where n.workspace_id = $1 and n.user_id = u.id)
             or exists (select 1 from teams t where t.workspace_id = $1 and t.manager_id = u.id))`,
    [workspaceId, ids],
  );
  const keep = kept.map((r) => r.id);
  const gone = ids.filter((id) => !keep.includes(id));
  await q.query(`delete from team_members where workspace_id = $1 and user_id = any($2::uuid[])`, [
    workspaceId,
    gone,
  ]);
  await q.query(`delete from users where workspace_id = $1 and id = any($2::uuid[])`, [workspaceId, gone]);
  await q.query(
    `update users set disabled_at = coalesce(disabled_at, now()) where workspace_id = $1 and id = any($2::uuid[])`,
    [workspaceId, keep],
  );
  return keep;
}
