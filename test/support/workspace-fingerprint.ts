// Every row a workspace owns, as row counts and a checksum per table: two equal fingerprints mean
// nothing of the workspace was added, removed or changed in between.
import type { Queryable } from '../../src/store/db.js';

export type WorkspaceFingerprint = Record<string, { rows: number; md5: string | null }>;

/**
 * `ignoringWorkspaceId`: rows compared without their workspace_id (and the workspace row without its
 * slug), so a copy of a workspace fingerprints as the original does.
 */
export async function workspaceFingerprint(
  q: Queryable,
  workspaceId: string,
  opts: { ignoringWorkspaceId?: boolean } = {},
): Promise<WorkspaceFingerprint> {
  // Found in the catalogue, as the purge finds them, so a table added later is covered too.
  const tables = await q.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.column_name = 'workspace_id' and c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name`,
  );
  const out: WorkspaceFingerprint = {};
  for (const { table_name } of tables) {
    const row = opts.ignoringWorkspaceId ? `(to_jsonb(t) - 'workspace_id' - 'slug')::text` : 't::text';
    const [r] = await q.query<{ rows: number; md5: string | null }>(
      `select count(*)::int as rows, md5(string_agg(${row}, E'\\n' order by ${row})) as md5
         from "${table_name}" t where workspace_id = $1`,
      [workspaceId],
    );
    out[table_name] = r!;
  }
  return out;
}

/** The instant and JSON `plantLossyValues` writes: what a JavaScript Date or number would lose. */
const LOSSY_AT = '2026-01-02 03:04:05.123456+00';
const LOSSY_TRAITS = '{"big": 12345678901234567890, "nested": {"a": [1, null]}}';

/** Gives one lead of the workspace a microsecond instant and a number beyond a double's precision. */
export async function plantLossyValues(q: Queryable, workspaceId: string): Promise<void> {
  await q.query(
    `update leads set updated_at = $2::timestamptz, traits = $3::jsonb
      where workspace_id = $1 and id = (select id from leads where workspace_id = $1 order by id limit 1)`,
    [workspaceId, LOSSY_AT, LOSSY_TRAITS],
  );
}

/** The planted lead's instant and traits as PostgreSQL prints them (text, so nothing is rounded). */
export async function lossyValuesOf(
  q: Queryable,
  workspaceId: string,
): Promise<{ at: string; traits: string }[]> {
  return q.query(
    `select updated_at::text as at, traits::text as traits from leads
      where workspace_id = $1 and updated_at = $2::timestamptz`,
    [workspaceId, LOSSY_AT],
  );
}
