// The `tandem` command, run as an operator would: as a separate process on the same database.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createWorkspace } from '../src/services/workspaces.js';
import { openPglite, openPostgres } from '../src/store/db.js';
import { hashToken } from '../src/services/credentials.js';

const run = promisify(execFile);
const config = loadConfig();
let env: NodeJS.ProcessEnv;
let dataDir: string | null = null;
const slug = `cli-${Date.now().toString(36)}`;

function tandem(...args: string[]) {
  return run(process.execPath, [path.resolve('bin/tandem.js'), ...args], { env, timeout: 60_000 });
}

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openPglite>>) => Promise<T>): Promise<T> {
  const db =
    config.database.kind === 'postgres'
      ? await openPostgres(config.database.url, 2)
      : await openPglite(dataDir!);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  env = { ...process.env, LOG_LEVEL: 'error' };
  if (config.database.kind === 'pglite') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-cli-'));
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    env.TANDEM_DATA_DIR = dataDir;
  }
  await withDb((db) =>
    createWorkspace(
      { db, clock: () => new Date(), log: console },
      { type: 'system', id: null, label: 'test' },
      {
        slug,
        name: 'CLI test',
        timeZone: 'UTC',
        admin: { email: `admin@${slug}.test`, name: 'Admin', role: 'admin', password: null },
      },
    ),
  );
}, 60_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// Each case starts the CLI as its own process (tsx compiles the sources): slow on a loaded machine.
describe('tandem CLI', { timeout: 90_000 }, () => {
  it('migrate reports the migration version', async () => {
    const { stdout } = await tandem('migrate');
    expect(stdout).toMatch(/database at migration version \d+/);
  });

  it('api-key create prints the new key alone on stdout, and it is stored hashed with its role', async () => {
    const { stdout } = await tandem(
      'api-key',
      'create',
      '--workspace',
      slug,
      '--type',
      'secret',
      '--role',
      'marketing',
    );
    expect(stdout).toMatch(/^tdm_sk_[A-Za-z0-9_-]+\n$/);
    const key = stdout.trim();
    const rows = await withDb((db) =>
      db.query<{ role: string; type: string }>('select role, type from api_keys where key_hash = $1', [
        hashToken(key),
      ]),
    );
    expect(rows).toEqual([{ role: 'marketing', type: 'secret' }]);
    const write = await tandem('api-key', 'create', '--workspace', slug, '--type', 'write');
    expect(write.stdout).toMatch(/^tdm_wk_[A-Za-z0-9_-]+\n$/);
  });

  it('user add creates a member who can sign in with the printed password', async () => {
    const { stdout } = await tandem(
      'user',
      'add',
      '--workspace',
      slug,
      '--email',
      'rep@cli.test',
      '--role',
      'sales_rep',
      '--name',
      'Rep',
    );
    expect(stdout).toMatch(/^added rep@cli.test \(sales_rep\); password: \S+\n$/);
  });

  it('user add refuses a short or guessable password, naming the field, and adds nobody', async () => {
    for (const password of ['x', 'password12']) {
      await expect(
        tandem('user', 'add', '--workspace', slug, '--email', 'weak@cli.test', '--password', password),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('password:') });
    }
    const rows = await withDb((db) => db.query(`select 1 from users where email = 'weak@cli.test'`));
    expect(rows).toHaveLength(0);
  }, 60_000);

  it('fails with a clear message and exit code for an unknown workspace or a bad role', async () => {
    await expect(tandem('api-key', 'create', '--workspace', 'nope', '--type', 'write')).rejects.toMatchObject(
      {
        code: 1,
        stderr: expect.stringContaining('No workspace with slug "nope"'),
      },
    );
    await expect(
      tandem('api-key', 'create', '--workspace', slug, '--type', 'secret', '--role', 'boss'),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/Allowed choices are admin, marketing, sales_manager, sales_rep/),
    });
  });

  it.skipIf(config.database.kind !== 'pglite')(
    'refuses, naming the holder, while another process has the embedded database open',
    async () => {
      await withDb(async () => {
        await expect(tandem('migrate')).rejects.toMatchObject({
          code: 1,
          stderr: expect.stringMatching(
            new RegExp(`in use by another Tandem process \\(pid ${process.pid}\\)`),
          ),
        });
      });
      // Closed again: the folder is free for the next process.
      const { stdout } = await tandem('migrate');
      expect(stdout).toMatch(/migration/i);
    },
    60_000,
  );
});
