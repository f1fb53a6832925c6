// Marketing spend from an import: the months a batch names, upserted by (channel, month, medium,
// campaign), and undone by deleting what it added and putting back the amounts it replaced.
import type { Queryable } from './db.js';

/** A spend row's key: medium and campaign are '' when the spend is the channel's as a whole. */
export interface SpendKey {
  channel: string;
  month: string;
  medium: string;
  campaign: string;
}

export interface SpendRow extends SpendKey {
  amount: number;
}

const keyParams = (keys: readonly SpendKey[]) => [
  keys.map((k) => k.channel),
  keys.map((k) => k.month),
  keys.map((k) => k.medium),
  keys.map((k) => k.campaign),
];

/** The stored spend of these keys, row-locked when `lock` is set. */
export async function findSpend(
  q: Queryable,
  workspaceId: string,
  keys: readonly SpendKey[],
  lock: boolean,
): Promise<SpendRow[]> {
  if (keys.length === 0) return [];
  const rows = await q.query<SpendRow>(
    `select s.channel, s.month, s.medium, s.campaign, s.amount from channel_spend s
       join unnest($2::text[], $3::text[], $4::text[], $5::text[]) as k(channel, month, medium, campaign)
         on k.channel = s.channel and k.month = s.month and k.medium = s.medium and k.campaign = s.campaign
      where s.workspace_id = $1 order by s.channel, s.month, s.medium, s.campaign${lock ? ' for update of s' : ''}`,
    [workspaceId, ...keyParams(keys)],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Sets the amount of each key, adding the ones that are missing, in one statement. */
export async function upsertSpend(
  q: Queryable,
  workspaceId: string,
  rows: readonly SpendRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into channel_spend (workspace_id, channel, month, medium, campaign, amount)
     select $1, r.channel, r.month, r.medium, r.campaign, r.amount
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[]) as r(channel, month, medium, campaign, amount)
     on conflict (workspace_id, channel, month, medium, campaign) do update set amount = excluded.amount`,
    [workspaceId, ...keyParams(rows), rows.map((r) => r.amount)],
  );
}

export async function deleteSpend(
  q: Queryable,
  workspaceId: string,
  keys: readonly SpendKey[],
): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    `delete from channel_spend s using unnest($2::text[], $3::text[], $4::text[], $5::text[]) as k(channel, month, medium, campaign)
      where s.workspace_id = $1 and s.channel = k.channel and s.month = k.month
        and s.medium = k.medium and s.campaign = k.campaign`,
    [workspaceId, ...keyParams(keys)],
  );
}
