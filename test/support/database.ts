// The database for a test file: a private copy of the migrated PGlite template, or the shared
// PostgreSQL database when DATABASE_URL is set. Tests isolate themselves by workspace.
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
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Db, openPglite, openPostgres } from '../../src/store/db.js';

export async function openTestDb(): Promise<Db> {
  const config = loadConfig();
  if (config.database.kind === 'postgres') return openPostgres(config.database.url, 5);
  const template = inject('pgliteTemplate');
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
 * A private PGlite copy that already holds something every caller would build the same way (the
 * demo workspace for the browser tests): the first test file of the run builds it with `build` under
 * a lock, the others wait and copy it. It lives for this run only (global setup removes it), so
 * nothing built from yesterday's clock is reused. On PostgreSQL there is nothing to copy: the
 * shared database is returned and `build` is the caller's to run (it finds what exists).
 */
export async function openPreparedTestDb(name: string, build: (db: Db) => Promise<void>): Promise<Db> {
  const config = loadConfig();
  if (config.database.kind === 'postgres') return openTestDb();
  const template = path.join(inject('preparedDir'), name);
  if (!existsSync(path.join(template, 'READY'))) {
    const lock = `${template}.lock`;
    mkdirSync(path.dirname(lock), { recursive: true });
    const deadline = Date.now() + 300_000;
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        if (existsSync(path.join(template, 'READY'))) break;
        if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
          rmSync(lock, { recursive: true, force: true });
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    try {
      if (!existsSync(path.join(template, 'READY'))) {
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
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
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
