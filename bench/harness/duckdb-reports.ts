// DuckDB beside PostgreSQL for the report benchmark: the workspace's report tables exported from
// PostgreSQL (COPY … TO CSV), written to Parquet by DuckDB, and a Queryable over them that runs
// the store's own report SQL, translated where DuckDB's dialect differs (to_char, percentile arrays).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  type DuckDBConnection,
  DOUBLE,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  VARCHAR,
  listValue,
} from '@duckdb/node-api';
import type { Queryable } from '../../src/store/db.js';

/** The tables the reports read, with the columns they use (JSON columns typed for DuckDB). */
const TABLES: Record<string, { columns: string; json?: string[] }> = {
  leads: {
    columns:
      'workspace_id, id, source, medium, campaign, industry, region, team_id, owner_id, merged_into_id, is_deleted, created_at',
  },
  transitions: {
    columns: 'workspace_id, id, lead_id, from_stage, to_stage, at, actor_type, reason_code, owner_id',
  },
  lead_milestones: { columns: 'workspace_id, lead_id, entered_at, mql_at, sql_at, won_at' },
  events: {
    columns: 'workspace_id, id, type, event, lead_id, occurred_at, properties, context',
    json: ['properties', 'context'],
  },
  opportunities: {
    columns:
      'workspace_id, id, lead_id, owner_id, amount, stage, probability, is_closed, is_won, created_at, close_date, closed_at, source, product',
  },
  sla_clocks: {
    columns:
      'workspace_id, id, lead_id, clock, stage, owner_id, team_id, started_at, warn_at, due_at, status, warned_at, breached_at, stopped_at',
  },
  teams: { columns: 'workspace_id, id, key, name, calendar, created_at', json: ['calendar'] },
  team_members: { columns: 'workspace_id, team_id, user_id' },
  rejection_disputes: { columns: 'workspace_id, id, lead_id, status, opened_at' },
  channel_spend: { columns: 'workspace_id, channel, month, amount' },
  goals: { columns: 'workspace_id, period, metric, target, updated_by, updated_at' },
};

export interface ParquetExport {
  dir: string;
  /** Milliseconds: PostgreSQL's COPY to CSV, and DuckDB's CSV → Parquet. */
  copyMs: number;
  parquetMs: number;
  bytes: number;
}

/**
 * Exports one workspace's report tables: `copyTo` runs PostgreSQL's `COPY (…) TO '<file>'` (the
 * server writes the file, so it must be on this machine), then DuckDB turns each CSV into Parquet.
 */
export async function exportToParquet(
  copyTo: (sql: string) => Promise<void>,
  workspaceId: string,
  dir: string,
): Promise<ParquetExport> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The PostgreSQL server runs as its own user: it must be able to write here.
  const { chmodSync } = await import('node:fs');
  chmodSync(dir, 0o777);
  let t = performance.now();
  for (const [table, { columns }] of Object.entries(TABLES)) {
    await copyTo(
      `copy (select ${columns} from ${table} where workspace_id = '${workspaceId}') to '${path.join(dir, `${table}.csv`)}' with (format csv, header)`,
    );
  }
  const copyMs = performance.now() - t;
  t = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  let bytes = 0;
  for (const [table, { json = [] }] of Object.entries(TABLES)) {
    const csv = path.join(dir, `${table}.csv`);
    const types = json.length > 0 ? `, types = {${json.map((j) => `'${j}': 'JSON'`).join(', ')}}` : '';
    const parquet = path.join(dir, `${table}.parquet`);
    await c.run(
      `copy (select * from read_csv('${csv}', header = true${types}))
         to '${parquet}' (format parquet, compression zstd)`,
    );
    rmSync(csv);
    const { statSync } = await import('node:fs');
    bytes += statSync(parquet).size;
  }
  c.closeSync();
  instance.closeSync();
  return { dir, copyMs, parquetMs: performance.now() - t, bytes };
}

/** A report SQL statement in DuckDB's dialect: the same query, the few spellings that differ swapped. */
export function toDuckSql(sql: string): string {
  return sql
    .replace(/to_char\((.*?) at time zone 'UTC', 'YYYY-MM'\)/g, "strftime($1, '%Y-%m')")
    .replace(
      /to_char\((.*?) at time zone 'UTC', 'YYYY-"Q"Q'\)/g,
      "(strftime($1, '%Y') || '-Q' || quarter($1))",
    )
    .replace(
      /percentile_cont\(array\[([^\]]*)\]\) within group\s*\(order by ([\s\S]*?)\) as q/g,
      'quantile_cont($2, [$1]) as q',
    )
    .replace(/= any\((\$\d+)::text\[\]\)/g, '= any(select unnest($1::text[]))');
}

const toJs = (v: unknown): unknown => {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJs);
  return v;
};

/** A Queryable over a folder of Parquet files (views named as the tables), in one DuckDB instance. */
export async function openDuckReports(
  dir: string,
  threads: number,
): Promise<Queryable & { close(): void; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await instance.connect();
  await c.run(`set TimeZone = 'UTC'`);
  for (const table of Object.keys(TABLES)) {
    await c.run(`create view ${table} as select * from '${path.join(dir, `${table}.parquet`)}'`);
  }
  // One connection runs one statement at a time: a report's parallel queries take turns.
  let tail: Promise<unknown> = Promise.resolve();
  const query = <R>(sql: string, params: readonly unknown[] = []): Promise<R[]> => {
    const run = async () => {
      const values = params.map((p) =>
        Array.isArray(p) ? listValue(p as DuckDBValue[]) : p,
      ) as DuckDBValue[];
      // An empty list has no item type of its own: the report's lists are all of text.
      const types: DuckDBType[] = params.map((p) =>
        Array.isArray(p) ? LIST(VARCHAR) : typeof p === 'number' ? DOUBLE : VARCHAR,
      );
      const reader = await c.runAndReadAll(toDuckSql(sql), values, types);
      // JSON comes back as its text; the store's callers expect it parsed, as node-postgres does.
      const json = new Set(reader.columnNames().filter((_, i) => reader.columnTypes()[i]?.alias === 'JSON'));
      return reader.getRowObjectsJS().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row))
          out[k] = json.has(k) && typeof v === 'string' ? JSON.parse(v) : toJs(v);
        return out as R;
      });
    };
    const next = tail.then(run, run);
    tail = next.catch(() => undefined);
    return next;
  };
  return {
    query,
    async exec(sql: string) {
      await query(sql);
    },
    close() {
      c.closeSync();
      instance.closeSync();
    },
    connection: c,
  };
}
