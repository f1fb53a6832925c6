// A fresh database for one run: a temporary PGlite data folder, or a new PostgreSQL database
// `tandem_bench_<timestamp>` created on the server and dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { ServerTarget } from './server-protocol.js';

export interface BenchDatabase {
  target: ServerTarget;
  /** Where the data lives, for the report ("/tmp/…", "tandem_bench_…"). */
  label: string;
  /** Bytes on disk now. */
  sizeBytes(): Promise<number>;
  drop(): Promise<void>;
}

export function pgliteDatabase(): BenchDatabase {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-bench-'));
  return {
    target: { kind: 'pglite', dataDir },
    label: dataDir,
    async sizeBytes() {
      const { execFileSync } = await import('node:child_process');
      return Number(execFileSync('du', ['-sb', dataDir], { encoding: 'utf8' }).split(/\s/)[0]);
    },
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `adminUrl` points at an existing database on the server (e.g. `postgres`) with CREATE DATABASE rights. */
export async function postgresDatabase(adminUrl: string, poolSize: number): Promise<BenchDatabase> {
  const name = `tandem_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize },
    label: `${url.host}/${name}`,
    async sizeBytes() {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        const r = await c.query<{ n: string }>(`select pg_database_size(current_database())::text as n`);
        return Number(r.rows[0]?.n ?? 0);
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Can we reach PostgreSQL at `adminUrl`? (The message says why not.) */
export async function canReachPostgres(
  adminUrl: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  } finally {
    await c.end().catch(() => undefined);
  }
}
