// The database for a test file: a private copy of the migrated PGlite template, or, when
// DATABASE_URL is set, the PostgreSQL database of this test worker (test/support/worker-database.ts).
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Db, openPglite, openPostgres } from '../../src/store/db.js';

export async function openTestDb(): Promise<Db> {
  const config = loadConfig();
  if (config.database.kind === 'postgres') return openPostgres(config.database.url, 5);
  return openPgliteCopy(inject('pgliteTemplate'));
}

/** A private copy of a PGlite data folder, removed when closed. */
async function openPgliteCopy(template: string): Promise<Db> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-test-'));
  cpSync(template, dir, { recursive: true });
  const db = await openPglite(dir);
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `work` while holding a lock directory, for what test files in parallel workers must do once
 * (build the web app, prepare a database). A lock left by a killed run is stale after `staleMs`.
 */
export async function withDirLock<T>(
  lock: string,
  work: () => Promise<T> | T,
  staleMs = 300_000,
): Promise<T> {
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + staleMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > staleMs)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${lock}; remove it if no test run is using it.`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A private PGlite copy that already holds something every caller would build the same way (the
 * demo workspace for the browser tests): the first test file of the run builds it with `build` under
 * a lock, the others wait and copy it. It lives for this run only (global setup removes it), so
 * nothing built from yesterday's clock is reused. On PostgreSQL there is nothing to copy: the
 * worker's database is returned and `build` is the caller's to run (it finds what exists).
 */
export async function openPreparedTestDb(name: string, build: (db: Db) => Promise<void>): Promise<Db> {
  const config = loadConfig();
  if (config.database.kind === 'postgres') return openTestDb();
  const template = path.join(inject('preparedDir'), name);
  const ready = () => existsSync(path.join(template, 'READY'));
  if (!ready()) {
    await withDirLock(`${template}.lock`, async () => {
      if (ready()) return;
      const building = `${template}.building`;
      rmSync(building, { recursive: true, force: true });
      cpSync(inject('pgliteTemplate'), building, { recursive: true });
      const db = await openPglite(building);
      try {
        await build(db);
      } finally {
        await db.close();
      }
      writeFileSync(path.join(building, 'READY'), new Date().toISOString());
      renameSync(building, template);
    });
  }
  return openPgliteCopy(template);
}

/**
 * Registers the hooks of a test file that needs only a database: opened before its tests, closed
 * after them. Read `db` inside hooks and tests.
 */
export function testDatabase(): { readonly db: Db } {
  let db: Db | undefined;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });
  return {
    get db() {
      if (!db) throw new Error('testDatabase: read db inside hooks and tests');
      return db;
    },
  };
}
