// Who owns a lead, and the append-only record of every assignment and why it was made.
import type { PlannedAssignment } from '../domain/handoff-types.js';
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { assignments } from './schema/index.js';

/** An assignment as the hand-off plans it is the row we insert. */
export type AssignmentInsert = PlannedAssignment;

/** An assignment as stored: every column of `assignments` but the workspace. */
export type Assignment = Omit<typeof assignments.$inferSelect, 'workspaceId'>;

const toAssignment = rowReader(assignments);

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
  const rows = await q.query(
    `select * from assignments where workspace_id = $1 and lead_id = $2 order by at, id`,
    [workspaceId, leadId],
  );
  return rows.map(toAssignment);
}
