// One PostgreSQL database per test worker: global setup copies the migrated database once per
// worker (`<name>_w1`, `<name>_w2`, …) and this setup file, run in each worker before its files,
// points DATABASE_URL at the worker's copy, so everything the tests open or spawn uses it.
import { type Db, openPostgres } from '../../src/store/db.js';

/** The database a URL names. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name in DATABASE_URL: ${name}`);
  return name;
}

export function workerDatabaseNames(url: string, workers: number): string[] {
  return Array.from({ length: workers }, (_, i) => `${databaseName(url)}_w${i + 1}`);
}

/** Runs `fn` on a connection to the server's `postgres` database (to create or drop others). */
export async function withServer(url: string, fn: (server: Db) => Promise<void>): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const server = await openPostgres(admin.toString(), 1);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

// The setup file's own work: the shared URL is kept aside the first time, so running again before
// the next file (the workers keep their modules between files) changes nothing.
const pool = process.env.VITEST_POOL_ID;
const shared = process.env.TANDEM_TEST_SHARED_DATABASE_URL ?? process.env.DATABASE_URL;
if (shared && pool) {
  process.env.TANDEM_TEST_SHARED_DATABASE_URL = shared;
  const url = new URL(shared);
  url.pathname = `/${databaseName(shared)}_w${pool}`;
  process.env.DATABASE_URL = url.toString();
}
