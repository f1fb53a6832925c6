// Marketing spend from an import: the months a batch names, upserted by (channel, month), and
// undone by deleting what it added and putting back the amounts it replaced.
import type { Queryable } from './db.js';

export interface SpendRow {
  channel: string;
  month: string;
  amount: number;
}

/** The stored spend of these (channel, month) pairs, row-locked when `lock` is set. */
export async function findSpend(
  q: Queryable,
  workspaceId: string,
  keys: readonly { channel: string; month: string }[],
  lock: boolean,
): Promise<SpendRow[]> {
  if (keys.length === 0) return [];
  const rows = await q.query<{ channel: string; month: string; amount: number }>(
    `select s.channel, s.month, s.amount from channel_spend s
       join unnest($2::text[], $3::text[]) as k(channel, month) on k.channel = s.channel and k.month = s.month
      where s.workspace_id = $1 order by s.channel, s.month${lock ? ' for update of s' : ''}`,
    [workspaceId, keys.map((k) => k.channel), keys.map((k) => k.month)],
  );
  return rows.map((r) => ({ channel: r.channel, month: r.month, amount: Number(r.amount) }));
}

/** Sets the amount of each (channel, month), adding the ones that are missing, in one statement. */
export async function upsertSpend(
  q: Queryable,
  workspaceId: string,
  rows: readonly SpendRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into channel_spend (workspace_id, channel, month, amount)
     select $1, r.channel, r.month, r.amount from unnest($2::text[], $3::text[], $4::float8[]) as r(channel, month, amount)
     on conflict (workspace_id, channel, month) do update set amount = excluded.amount`,
    [workspaceId, rows.map((r) => r.channel), rows.map((r) => r.month), rows.map((r) => r.amount)],
  );
}

export async function deleteSpend(
  q: Queryable,
  workspaceId: string,
  keys: readonly { channel: string; month: string }[],
): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    `delete from channel_spend s using unnest($2::text[], $3::text[]) as k(channel, month)
      where s.workspace_id = $1 and s.channel = k.channel and s.month = k.month`,
    [workspaceId, keys.map((k) => k.channel), keys.map((k) => k.month)],
  );
}
