// Custom import mappings saved by name (a workspace's own presets).
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { importMappings } from './schema/index.js';

export type SavedMapping = typeof importMappings.$inferSelect;

const toMapping = rowReader(importMappings);

/** Saves the mapping under its name: a new one, or the same name's mapping replaced. */
export async function upsertImportMapping(
  q: Queryable,
  workspaceId: string,
  m: Pick<SavedMapping, 'name' | 'kind' | 'description' | 'mapping' | 'createdBy'>,
): Promise<{ mapping: SavedMapping; created: boolean }> {
  const rows = await q.query(
    `insert into import_mappings (workspace_id, name, kind, description, mapping, created_by)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, name) do update
       set kind = excluded.kind, description = excluded.description, mapping = excluded.mapping,
           updated_at = now()
     returning *, (xmax = 0) as inserted`,
    [workspaceId, m.name, m.kind, m.description, JSON.stringify(m.mapping), m.createdBy],
  );
  const { inserted, ...row } = rows[0]!;
  return { mapping: toMapping(row), created: inserted === true };
}

export async function listImportMappings(q: Queryable, workspaceId: string): Promise<SavedMapping[]> {
  const rows = await q.query(`select * from import_mappings where workspace_id = $1 order by name`, [
    workspaceId,
  ]);
  return rows.map(toMapping);
}

export async function getImportMapping(
  q: Queryable,
  workspaceId: string,
  name: string,
): Promise<SavedMapping | null> {
  const rows = await q.query(`select * from import_mappings where workspace_id = $1 and name = $2`, [
    workspaceId,
    name,
  ]);
  return rows[0] ? toMapping(rows[0]) : null;
}

/** Deletes the mapping of that name; false when there was none. */
export async function deleteImportMapping(q: Queryable, workspaceId: string, name: string): Promise<boolean> {
  const rows = await q.query(
    `delete from import_mappings where workspace_id = $1 and name = $2 returning id`,
    [workspaceId, name],
  );
  return rows.length > 0;
}
