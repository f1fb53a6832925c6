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
