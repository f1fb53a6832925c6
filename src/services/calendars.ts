// Whose business hours an SLA clock runs in: the owner's team week and holidays, in the owner's
// time zone; without an owner, the team's calendar; without a team, the workspace's business hours
// (Mon–Fri 09:00–17:00 unless set up otherwise) in the owner's zone, else the workspace's.
import type { BusinessCalendar } from '../domain/business-hours.js';
import { workspaceCalendar } from '../domain/workspace-setup.js';
import type { Queryable } from '../store/db.js';
import { getTeam, teamOfUser } from '../store/teams.js';
import { getUser } from '../store/users.js';
import { getWorkspace } from '../store/workspaces.js';

export async function calendarFor(
  q: Queryable,
  workspaceId: string,
  ownerId: string | null,
  teamId: string | null,
): Promise<{ calendar: BusinessCalendar; teamId: string | null }> {
  if (ownerId) {
    const [owner, team] = await Promise.all([
      getUser(q, workspaceId, ownerId),
      teamOfUser(q, workspaceId, ownerId),
    ]);
    if (team)
      return {
        calendar: { ...team.calendar, timeZone: owner?.timeZone ?? team.calendar.timeZone },
        teamId: team.id,
      };
    if (owner) {
      const workspace = await getWorkspace(q, workspaceId);
      return { calendar: workspaceCalendar(workspace?.settings ?? {}, owner.timeZone), teamId };
    }
  }
  if (teamId) {
    const team = await getTeam(q, workspaceId, teamId);
    if (team) return { calendar: team.calendar, teamId };
  }
  const workspace = await getWorkspace(q, workspaceId);
  return { calendar: workspaceCalendar(workspace?.settings ?? {}, workspace?.timeZone ?? 'UTC'), teamId };
}
