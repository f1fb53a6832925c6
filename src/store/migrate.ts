// Applies drizzle-kit's generated migrations, forward only, under a lock so several nodes can start at once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from './db.js';

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number().int(), tag: z.string() })),
});

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface Migration {
  id: number;
  tag: string;
  statements: string[];
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const journal = journalSchema.parse(
    JSON.parse(await readFile(path.join(dir, 'meta/_journal.json'), 'utf8')),
  );
  return Promise.all(
    journal.entries.map(async (e) => {
      const text = await readFile(path.join(dir, `${e.tag}.sql`), 'utf8');
      const statements = text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return { id: e.idx, tag: e.tag, statements };
    }),
  );
}

// Any constant works; it only has to be the same on every node.
const MIGRATION_LOCK_KEY = 7_261_001;

/** Applies what is pending in one transaction; returns the tags applied and the resulting version. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<{ applied: string[]; version: number }> {
  const all = await readMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`create table if not exists tandem_migrations (
      id integer primary key, tag text not null, applied_at timestamptz not null default now())`);
    const done = new Set(
      (await tx.query<{ id: number }>('select id from tandem_migrations')).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.id)) continue;
      for (const statement of m.statements) await tx.exec(statement);
      await tx.query('insert into tandem_migrations (id, tag) values ($1, $2)', [m.id, m.tag]);
      applied.push(m.tag);
    }
    const version = all.length === 0 ? 0 : Math.max(...all.map((m) => m.id)) + 1;
    return { applied, version };
  });
}

/** The number of migrations applied to this database (0 when none). */
export async function migrationVersion(db: Db): Promise<number> {
  const rows = await db.query<{ n: number }>(`select count(*)::int as n from tandem_migrations`);
  return rows[0]?.n ?? 0;
}
