// Who owns a lead, and the append-only record of every assignment and why it was made.
import type { PlannedAssignment } from '../domain/handoff-types.js';
import type { Queryable } from './db.js';

/** An assignment as the hand-off plans it is the row we insert. */
export type AssignmentInsert = PlannedAssignment;

export interface Assignment extends AssignmentInsert {
  id: number;
}

export async function recordAssignment(
  q: Queryable,
  workspaceId: string,
  a: AssignmentInsert,
): Promise<void> {
  await q.query(
    `insert into assignments (workspace_id, lead_id, owner_id, previous_owner_id, team_id, kind, rule_id, reason,
                              actor_type, actor_id, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      a.leadId,
      a.ownerId,
      a.previousOwnerId,
      a.teamId,
      a.kind,
      a.ruleId,
      a.reason,
      a.actorType,
      a.actorId,
      a.at.toISOString(),
    ],
  );
}

/** Sets the owner (and routing team) of a lead; the caller holds the lead's row lock. */
export async function setLeadOwner(
  q: Queryable,
  workspaceId: string,
  leadId: string,
  ownerId: string | null,
  teamId: string | null,
  at: Date,
): Promise<void> {
  await q.query(
    `update leads set owner_id = $3, team_id = $4, assigned_at = $5, updated_at = now() where workspace_id = $1 and id = $2`,
    [workspaceId, leadId, ownerId, teamId, at.toISOString()],
  );
}

export async function leadAssignments(
  q: Queryable,
  workspaceId: string,
  leadId: string,
): Promise<Assignment[]> {
  const rows = await q.query<{
    id: number;
    lead_id: string;
    owner_id: string | null;
    previous_owner_id: string | null;
    team_id: string | null;
    kind: AssignmentInsert['kind'];
    rule_id: string | null;
    reason: string;
    actor_type: AssignmentInsert['actorType'];
    actor_id: string | null;
    at: Date;
  }>(`select * from assignments where workspace_id = $1 and lead_id = $2 order by at, id`, [
    workspaceId,
    leadId,
  ]);
  return rows.map((r) => ({
    id: r.id,
    leadId: r.lead_id,
    ownerId: r.owner_id,
    previousOwnerId: r.previous_owner_id,
    teamId: r.team_id,
    kind: r.kind,
    ruleId: r.rule_id,
    reason: r.reason,
    actorType: r.actor_type,
    actorId: r.actor_id,
    at: r.at,
  }));
}
