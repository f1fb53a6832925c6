// A database no other test file writes to, for what needs a server with no workspace yet (the
// first-run setup): a private PGlite copy, or a throwaway PostgreSQL database beside DATABASE_URL's.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { type Db, openPostgres } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openTestDb } from './database.js';

export async function openEmptyDb(): Promise<Db> {
  const { database } = loadConfig();
  if (database.kind !== 'postgres') return openTestDb();
  const serverUrl = database.url;
  const name = `tandem_empty_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(serverUrl, 1);
  try {
    await admin.exec(`create database ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 5);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      const again = await openPostgres(serverUrl, 1);
      try {
        await again.exec(`drop database if exists ${name} with (force)`);
      } finally {
        await again.close();
      }
    },
  };
}
