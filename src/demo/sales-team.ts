// The sales teams routing sends qualified leads to: one per team key of the agreement's routing
// rules, staffed with the workspace's reps by where they work (their time zone).
import { defaultCalendar } from '../domain/business-hours.js';
import { loadActiveAgreement } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { createTeam, setTeamMember } from '../services/teams.js';
import type { AuditActor } from '../store/audit-log.js';
import { listTeamKeys } from '../store/demo-reads.js';
import { listUsers } from '../store/users.js';

const ACTOR: AuditActor = { type: 'system', id: null, label: 'workspace generator' };

/** The sales region a time zone works in (how reps are split into territories). */
export function regionOfTimeZone(tz: string): 'AMER' | 'EMEA' | 'APAC' {
  if (tz.startsWith('Europe/') || tz.startsWith('Africa/')) return 'EMEA';
  if (tz.startsWith('Asia/') || tz.startsWith('Australia/') || tz.startsWith('Pacific/')) return 'APAC';
  return 'AMER';
}

const TEAM_ZONE: Record<string, string> = {
  amer: 'America/New_York',
  emea: 'Europe/London',
  apac: 'Asia/Singapore',
};

/**
 * Creates the routing teams the agreement names and that do not exist yet, each with the reps of
 * its region (every rep where no region matches) and the first sales manager as manager. Returns
 * how many teams it created.
 */
export async function ensureSalesTeams(deps: Deps, workspaceId: string): Promise<number> {
  const { agreement } = await loadActiveAgreement(deps.db, workspaceId);
  const keys = [...new Set(agreement.routing.rules.map((r) => r.team))];
  const existing = new Set(await listTeamKeys(deps.db, workspaceId));
  const users = (await listUsers(deps.db, workspaceId)).filter((u) => !u.disabledAt);
  const reps = users.filter((u) => u.role === 'sales_rep');
  const manager = users.find((u) => u.role === 'sales_manager') ?? null;
  let created = 0;
  for (const key of keys) {
    if (existing.has(key)) continue;
    const region = key.toUpperCase();
    const local = reps.filter((r) => regionOfTimeZone(r.timeZone) === region);
    const members = local.length > 0 ? local : reps;
    const team = await createTeam(deps, ACTOR, workspaceId, {
      key,
      name: `${region.length <= 4 ? region : key} sales`,
      calendar: defaultCalendar(TEAM_ZONE[key] ?? members[0]?.timeZone ?? 'UTC'),
      managerId: manager?.id ?? null,
    });
    for (const rep of members) {
      await setTeamMember(deps, ACTOR, workspaceId, {
        teamId: team.id,
        userId: rep.id,
        weight: 1,
        capacity: null,
        active: true,
      });
    }
    created++;
  }
  return created;
}
