// Assigning a qualified lead: the account's owner, else the agreement's rules pick a team and weighted
// round robin (capacity, out of office) picks a rep, all inside the transaction that qualified it.
import type { Agreement } from '../domain/agreement.js';
import { type Rep, type RoutingDecision, chooseEscalationRep, routeLead } from '../domain/lead-routing.js';
import { matchesAll } from '../domain/conditions.js';
import { recordAssignment, setLeadOwner } from '../store/assignments.js';
import type { Queryable } from '../store/db.js';
import type { EngineLead } from '../store/lead-state.js';
import {
  type Team,
  absencesOf,
  lockTeam,
  lockTeamByKey,
  openLeadCounts,
  saveRoutingState,
  teamMembers,
} from '../store/teams.js';

export interface Assignment {
  ownerId: string | null;
  teamId: string | null;
  kind: 'account_owner' | 'rule' | 'queue' | 'escalation';
  reason: string;
}

/** The team's reps as routing sees them: weight, capacity against open leads, absences. */
export async function repsOf(q: Queryable, team: Team, now: Date): Promise<Rep[]> {
  const members = await teamMembers(q, team.workspaceId, team.id);
  const ids = members.map((m) => m.userId);
  const [counts, absences] = await Promise.all([
    openLeadCounts(q, team.workspaceId, ids),
    absencesOf(q, team.workspaceId, ids, now),
  ]);
  return members.map((m) => ({
    id: m.userId,
    weight: m.weight,
    capacity: m.capacity,
    openLeads: counts.get(m.userId) ?? 0,
    available: m.active,
    outOfOffice: absences
      .filter((a) => a.userId === m.userId)
      .map((a) => ({ start: a.startsAt, end: a.endsAt })),
  }));
}

async function activeAccountOwner(
  q: Queryable,
  workspaceId: string,
  accountId: string | null,
): Promise<string | null> {
  if (!accountId) return null;
  const rows = await q.query<{ owner_id: string | null }>(
    `select a.owner_id from accounts a join users u on u.workspace_id = a.workspace_id and u.id = a.owner_id
      where a.workspace_id = $1 and a.id = $2 and u.disabled_at is null`,
    [workspaceId, accountId],
  );
  return rows[0]?.owner_id ?? null;
}

/** The team the agreement's rules send this lead to (ignoring account owners); null for none. */
export function routingTeamKey(agreement: Agreement, lead: EngineLead): string | null {
  const rule = agreement.routing.rules.find((r) => matchesAll(lead.profile, r.when));
  return rule?.team ?? agreement.routing.fallbackTeam;
}

/** Routes the lead (whose row the caller has locked) and records the assignment. */
export async function assignQualifiedLead(
  tx: Queryable,
  workspaceId: string,
  agreement: Agreement,
  lead: EngineLead,
  now: Date,
): Promise<Assignment> {
  const routing = agreement.routing;
  const accountOwnerId = routing.useAccountOwner
    ? await activeAccountOwner(tx, workspaceId, lead.accountId)
    : null;
  const rule = routing.rules.find((r) => matchesAll(lead.profile, r.when));
  const teamKey = accountOwnerId ? null : (rule?.team ?? routing.fallbackTeam);
  const team = teamKey ? await lockTeamByKey(tx, workspaceId, teamKey) : null;
  let decision: RoutingDecision;
  if (teamKey && !team) {
    decision = {
      kind: 'queue',
      team: teamKey,
      ruleId: rule?.id ?? null,
      reason: `the agreement routes to team "${teamKey}", which does not exist; the lead waits in the queue`,
    };
  } else {
    decision = routeLead({
      lead: lead.profile,
      accountOwnerId,
      useAccountOwner: routing.useAccountOwner,
      rules: routing.rules,
      fallbackTeam: routing.fallbackTeam,
      teams: team && teamKey ? { [teamKey]: { reps: await repsOf(tx, team, now) } } : {},
      state: team && teamKey ? { [teamKey]: team.routingState } : {},
      now,
    });
  }
  if (decision.kind === 'rule' && team) await saveRoutingState(tx, workspaceId, team.id, decision.state);
  const ownerId = decision.kind === 'queue' ? null : decision.ownerId;
  const teamId = team?.id ?? null;
  await setLeadOwner(tx, workspaceId, lead.id, ownerId, teamId, now);
  await recordAssignment(tx, workspaceId, {
    leadId: lead.id,
    ownerId,
    previousOwnerId: lead.ownerId,
    teamId,
    kind: decision.kind,
    ruleId: decision.kind === 'account_owner' ? null : decision.ruleId,
    reason: decision.reason,
    actorType: 'system',
    actorId: null,
    at: now,
  });
  return { ownerId, teamId, kind: decision.kind, reason: decision.reason };
}

/** SLA escalation: the team's next eligible rep other than the current owner, or the queue. */
export async function escalateLead(
  tx: Queryable,
  workspaceId: string,
  lead: { id: string; ownerId: string | null },
  teamId: string | null,
  now: Date,
): Promise<Assignment> {
  const team = teamId ? await lockTeam(tx, workspaceId, teamId) : null;
  if (!team)
    return {
      ownerId: lead.ownerId,
      teamId,
      kind: 'escalation',
      reason: 'no team to escalate within; the owner keeps the lead',
    };
  const choice = chooseEscalationRep(await repsOf(tx, team, now), lead.ownerId, team.routingState, now);
  if (choice.kind === 'queue')
    return { ownerId: lead.ownerId, teamId, kind: 'escalation', reason: choice.reason };
  await saveRoutingState(tx, workspaceId, team.id, choice.state);
  await setLeadOwner(tx, workspaceId, lead.id, choice.ownerId, team.id, now);
  await recordAssignment(tx, workspaceId, {
    leadId: lead.id,
    ownerId: choice.ownerId,
    previousOwnerId: lead.ownerId,
    teamId: team.id,
    kind: 'escalation',
    ruleId: null,
    reason: choice.reason,
    actorType: 'system',
    actorId: null,
    at: now,
  });
  return { ownerId: choice.ownerId, teamId: team.id, kind: 'escalation', reason: choice.reason };
}
