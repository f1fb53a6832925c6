// Everything the hand-off plan needs for a whole batch, in two statements: the routing teams' rows
// locked (by key, in key order: the last step of the lock order identities → leads → teams), then
// one read of people, teams, loads, absences, account owners, running clocks (and how often each
// lead was escalated) and subscriptions.
import type { HandoffSnapshot, SnapshotUser } from '../domain/handoff-types.js';
import { OPEN_STAGES } from '../domain/stages.js';
import type { Queryable, Row } from './db.js';
import { camelRow, rowReader } from './rows.js';
import { outOfOffice, slaClocks, teamMembers, teams } from './schema/index.js';

/** Locks the teams' routing rows for the rest of the transaction; ids are locked in key order too. */
export async function lockRoutingTeams(
  q: Queryable,
  workspaceId: string,
  teams: { keys: readonly string[]; ids: readonly string[] },
): Promise<void> {
  if (teams.keys.length === 0 && teams.ids.length === 0) return;
  await q.query(
    `select id from teams where workspace_id = $1 and (key = any($2::text[]) or id = any($3::uuid[]))
      order by key for update`,
    [workspaceId, teams.keys, teams.ids],
  );
}

type Json<T> = T | null;
interface SnapshotRow {
  time_zone: string | null;
  settings: Record<string, unknown> | null;
  /** Rows of users, teams, members, absences and clocks, as JSON (read by the schema's readers). */
  users: Json<Row[]>;
  teams: Json<Row[]>;
  members: Json<Row[]>;
  open_leads: Json<Record<string, number>>;
  absences: Json<Row[]>;
  account_owners: Json<Record<string, string | null>>;
  clocks: Json<Row[]>;
  subscriptions: Json<{ id: string; event_types: string[] }[]>;
  escalations: Json<Record<string, number>>;
}

const readUser = (r: Row) => camelRow<SnapshotUser>(r);
const readTeam = rowReader(teams);
const readMember = rowReader(teamMembers);
const readAbsence = rowReader(outOfOffice);
const readClock = rowReader(slaClocks);

/**
 * One read for the batch. Loads and absences are those of the reps of the teams named in
 * `routingTeams` (keys or ids); read after the batch's lead rows are written, so they count them.
 */
export async function loadHandoffSnapshot(
  q: Queryable,
  workspaceId: string,
  input: {
    leadIds: readonly string[];
    accountIds: readonly string[];
    routingTeams: { keys: readonly string[]; ids: readonly string[] };
    now: Date;
  },
): Promise<HandoffSnapshot> {
  const rows = await q.query<SnapshotRow>(
    `with reps as (
       select distinct m.user_id from team_members m join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
        where m.workspace_id = $1 and (t.key = any($4::text[]) or t.id = any($5::uuid[])))
     select
       (select time_zone from workspaces where workspace_id = $1) as time_zone,
       (select settings from workspaces where workspace_id = $1) as settings,
       (select json_agg(json_build_object('id', id, 'name', name, 'role', role, 'time_zone', time_zone,
                                          'is_active', disabled_at is null) order by id)
          from users where workspace_id = $1) as users,
       (select json_agg(json_build_object('id', id, 'key', key, 'name', name, 'calendar', calendar,
                                          'manager_id', manager_id, 'routing_state', routing_state,
                                          'created_at', created_at) order by key)
          from teams where workspace_id = $1) as teams,
       (select json_agg(json_build_object('team_id', team_id, 'user_id', user_id, 'weight', weight,
                                          'capacity', capacity, 'active', active) order by user_id, team_id)
          from team_members where workspace_id = $1) as members,
       (select json_object_agg(owner_id, n) from (
          select owner_id, count(*)::int as n from leads
           where workspace_id = $1 and owner_id in (select user_id from reps)
             and stage = any($7::text[]) and not is_deleted
           group by owner_id) o) as open_leads,
       (select json_agg(json_build_object('user_id', user_id, 'starts_at', starts_at, 'ends_at', ends_at)
                        order by starts_at)
          from out_of_office where workspace_id = $1 and user_id in (select user_id from reps) and ends_at > $6)
         as absences,
       (select json_object_agg(id, owner_id) from accounts where workspace_id = $1 and id = any($3::uuid[]))
         as account_owners,
       (select json_agg(json_build_object('id', id, 'lead_id', lead_id, 'policy_id', policy_id, 'clock', clock,
                                          'stage', stage, 'owner_id', owner_id, 'team_id', team_id,
                                          'started_at', started_at, 'warn_at', warn_at, 'due_at', due_at,
                                          'breached_at', breached_at) order by due_at, id)
          from sla_clocks where workspace_id = $1 and lead_id = any($2::uuid[]) and status = 'running') as clocks,
       (select json_agg(json_build_object('id', id, 'event_types', event_types) order by created_at, id)
          from webhook_subscriptions where workspace_id = $1 and active) as subscriptions,
       (select json_object_agg(k, n) from (
          select lead_id || ':' || policy_id as k, count(*)::int as n from sla_clocks
           where workspace_id = $1 and lead_id = any($2::uuid[]) and status = 'reassigned'
             and stop_reason like 'escalated%'
           group by 1) e) as escalations`,
    [
      workspaceId,
      [...new Set(input.leadIds)],
      [...new Set(input.accountIds)],
      input.routingTeams.keys,
      input.routingTeams.ids,
      input.now.toISOString(),
      OPEN_STAGES,
    ],
  );
  const r = rows[0]!;
  return {
    workspaceTimeZone: r.time_zone ?? 'UTC',
    workspaceSettings: r.settings ?? {},
    users: (r.users ?? []).map(readUser),
    teams: (r.teams ?? []).map(readTeam),
    members: (r.members ?? []).map(readMember),
    openLeads: r.open_leads ?? {},
    absences: (r.absences ?? []).map(readAbsence),
    accountOwners: r.account_owners ?? {},
    runningClocks: (r.clocks ?? []).map(readClock),
    subscriptions: (r.subscriptions ?? []).map((s) => ({ id: s.id, eventTypes: s.event_types })),
    escalations: r.escalations ?? {},
  };
}
