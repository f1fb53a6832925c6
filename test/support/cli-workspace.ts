// The set-up a CLI test file registers, written once: a database the `tandem` process can open on
// its own (a copy of the PGlite template, or the PostgreSQL database of DATABASE_URL), one workspace
// made in it (seeded as the file needs) before the file's tests, and the copy removed after them.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createWorkspace } from '../../src/services/workspaces.js';
import { type Db, openPglite, openPostgres } from '../../src/store/db.js';

const run = promisify(execFile);

export interface CliWorkspace {
  /** The workspace's slug (known before the hooks run). */
  readonly slug: string;
  /** Runs `tandem <args>` as its own process on the file's database. */
  tandem(...args: string[]): Promise<{ stdout: string; stderr: string }>;
}

/**
 * Registers the hooks. `name` is the workspace's; `seed` plants what the file's tests read, on a
 * connection closed before the first test starts the CLI.
 */
export function cliWorkspace(setup: {
  slugPrefix: string;
  name: string;
  seed?: (db: Db, workspaceId: string) => Promise<void>;
}): CliWorkspace {
  const config = loadConfig();
  const slug = `${setup.slugPrefix}-${Date.now().toString(36)}`;
  let env: NodeJS.ProcessEnv = process.env;
  let dataDir: string | null = null;

  beforeAll(async () => {
    env = { ...process.env, LOG_LEVEL: 'error' };
    if (config.database.kind === 'pglite') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-cli-'));
      cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
      env.TANDEM_DATA_DIR = dataDir;
    }
    const db =
      config.database.kind === 'postgres'
        ? await openPostgres(config.database.url, 2)
        : await openPglite(dataDir!);
    try {
      const { workspace } = await createWorkspace(
        { db, clock: () => new Date(), log: console },
        { type: 'system', id: null, label: 'test' },
        {
          slug,
          name: setup.name,
          timeZone: 'UTC',
          admin: { email: `admin@${slug}.test`, name: 'Admin', role: 'admin', password: null },
        },
      );
      await setup.seed?.(db, workspace.id);
    } finally {
      await db.close();
    }
  }, 60_000);

  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    slug,
    tandem: (...args) =>
      run(process.execPath, [path.resolve('bin/tandem.js'), ...args], { env, timeout: 60_000 }),
  };
}
