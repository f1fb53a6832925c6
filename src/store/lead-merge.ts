// Folding one lead into another when an alias shows they are the same person.
import type { Queryable } from './db.js';

/**
 * Moves identities and events of `from` to `into`, drops both ledgers (the survivor is rescored from
 * all its events), and keeps `from` as a deleted row pointing at `into`; its transitions stay as
 * history. The survivor takes `from`'s e-mail when it has none.
 */
export async function mergeLeadInto(
  q: Queryable,
  workspaceId: string,
  from: string,
  into: string,
): Promise<void> {
  await q.query(`update lead_identities set lead_id = $3 where workspace_id = $1 and lead_id = $2`, [
    workspaceId,
    from,
    into,
  ]);
  await q.query(`update events set lead_id = $3 where workspace_id = $1 and lead_id = $2`, [
    workspaceId,
    from,
    into,
  ]);
  await q.query(`delete from score_contributions where workspace_id = $1 and lead_id = any($2::uuid[])`, [
    workspaceId,
    [from, into],
  ]);
  const rows = await q.query<{ email: string | null }>(
    `update leads f set is_deleted = true, merged_into_id = $3, email = null, updated_at = now()
       from leads old where old.workspace_id = f.workspace_id and old.id = f.id
        and f.workspace_id = $1 and f.id = $2 returning old.email`,
    [workspaceId, from, into],
  );
  const email = rows[0]?.email;
  if (email) {
    await q.query(`update leads set email = $3 where workspace_id = $1 and id = $2 and email is null`, [
      workspaceId,
      into,
      email,
    ]);
  }
}
