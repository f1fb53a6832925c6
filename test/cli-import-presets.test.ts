// `tandem import presets` and `--preset`, run as an operator would: a separate process.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { IMPORT_PRESETS } from '../src/domain/import-presets.js';

const run = promisify(execFile);
const config = loadConfig();
let env: NodeJS.ProcessEnv;
let dir: string;
const slug = `pre-${Date.now().toString(36)}`;

function tandem(...args: string[]) {
  return run(process.execPath, [path.resolve('bin/tandem.js'), ...args], { env, timeout: 80_000 });
}

beforeAll(() => {
  env = { ...process.env, LOG_LEVEL: 'error' };
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-cli-presets-'));
  if (config.database.kind === 'pglite') {
    const dataDir = path.join(dir, 'data');
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
    env.TANDEM_DATA_DIR = dataDir;
  }
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('tandem import presets', { timeout: 300_000 }, () => {
  it('lists each preset with its system, kinds and the export it reads, and the datasets', async () => {
    const { stdout } = await tandem('import', 'presets');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^PRESET\s+SYSTEM\s+KINDS\s+READS$/);
    for (const p of IMPORT_PRESETS) {
      const line = lines.find((l) => l.startsWith(`${p.name} `));
      expect(line, p.name).toBeDefined();
      expect(line).toContain(p.system);
      expect(line).toContain(p.reads);
      for (const k of p.kinds) expect(line).toContain(k.kind);
    }
    expect(stdout).toContain('olist_marketing_qualified_leads_dataset.csv (olist-mql, leads), then');
  });

  it('imports a Salesforce report export with --preset, and recognises it with none', async () => {
    await tandem(
      'workspace',
      'create',
      '--slug',
      slug,
      '--name',
      'Presets',
      '--admin-email',
      'a@pre.example',
    );
    const file = path.resolve('test/fixtures/imports/salesforce-report-leads.csv');
    const named = await tandem('import', 'leads', file, '--workspace', slug, '--preset', 'salesforce-report');
    expect(named.stdout).toMatch(/done: 10 rows: created 9, updated 0, unchanged 0, rejected 1/);
    expect(named.stderr).toContain('leads with preset salesforce-report');
    const again = await tandem('import', 'leads', file, '--workspace', slug, '--dry-run', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({
      dryRun: true,
      preset: 'salesforce-report',
      counts: { created: 0, unchanged: 9, rejected: 1 },
    });
    const unknown = await tandem('import', 'leads', file, '--workspace', slug, '--preset', 'nope').catch(
      (e: { stderr: string }) => e,
    );
    expect((unknown as { stderr: string }).stderr).toContain('--preset');
  });
});
