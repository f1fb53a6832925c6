// Channel spend, written with plain inserts: only the demo generator writes it so far (no service owns
// it yet). Opportunities have their own module (opportunities.ts).
import type { Queryable } from './db.js';

export interface ChannelSpendRow {
  channel: string;
  /** "2025-03" */
  month: string;
  amount: number;
}

export async function writeChannelSpend(
  q: Queryable,
  workspaceId: string,
  rows: readonly ChannelSpendRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into channel_spend (workspace_id, channel, month, amount)
     select $1, v.channel, v.month, v.amount from unnest($2::text[], $3::text[], $4::float8[]) as v(channel, month, amount)
     on conflict (workspace_id, channel, month, medium, campaign) do update set amount = excluded.amount`,
    [workspaceId, rows.map((r) => r.channel), rows.map((r) => r.month), rows.map((r) => r.amount)],
  );
}
