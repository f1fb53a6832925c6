// Prepares the database once per test run: a migrated PGlite template that each test file copies,
// or, when DATABASE_URL is set, the migrated PostgreSQL database every test file shares.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { openPglite, openPostgres } from '../src/store/db.js';
import { MIGRATIONS_DIR, migrate } from '../src/store/migrate.js';
import { databaseName, withServer, workerDatabaseNames } from './support/worker-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Where this run keeps databases prepared once and copied by each file (openPreparedTestDb). */
    preparedDir: string;
  }
}

// PostgreSQL test databases commit without waiting for the WAL flush: a crash of the database
// server loses nothing a test cares about, and the many small transactions of the suite (each commit
// otherwise waits a few milliseconds for the disk) finish sooner. Not the embedded database: there
// the database dies with the node, and test/fold-crash.test.ts kills a node to check that what it
// answered 200 for survives.
const FAST_COMMIT = 'synchronous_commit = off';

function migrationsHash(): string {
  // The salt changes whenever the template is made differently, so an older one is never reused.
  const h = createHash('sha256').update('template-2');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(path.join(MIGRATIONS_DIR, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  const preparedDir = path.resolve('.tandem-test', `run-${process.pid}-${Date.now()}`);
  project.provide('preparedDir', preparedDir);
  let teardown = async () => rmSync(preparedDir, { recursive: true, force: true });
  if (config.database.kind === 'postgres') {
    const { url } = config.database;
    const db = await openPostgres(url, 2);
    await migrate(db);
    await db.close();
    // Files in different workers run at the same time: each worker gets a copy of the migrated
    // database (test/support/worker-database.ts points it there), so one file's folder, sweep or
    // statement count never sees another file's work. Within a worker, files run one at a time.
    const workers = Number(project.vitest.config.maxWorkers) || 1;
    const names = workerDatabaseNames(url, workers);
    await withServer(url, async (server) => {
      for (const name of names) {
        await server.exec(`drop database if exists ${name} with (force)`);
        await server.exec(`create database ${name} template ${databaseName(url)}`);
        await server.exec(`alter database ${name} set ${FAST_COMMIT}`);
      }
    });
    project.provide('pgliteTemplate', '');
    const removeDir = teardown;
    teardown = async () => {
      await removeDir();
      await withServer(url, async (server) => {
        for (const name of names) await server.exec(`drop database if exists ${name} with (force)`);
      });
    };
    return teardown;
  }
  const template = path.resolve('.tandem-test', `template-${migrationsHash()}`);
  if (!existsSync(path.join(template, 'READY'))) {
    // Built aside and renamed into place, so a concurrent run never sees half a template.
    const building = `${template}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const db = await openPglite(building);
    await migrate(db);
    await db.close();
    writeFileSync(path.join(building, 'READY'), new Date().toISOString());
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another run finished first
    }
  }
  project.provide('pgliteTemplate', template);
  return teardown;
}
