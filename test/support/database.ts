// The database for a test file: a private copy of the migrated PGlite template, or the shared
// PostgreSQL database when DATABASE_URL is set. Tests isolate themselves by workspace.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
