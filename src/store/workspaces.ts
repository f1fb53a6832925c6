// Workspaces: one company's data each.
import type { Queryable, Row } from './db.js';
import { rowReader } from './rows.js';
import { workspaces } from './schema/index.js';

/** A workspace, its id under `id`. */
export type Workspace = Omit<typeof workspaces.$inferSelect, 'workspaceId'> & { id: string };

const workspaceRow = rowReader(workspaces);
const toWorkspace = (r: Row): Workspace => {
  const { workspaceId, ...rest } = workspaceRow(r);
  return { id: workspaceId, ...rest };
};

export async function insertWorkspace(
  q: Queryable,
  input: { slug: string; name: string; timeZone: string },
): Promise<Workspace> {
  const rows = await q.query(
    `insert into workspaces (slug, name, time_zone) values ($1, $2, $3) returning *`,
    [input.slug, input.name, input.timeZone],
  );
  return toWorkspace(rows[0]!);
}

export async function findWorkspaceBySlug(q: Queryable, slug: string): Promise<Workspace | null> {
  const rows = await q.query(`select * from workspaces where slug = $1`, [slug]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

export async function getWorkspace(q: Queryable, workspaceId: string): Promise<Workspace | null> {
  const rows = await q.query(`select * from workspaces where workspace_id = $1`, [workspaceId]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

/**
 * Deletes every row of one workspace from every table that has a workspace_id column, found in
 * the catalogue so a table added later is never forgotten. Append-only tables let this one
 * purge through (see the `tandem.purge` setting in their triggers).
 */
export async function purgeWorkspace(q: Queryable, workspaceId: string): Promise<void> {
  const tables = await q.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.column_name = 'workspace_id' and c.table_schema = current_schema()
        and t.table_type = 'BASE TABLE' and c.table_name <> 'workspaces'`,
  );
  await q.query(`select set_config('tandem.purge', $1, true)`, [workspaceId]);
  for (const { table_name } of tables) {
    await q.query(`delete from "${table_name}" where workspace_id = $1`, [workspaceId]);
  }
  await q.query(`delete from workspaces where workspace_id = $1`, [workspaceId]);
}
