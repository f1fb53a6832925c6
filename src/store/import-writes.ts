// Set-based writes of an import batch (one statement per step, whatever the batch's size), and
// undoing an import: created records removed with their history, updated ones put back as they were.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable, Row } from './db.js';
import { type NewEngineLead, newLeadsInsert } from './lead-state.js';
import { rowReader } from './rows.js';
import { accounts, leads } from './schema/index.js';
import { type TransitionInsert, transitionsInsert } from './transitions.js';

export type ImportEntity = 'lead' | 'account';
const TABLES = { lead: leads, account: accounts } as const;
const TABLE_NAMES = { lead: 'leads', account: 'accounts' } as const;

/** A stored record as the import compares it (schema keys), and the same row as stored, for undo. */
export interface ExistingRecord {
  record: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/**
 * The records a batch matches, by record id or by the second key (e-mail for leads, domain for
 * accounts), row-locked for the rest of the transaction when `lock` is set.
 */
export async function findImportMatches(
  q: Queryable,
  workspaceId: string,
  entity: ImportEntity,
  keys: { externalIds: readonly string[]; seconds: readonly string[] },
  lock: boolean,
): Promise<ExistingRecord[]> {
  if (keys.externalIds.length === 0 && keys.seconds.length === 0) return [];
  const table = TABLE_NAMES[entity];
  const second = entity === 'lead' ? 'email' : 'domain';
  const extra = entity === 'lead' ? ' and not t.is_deleted' : '';
  // One index probe per key, whatever the statistics say: with none yet (a table just filled, or
  // PGlite, where no autovacuum runs), `key = any($2) or …` was planned as a scan of the whole
  // workspace testing each row against every key, so each batch cost more than the one before.
  // `offset 0` keeps each lookup a subquery of its own; rows are locked in id order.
  const probe = (column: string, param: number) =>
    `select f.id from unnest($${param}::text[]) as k(v)
       cross join lateral (select t.id from ${table} t where t.workspace_id = $1 and t.${column} = k.v offset 0) f`;
  const rows = await q.query<{ raw: Row }>(
    `with found as (${probe('external_id', 2)} union ${probe(second, 3)})
     select row_to_json(t) as raw
       from (select id from found order by id) f
       cross join lateral (
         select * from ${table} t where t.workspace_id = $1 and t.id = f.id${extra}
         offset 0${lock ? ' for update' : ''}) t
      order by t.id`,
    [workspaceId, keys.externalIds, keys.seconds],
  );
  const read = rowReader(TABLES[entity]) as (row: Row) => Record<string, unknown>;
  return rows.map((r) => ({ record: read(r.raw), raw: r.raw }));
}

/** The SQL name and type of each of the given schema keys. */
function columnsOf(entity: ImportEntity, keys: readonly string[]) {
  const all = getTableColumns(TABLES[entity]) as Record<string, PgColumn>;
  return keys.map((key) => {
    const c = all[key];
    if (!c) throw new Error(`${TABLE_NAMES[entity]} has no column ${key}`);
    return { key, name: c.name, type: c.getSQLType() };
  });
}

/**
 * Inserts records with the given fields (every row carries the same keys), in one statement.
 * A creation date left empty is now; the stage of a lead is entered when it was created.
 * Answers the new ids in the rows' order (found again by each row's keys).
 */
export async function insertImportedRecords(
  q: Queryable,
  workspaceId: string,
  entity: ImportEntity,
  keys: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const cols = columnsOf(entity, keys).filter((c) => c.key !== 'createdAt');
  const names = cols.map((c) => c.name);
  const values = cols.map((c) => `r."${c.key}"`);
  const dates = entity === 'lead' ? ', created_at, stage_entered_at' : ', created_at';
  const dateValues = entity === 'lead' ? ', r.at, r.at' : ', r.at';
  const inserted = await q.query<{ id: string }>(
    `with r as (
       select r.*, coalesce(r."createdAt", now()) as at
         from json_to_recordset($2) as r(${cols.map((c) => `"${c.key}" ${c.type}`).join(', ')},
              "createdAt" timestamptz)),
     ins as (
       insert into ${TABLE_NAMES[entity]} (workspace_id${names.map((n) => `, ${n}`).join('')}${dates})
       select $1${values.map((v) => `, ${v}`).join('')}${dateValues} from r
       returning id, ${entity === 'lead' ? 'email' : 'domain'} as second, external_id)
     select id, second, external_id from ins`,
    [workspaceId, JSON.stringify(rows)],
  );
  // Rows come back keyed by what they were inserted with (each row has a record id or a second key).
  const secondKey = entity === 'lead' ? 'email' : 'domain';
  const byKey = new Map<string, string>();
  for (const r of inserted as unknown as {
    id: string;
    second: string | null;
    external_id: string | null;
  }[]) {
    if (r.external_id !== null) byKey.set(`x:${r.external_id}`, r.id);
    if (r.second !== null) byKey.set(`s:${r.second}`, r.id);
  }
  return rows.map((row) => {
    const x = row.externalId;
    const s = row[secondKey];
    const id = (typeof x === 'string' ? byKey.get(`x:${x}`) : undefined) ?? byKey.get(`s:${String(s)}`);
    if (!id) throw new Error('an imported row was not inserted');
    return id;
  });
}

/**
 * Inserts new leads already scored (ids chosen by the caller, state as the engine decided it) and
 * their first history rows, in one statement: no second write of the rows just inserted. Answers
 * the stored transitions' ids and recording times, in the order given.
 */
export async function insertScoredLeads(
  q: Queryable,
  workspaceId: string,
  rows: readonly NewEngineLead[],
  version: number,
  transitions: readonly TransitionInsert[],
): Promise<{ id: number; recordedAt: Date }[]> {
  if (rows.length === 0) return [];
  const inserted = newLeadsInsert(2, rows, version);
  const moved = transitionsInsert(2 + inserted.params.length, transitions);
  const result = await q.query<{ moved: [number, string][] | null }>(
    `with ins as (${inserted.sql} returning 1), moved as (${moved.sql})
     select (select json_agg(json_build_array(id, recorded_at) order by id) from moved) as moved`,
    [workspaceId, ...inserted.params, ...moved.params],
  );
  return (result[0]?.moved ?? []).map(([id, at]) => ({ id: Number(id), recordedAt: new Date(at) }));
}

/** Sets the given fields of each record (by id, every row carries the same keys), in one statement. */
export async function updateImportedRecords(
  q: Queryable,
  workspaceId: string,
  entity: ImportEntity,
  keys: readonly string[],
  rows: readonly ({ id: string } & Record<string, unknown>)[],
): Promise<void> {
  if (rows.length === 0 || keys.length === 0) return;
  const cols = columnsOf(entity, keys);
  await q.query(
    `update ${TABLE_NAMES[entity]} t set ${cols.map((c) => `${c.name} = r."${c.key}"`).join(', ')}, updated_at = now()
       from json_to_recordset($2) as r(id uuid, ${cols.map((c) => `"${c.key}" ${c.type}`).join(', ')})
      where t.workspace_id = $1 and t.id = r.id`,
    [workspaceId, JSON.stringify(rows)],
  );
}

/** Accounts for business e-mail domains, created when missing; says which ones this call created. */
export async function ensureAccountsForDomains(
  q: Queryable,
  workspaceId: string,
  wanted: readonly { domain: string; name: string }[],
): Promise<{ id: string; domain: string; created: boolean }[]> {
  if (wanted.length === 0) return [];
  const unique = [...new Map(wanted.map((w) => [w.domain, w])).values()];
  // Rows a CTE inserts are invisible to the rest of the statement, hence the union. One index probe
  // per domain, as in findImportMatches, whatever the statistics say.
  return q.query(
    `with v as (select * from unnest($2::text[], $3::text[]) as v(domain, name)),
      ins as (
        insert into accounts (workspace_id, name, domain)
        select $1, v.name, v.domain from v
        on conflict (workspace_id, domain) do nothing
        returning id, domain)
     select id, domain, true as created from ins
     union all
     select a.id, a.domain, false from v
       cross join lateral (
         select a.id, a.domain from accounts a where a.workspace_id = $1 and a.domain = v.domain offset 0) a`,
    [workspaceId, unique.map((w) => w.domain), unique.map((w) => w.name)],
  );
}

/**
 * Removes leads an import created, with every row about them (found in the catalogue: each table
 * with a lead_id). Their history goes too: the append-only guard lets this transaction through, as
 * it does a workspace purge, because the leads themselves never should have been.
 */
export async function deleteImportedLeads(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const tables = await q.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.column_name = 'lead_id' and c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.table_name <> 'leads'
      order by c.table_name`,
  );
  await q.query(`select set_config('tandem.purge', $1, true)`, [workspaceId]);
  for (const { table_name } of tables) {
    await q.query(`delete from "${table_name}" where workspace_id = $1 and lead_id = any($2::uuid[])`, [
      workspaceId,
      ids,
    ]);
  }
  await q.query(`delete from leads where workspace_id = $1 and id = any($2::uuid[])`, [workspaceId, ids]);
  await q.query(`select set_config('tandem.purge', '', true)`);
}

/** Removes accounts an import created; leads matched to them since keep no account. */
export async function deleteImportedAccounts(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await q.query(
    `update leads set account_id = null where workspace_id = $1 and account_id = any($2::uuid[])`,
    [workspaceId, ids],
  );
  await q.query(`delete from accounts where workspace_id = $1 and id = any($2::uuid[])`, [workspaceId, ids]);
}

/** Puts records back exactly as they were stored (rows as `row_to_json` gave them), in one statement. */
export async function restoreRecords(
  q: Queryable,
  workspaceId: string,
  entity: ImportEntity,
  previous: readonly Record<string, unknown>[],
): Promise<void> {
  if (previous.length === 0) return;
  const table = TABLE_NAMES[entity];
  const names = Object.values(getTableColumns(TABLES[entity]) as Record<string, PgColumn>)
    .map((c) => c.name)
    .filter((n) => n !== 'workspace_id' && n !== 'id');
  await q.query(
    `update ${table} t set ${names.map((n) => `${n} = p.${n}`).join(', ')}
       from json_populate_recordset(null::${table}, $2) p
      where t.workspace_id = $1 and t.id = p.id`,
    [workspaceId, JSON.stringify(previous)],
  );
}
