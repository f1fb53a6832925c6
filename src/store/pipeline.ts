// Opportunities and channel spend, written with plain inserts: only the demo generator writes them
// so far (no service owns them yet).
import type { Queryable } from './db.js';

export interface ChannelSpendRow {
  channel: string;
  /** "2025-03" */
  month: string;
  amount: number;
}

export interface OpportunityRow {
  leadId: string;
  accountId: string | null;
  ownerId: string | null;
  name: string;
  amount: number;
  stage: string;
  probability: number;
  isClosed: boolean;
  isWon: boolean;
  createdAt: Date;
  closeDate: Date;
  closedAt: Date | null;
  externalId: string;
}

export async function insertOpportunity(q: Queryable, workspaceId: string, o: OpportunityRow): Promise<void> {
  await q.query(
    `insert into opportunities (workspace_id, lead_id, account_id, owner_id, name, amount, stage, probability,
                                is_closed, is_won, created_at, close_date, closed_at, external_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      workspaceId,
      o.leadId,
      o.accountId,
      o.ownerId,
      o.name,
      o.amount,
      o.stage,
      o.probability,
      o.isClosed,
      o.isWon,
      o.createdAt.toISOString(),
      o.closeDate.toISOString(),
      o.closedAt?.toISOString() ?? null,
      o.externalId,
    ],
  );
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
     on conflict (workspace_id, channel, month) do update set amount = excluded.amount`,
    [workspaceId, rows.map((r) => r.channel), rows.map((r) => r.month), rows.map((r) => r.amount)],
  );
}
