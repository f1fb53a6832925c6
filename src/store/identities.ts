// Segment identities (userId, anonymousId) tied to leads, and the lookups identity resolution needs.
import type { KnownIdentities } from '../domain/identity-resolution.js';
import type { Queryable } from './db.js';

/**
 * Serialises identity resolution for these ids across app nodes: two batches that both see a new
 * userId would otherwise both create a lead for it. Locks are taken in sorted order (no deadlocks)
 * and released at commit.
 */
export async function lockIdentities(
  q: Queryable,
  workspaceId: string,
  keys: readonly string[],
): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    `select pg_advisory_xact_lock(hashtextextended($1 || ':' || k, 0))
       from (select distinct k from unnest($2::text[]) as k order by k) keys`,
    [workspaceId, keys],
  );
}

export async function findKnownIdentities(
  q: Queryable,
  workspaceId: string,
  ids: { users: string[]; anonymous: string[]; emails: string[] },
): Promise<KnownIdentities> {
  const known = {
    users: new Map<string, string>(),
    anonymous: new Map<string, string>(),
    emails: new Map<string, string>(),
  };
  if (ids.users.length + ids.anonymous.length + ids.emails.length === 0) return known;
  const rows = await q.query<{ k: string; v: string; lead_id: string }>(
    `select kind as k, value as v, lead_id from lead_identities
      where workspace_id = $1 and ((kind = 'user' and value = any($2::text[])) or (kind = 'anonymous' and value = any($3::text[])))
     union all
     select 'email', email, id from leads where workspace_id = $1 and email = any($4::text[]) and not is_deleted`,
    [workspaceId, ids.users, ids.anonymous, ids.emails],
  );
  for (const r of rows) {
    const map = r.k === 'user' ? known.users : r.k === 'anonymous' ? known.anonymous : known.emails;
    map.set(r.v, r.lead_id);
  }
  return known;
}
