// The reps of every team of a workspace in one read (the team list and the team view, without a
// query per team).
import type { Queryable } from './db.js';
import type { TeamMember } from './teams.js';

/** Active users' memberships of the workspace's teams, by team id (a team without reps is absent). */
export async function membersByTeam(q: Queryable, workspaceId: string): Promise<Map<string, TeamMember[]>> {
  const rows = await q.query<{
    team_id: string;
    user_id: string;
    weight: number;
    capacity: number | null;
    active: boolean;
  }>(
    `select m.team_id, m.user_id, m.weight, m.capacity, m.active
       from team_members m join users u on u.workspace_id = m.workspace_id and u.id = m.user_id
      where m.workspace_id = $1 and u.disabled_at is null order by m.team_id, m.user_id`,
    [workspaceId],
  );
  const byTeam = new Map<string, TeamMember[]>();
  for (const r of rows) {
    const member = {
      teamId: r.team_id,
      userId: r.user_id,
      weight: r.weight,
      capacity: r.capacity,
      active: r.active,
    };
    const list = byTeam.get(r.team_id);
    if (list) list.push(member);
    else byTeam.set(r.team_id, [member]);
  }
  return byTeam;
}
