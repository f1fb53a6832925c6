// Touches people log on a lead (calls, e-mails, meetings, notes), and the lead's first touch.
import type { Queryable } from './db.js';

export async function insertTouch(
  q: Queryable,
  workspaceId: string,
  t: { leadId: string; kind: string; at: Date; userId: string | null; note: string | null },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `insert into activities (workspace_id, lead_id, kind, at, user_id, note) values ($1, $2, $3, $4, $5, $6) returning id`,
    [workspaceId, t.leadId, t.kind, t.at.toISOString(), t.userId, t.note],
  );
  return rows[0]!.id;
}

/** Records the lead's first touch; false when it already had one. */
export async function markFirstTouch(
  q: Queryable,
  workspaceId: string,
  leadId: string,
  at: Date,
): Promise<boolean> {
  const rows = await q.query(
    `update leads set first_touch_at = $3 where workspace_id = $1 and id = $2 and first_touch_at is null returning id`,
    [workspaceId, leadId, at.toISOString()],
  );
  return rows.length > 0;
}
