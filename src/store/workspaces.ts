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
  input: {
    slug: string;
    name: string;
    timeZone: string;
    settings?: Record<string, unknown>;
    createdAt?: Date;
  },
): Promise<Workspace> {
  const rows = await q.query(
    `insert into workspaces (slug, name, time_zone, settings, created_at)
     values ($1, $2, $3, $4::jsonb, coalesce($5::timestamptz, now())) returning *`,
    [
      input.slug,
      input.name,
      input.timeZone,
      JSON.stringify(input.settings ?? {}),
      input.createdAt?.toISOString() ?? null,
    ],
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

export interface WorkspaceSummary {
  slug: string;
  name: string;
  timeZone: string;
  /** Members who can sign in (deactivated ones are not counted). */
  members: number;
  createdAt: Date;
}

export async function listWorkspaces(q: Queryable): Promise<WorkspaceSummary[]> {
  const rows = await q.query<{
    slug: string;
    name: string;
    time_zone: string;
    members: number;
    created_at: Date;
  }>(
    `select w.slug, w.name, w.time_zone, w.created_at,
            (select count(*)::int from users u where u.workspace_id = w.workspace_id and u.disabled_at is null) as members
       from workspaces w order by w.created_at, w.slug`,
  );
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    timeZone: r.time_zone,
    members: r.members,
    createdAt: r.created_at,
  }));
}

/** Workspaces a company uses: any with a member, except the demo's (its slug is passed in). */
export async function countRealWorkspaces(q: Queryable, demoSlug: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `select count(*)::int as n from workspaces w
      where w.slug <> $1 and exists (select 1 from users u where u.workspace_id = w.workspace_id)`,
    [demoSlug],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Serialises first-run set-ups until the caller's transaction ends: of two at once, the second
 * waits here, then sees the first one's workspace.
 */
export async function lockFirstRun(q: Queryable): Promise<void> {
  await q.query(`select pg_advisory_xact_lock(hashtext('tandem.first-run'))`);
}

/** Locks the workspace's row until the transaction ends (a settings change that checks first). */
export async function lockWorkspace(q: Queryable, workspaceId: string): Promise<void> {
  await q.query(`select 1 from workspaces where workspace_id = $1 for update`, [workspaceId]);
}

/** Whether the workspace records any amount of money: a deal, spend, a revenue or pipeline goal, a plan. */
export async function hasAmounts(q: Queryable, workspaceId: string): Promise<boolean> {
  const rows = await q.query<{ has: boolean }>(
    `select exists (select 1 from opportunities where workspace_id = $1)
         or exists (select 1 from channel_spend where workspace_id = $1)
         or exists (select 1 from goals where workspace_id = $1 and metric in ('revenue', 'weighted_pipeline'))
         or exists (select 1 from plans where workspace_id = $1) as has`,
    [workspaceId],
  );
  return rows[0]?.has === true;
}

/** Sets one top-level key of the workspace's settings, leaving the others as they are. */
export async function setWorkspaceSetting(
  q: Queryable,
  workspaceId: string,
  key: string,
  value: unknown,
): Promise<void> {
  await q.query(
    `update workspaces set settings = settings || jsonb_build_object($2::text, $3::jsonb) where workspace_id = $1`,
    [workspaceId, key, JSON.stringify(value)],
  );
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
