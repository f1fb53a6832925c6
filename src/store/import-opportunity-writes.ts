// An opportunity import's reads and its undo: the accounts and opportunities a batch names, found
// in one statement each; opportunities it created removed, the ones it changed put back.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable, Row } from './db.js';
import type { Opportunity } from './opportunities.js';
import { rowReader } from './rows.js';
import { opportunities } from './schema/index.js';

export interface AccountRef {
  id: string;
  name: string;
  domain: string | null;
  externalId: string | null;
}

/** The accounts named by record id, domain or name (case-insensitive). */
export async function findAccountsByRefs(
  q: Queryable,
  workspaceId: string,
  refs: { externalIds: readonly string[]; domains: readonly string[]; names: readonly string[] },
): Promise<AccountRef[]> {
  if (refs.externalIds.length + refs.domains.length + refs.names.length === 0) return [];
  return q.query<AccountRef>(
    `select id, name, domain, external_id as "externalId" from accounts
      where workspace_id = $1
        and (external_id = any($2::text[]) or domain = any($3::text[]) or lower(name) = any($4::text[]))
      order by created_at, id`,
    [workspaceId, refs.externalIds, refs.domains, refs.names.map((n) => n.toLowerCase())],
  );
}

const toOpportunity = rowReader(opportunities);

/**
 * The opportunities a batch names: by the CRM's record id (of that system), else by name under an
 * account. Each with the row as stored (for undo); row-locked when `lock` is set.
 */
export async function findImportOpportunities(
  q: Queryable,
  workspaceId: string,
  keys: {
    system: string;
    externalIds: readonly string[];
    named: readonly { accountId: string; name: string }[];
  },
  lock: boolean,
): Promise<{ record: Opportunity; raw: Row }[]> {
  if (keys.externalIds.length === 0 && keys.named.length === 0) return [];
  const rows = await q.query<{ raw: Row }>(
    `select row_to_json(o) as raw from opportunities o
      where o.workspace_id = $1
        and ((o.external_system = $2 and o.external_id = any($3::text[]))
          or (o.account_id, lower(o.name)) in (select * from unnest($4::uuid[], $5::text[])))
      order by o.created_at, o.id${lock ? ' for update' : ''}`,
    [
      workspaceId,
      keys.system,
      keys.externalIds,
      keys.named.map((n) => n.accountId),
      keys.named.map((n) => n.name.toLowerCase()),
    ],
  );
  return rows.map((r) => ({ record: toOpportunity(r.raw), raw: r.raw }));
}

export async function deleteOpportunities(q: Queryable, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await q.query(`delete from opportunities where workspace_id = $1 and id = any($2::uuid[])`, [
    workspaceId,
    ids,
  ]);
}

/** Puts opportunities back exactly as they were stored (rows as `row_to_json` gave them). */
export async function restoreOpportunities(
  q: Queryable,
  workspaceId: string,
  previous: readonly Record<string, unknown>[],
): Promise<void> {
  if (previous.length === 0) return;
  const names = Object.values(getTableColumns(opportunities) as Record<string, PgColumn>)
    .map((c) => c.name)
    .filter((n) => n !== 'workspace_id' && n !== 'id');
  await q.query(
    `update opportunities t set ${names.map((n) => `${n} = p.${n}`).join(', ')}
       from json_populate_recordset(null::opportunities, $2) p
      where t.workspace_id = $1 and t.id = p.id`,
    [workspaceId, JSON.stringify(previous)],
  );
}

/** The ids of these leads' opportunities. */
export async function opportunityIdsOfLeads(
  q: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<string[]> {
  if (leadIds.length === 0) return [];
  const rows = await q.query<{ id: string }>(
    `select id from opportunities where workspace_id = $1 and lead_id = any($2::uuid[])`,
    [workspaceId, leadIds],
  );
  return rows.map((r) => r.id);
}
