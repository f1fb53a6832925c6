// `tandem workspace create|list`, run as an operator would: a separate process on the same database.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { verifyPassword } from '../src/services/credentials.js';
import { listAudit } from '../src/store/audit-log.js';
import { type Db, openPglite, openPostgres } from '../src/store/db.js';
import { activeAgreementRow } from '../src/store/agreements.js';
import { findUserCredentials } from '../src/store/users.js';
import { findWorkspaceBySlug } from '../src/store/workspaces.js';

const run = promisify(execFile);
const config = loadConfig();
let env: NodeJS.ProcessEnv;
let dataDir: string | null = null;
const slug = `acme-${Date.now().toString(36)}`;

function tandem(...args: string[]) {
  return run(process.execPath, [path.resolve('bin/tandem.js'), ...args], { env, timeout: 80_000 });
}

async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
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

beforeAll(() => {
  env = { ...process.env, LOG_LEVEL: 'error' };
  if (config.database.kind === 'pglite') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-cli-ws-'));
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    env.TANDEM_DATA_DIR = dataDir;
  }
});
afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// Each case starts the CLI as its own process (tsx compiles the sources): slow on a loaded machine.
describe('tandem workspace', { timeout: 300_000 }, () => {
  it('create makes the workspace with its admin and agreement, printing a strong generated password', async () => {
    const { stdout } = await tandem(
      'workspace',
      'create',
      '--slug',
      slug,
      '--name',
      'Acme Inc',
      '--admin-email',
      'Boss@Acme.example',
      '--time-zone',
      'Europe/Berlin',
    );
    const password = /^password: (\S+)$/m.exec(stdout)?.[1];
    expect(stdout).toContain(
      `created workspace ${slug} (Acme Inc, Europe/Berlin) with admin boss@acme.example`,
    );
    expect(password).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(20);
    await withDb(async (db) => {
      const ws = (await findWorkspaceBySlug(db, slug))!;
      expect(ws).toMatchObject({ name: 'Acme Inc', timeZone: 'Europe/Berlin' });
      expect(ws.settings.businessHours).toEqual({
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        from: '09:00',
        to: '17:00',
      });
      const admin = await findUserCredentials(db, ws.id, 'boss@acme.example');
      expect(admin?.user.role).toBe('admin');
      expect(await verifyPassword(admin!.passwordHash, password!)).toBe(true);
      expect((await activeAgreementRow(db, ws.id))?.version).toBe(1);
      const audit = await listAudit(db, ws.id, { limit: 20, beforeId: null });
      expect(audit.find((e) => e.action === 'workspace.created')?.actor).toMatchObject({ type: 'cli' });
    });
  });

  it('user add works for the created workspace, and list shows it with its members', async () => {
    const added = await tandem(
      'user',
      'add',
      '--workspace',
      slug,
      '--email',
      'rep@acme.example',
      '--role',
      'sales_rep',
    );
    expect(added.stdout).toMatch(/^added rep@acme.example \(sales_rep\); password: \S+\n$/);

    const json = await tandem('workspace', 'list', '--json');
    const listed = (
      JSON.parse(json.stdout) as { slug: string; name: string; members: number; createdAt: string }[]
    ).find((w) => w.slug === slug);
    expect(listed).toMatchObject({ name: 'Acme Inc', members: 2 });
    expect(Number.isNaN(Date.parse(listed!.createdAt))).toBe(false);

    const table = await tandem('workspace', 'list');
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SLUG\s+NAME\s+MEMBERS\s+CREATED$/);
    expect(lines.find((l) => l.startsWith(`${slug} `))).toMatch(
      new RegExp(`^${slug}\\s+Acme Inc\\s+2\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`),
    );
  });

  it('names the bad flag and creates nothing', async () => {
    const other = `${slug}-x`;
    const base = ['workspace', 'create', '--slug', other, '--name', 'X', '--admin-email', 'x@x.example'];
    await expect(tandem(...base, '--password', 'password12')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--password: is too easy to guess'),
    });
    await expect(tandem(...base, '--time-zone', 'Mars/Olympus')).rejects.toMatchObject({
      stderr: expect.stringContaining("option '--time-zone <zone>' argument 'Mars/Olympus' is invalid"),
    });
    await expect(
      tandem('workspace', 'create', '--slug', 'demo', '--name', 'X', '--admin-email', 'x@x.example'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("option '--slug <slug>' argument 'demo' is invalid"),
    });
    await expect(
      tandem('workspace', 'create', '--slug', slug, '--name', 'Again', '--admin-email', 'y@y.example'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--slug: already taken'),
    });
    await expect(tandem('workspace', 'create', '--slug', other, '--name', 'X')).rejects.toMatchObject({
      stderr: expect.stringContaining("required option '--admin-email <email>' not specified"),
    });
    expect(await withDb((db) => findWorkspaceBySlug(db, other))).toBeNull();
  });
});
