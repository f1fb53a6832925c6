// `tandem import`, run as an operator would: a separate process streaming a file from disk.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openPglite } from '../src/store/db.js';

const run = promisify(execFile);
const config = loadConfig();
let env: NodeJS.ProcessEnv;
let dir: string;
let dataDir: string | null = null;
const slug = `imp-${Date.now().toString(36)}`;

function tandem(...args: string[]) {
  return run(process.execPath, [path.resolve('bin/tandem.js'), ...args], { env, timeout: 80_000 });
}

beforeAll(() => {
  env = { ...process.env, LOG_LEVEL: 'error' };
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-cli-import-'));
  if (config.database.kind === 'pglite') {
    dataDir = path.join(dir, 'data');
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    env.TANDEM_DATA_DIR = dataDir;
  }
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('tandem import', { timeout: 300_000 }, () => {
  it('dry-runs a file writing nothing, then imports it, quiet on stderr when it is not a terminal', async () => {
    await tandem(
      'workspace',
      'create',
      '--slug',
      slug,
      '--name',
      'Importers',
      '--admin-email',
      'a@imp.example',
    );
    const file = path.join(dir, 'contacts.csv');
    // Semicolons and Latin-1, as a European spreadsheet saves them; one bad date.
    const text =
      'E-mail;Vorname;Erstellt\nx@firma.example;Jürgen;01.02.2025\ny@firma.example;Zoë;31.02.2025\n';
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const mapping = path.join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        fields: { email: 'E-mail', firstName: 'Vorname', createdAt: 'Erstellt' },
        options: { dateFormat: 'dd.MM.yyyy' },
      }),
    );
    const dry = await tandem(
      'import',
      'leads',
      file,
      '--workspace',
      slug,
      '--dry-run',
      '--json',
      '--mapping',
      mapping,
    );
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      counts: { rows: 2, created: 1, rejected: 1 },
      rejected: [{ row: 3, problems: [{ column: 'Erstellt', value: '31.02.2025' }] }],
    });
    const real = await tandem('import', 'leads', file, '--workspace', slug, '--mapping', mapping);
    // Piped (not a terminal): no progress bar, the outcome alone.
    expect(real.stderr).not.toContain('█');
    expect(real.stdout).toMatch(
      /^import [0-9a-f-]{36} done: 2 rows: created 1, updated 0, unchanged 0, rejected 1$/m,
    );
    const again = await tandem('import', 'leads', file, '--workspace', slug, '--mapping', mapping, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'done', counts: { created: 0, unchanged: 1 } });
    if (dataDir) {
      // The embedded database has no autovacuum: the command left the planner statistics of what it
      // loaded fresh (reltuples is -1 for a table never analysed).
      const db = await openPglite(dataDir);
      try {
        const rows = await db.query<{ n: number }>(
          `select reltuples::float8 as n from pg_class where relname = 'leads' and relkind = 'r'`,
        );
        expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
      } finally {
        await db.close();
      }
    }
  });
});
