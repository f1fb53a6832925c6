// The planner's statistics of this schema's tables: how big each was when last analysed, and now.
import type { TableSize } from '../domain/table-statistics.js';
import type { Queryable } from './db.js';

export async function tableSizes(q: Queryable): Promise<TableSize[]> {
  const rows = await q.query<TableSize>(
    `select c.relname as name, c.reltuples::float8 as "analysedRows", c.relpages as "analysedPages",
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
      order by c.relname`,
  );
  return rows;
}

/** ANALYZE the named tables (names as tableSizes read them from the catalogue). */
export async function analyzeTables(q: Queryable, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await q.query(`analyze ${names.map((n) => `"${n.replaceAll('"', '""')}"`).join(', ')}`);
}
