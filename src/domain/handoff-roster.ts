// Who is who in a hand-off snapshot: active people, managers, each rep's first team, the reps a
// team routes to, and where a lead's clocks run. Read-only: the plan's running counts are passed in.
import { withMemberNames } from './member-names.js';
import { workspaceCalendar } from './workspace-setup.js';
import type { HandoffSnapshot, SnapshotTeam, SnapshotUser } from './handoff-types.js';
import type { Rep } from './lead-routing.js';
import type { BusinessCalendar } from './business-hours.js';

export interface Roster {
  user(id: string): SnapshotUser | undefined;
  teamById(id: string): SnapshotTeam | undefined;
  teamByKey(key: string): SnapshotTeam | undefined;
  isActive(id: string | null): id is string;
  /** The active people holding a role, in snapshot order. */
  activeWithRole(role: string): string[];
  /** A team's manager, else every active sales manager. */
  managersOf(teamId: string | null): string[];
  /** Ids in a reason, written as the people's names (for notifications). */
  withNames(text: string): string;
  /** The oldest team a person belongs to. */
  firstTeamOf(userId: string): SnapshotTeam | undefined;
  /** The team's active members as routing sees them, with the open leads counted so far. */
  repsOf(team: SnapshotTeam, openLeads: ReadonlyMap<string, number>): Rep[];
  /**
   * Whose business hours a clock runs in: the owner's team week in the owner's zone, else the
   * team's, else the workspace's; with the team the clock is then held by.
   */
  calendarFor(
    ownerId: string | null,
    teamId: string | null,
  ): { calendar: BusinessCalendar; teamId: string | null };
}

export function rosterOf(snapshot: HandoffSnapshot): Roster {
  const users = new Map(snapshot.users.map((u) => [u.id, u]));
  const teamsById = new Map(snapshot.teams.map((t) => [t.id, t]));
  const teamsByKey = new Map(snapshot.teams.map((t) => [t.key, t]));
  const settings = snapshot.workspaceSettings ?? {};
  const isActive = (id: string | null): id is string => id !== null && users.get(id)?.isActive === true;
  const activeWithRole = (role: string) =>
    snapshot.users.filter((u) => u.isActive && u.role === role).map((u) => u.id);
  const firstTeamOf = (userId: string): SnapshotTeam | undefined =>
    snapshot.members
      .filter((m) => m.userId === userId)
      .map((m) => teamsById.get(m.teamId))
      .filter((t): t is SnapshotTeam => t !== undefined)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  return {
    user: (id) => users.get(id),
    teamById: (id) => teamsById.get(id),
    teamByKey: (key) => teamsByKey.get(key),
    isActive,
    activeWithRole,
    managersOf(teamId) {
      const managerId = teamId ? teamsById.get(teamId)?.managerId : null;
      return managerId ? [managerId] : activeWithRole('sales_manager');
    },
    withNames: (text) => withMemberNames(text, snapshot.users),
    firstTeamOf,
    repsOf: (team, openLeads) =>
      snapshot.members
        .filter((m) => m.teamId === team.id && isActive(m.userId))
        .map((m) => ({
          id: m.userId,
          weight: m.weight,
          capacity: m.capacity,
          openLeads: openLeads.get(m.userId) ?? 0,
          available: m.active,
          outOfOffice: snapshot.absences
            .filter((a) => a.userId === m.userId)
            .map((a) => ({ start: a.startsAt, end: a.endsAt })),
        })),
    calendarFor(ownerId, teamId) {
      if (ownerId) {
        const owner = users.get(ownerId);
        const team = firstTeamOf(ownerId);
        if (team)
          return {
            calendar: { ...team.calendar, timeZone: owner?.timeZone ?? team.calendar.timeZone },
            teamId: team.id,
          };
        if (owner) return { calendar: workspaceCalendar(settings, owner.timeZone), teamId };
      }
      const team = teamId ? teamsById.get(teamId) : undefined;
      if (team) return { calendar: team.calendar, teamId };
      return { calendar: workspaceCalendar(settings, snapshot.workspaceTimeZone), teamId };
    },
  };
}
