// `tandem report influence` and `tandem report list`, run as an operator would: a separate process
// on the same database, printing what the API answers (--json), its CSV (--csv) or a table.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { monthOf } from '../src/domain/report-months.js';
import { createWorkspace } from '../src/services/workspaces.js';
import { openPglite, openPostgres } from '../src/store/db.js';
import { insertLead } from './support/seed-rows.js';

const run = promisify(execFile);
const config = loadConfig();
let env: NodeJS.ProcessEnv;
let dataDir: string | null = null;
const slug = `cli-i-${Date.now().toString(36)}`;
const month = monthOf(new Date());

function tandem(...args: string[]) {
  return run(process.execPath, [path.resolve('bin/tandem.js'), ...args], { env, timeout: 60_000 });
}

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
        name: 'CLI influence test',
        timeZone: 'UTC',
        admin: { email: `admin@${slug}.test`, name: 'Admin', role: 'admin', password: null },
      },
    );
    // One lead this month that read /pricing, then became an MQL.
    const lead = await insertLead(db, workspace.id, { source: 'google' });
    const now = Date.now();
    await db.query(
      `insert into transitions (workspace_id, lead_id, from_stage, to_stage, at, actor_type, actor_label, reason,
                                agreement_version)
       values ($1, $2, null, 'lead', $3, 'system', 'test', 'seeded', 1),
              ($1, $2, 'lead', 'mql', $4, 'system', 'test', 'seeded', 1)`,
      [workspace.id, lead, new Date(now - 60_000).toISOString(), new Date(now).toISOString()],
    );
    await db.query(
      `insert into events (workspace_id, message_id, type, lead_id, occurred_at, received_at, properties)
       values ($1, 'cli-1', 'page', $2, $3, $3, '{"path": "/pricing"}')`,
      [workspace.id, lead, new Date(now - 30_000).toISOString()],
    );
  } finally {
    await db.close();
  }
}, 60_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('tandem report influence', { timeout: 300_000 }, () => {
  it('report list names it with what it computes', async () => {
    const { stdout } = await tandem('report', 'list');
    expect(stdout).toMatch(/^influence +Content influence: For the leads that entered in the period/m);
  });

  it('prints the JSON the API answers, the CSV, and a table', async () => {
    const json = JSON.parse(
      (await tandem('report', 'influence', '--workspace', slug, '--min-leads', '1', '--json')).stdout,
    ) as {
      report: string;
      minLeads: number;
      filters: { period: { to: string } };
      base: { leads: number }[];
      rows: {
        kind: string;
        touch: string;
        stages: { mql: { exposed: number; reached: number; lift: number } };
      }[];
    };
    expect(json).toMatchObject({ report: 'influence', minLeads: 1, filters: { period: { to: month } } });
    expect(json.base[0]!.leads).toBe(1);
    expect(json.rows).toEqual([
      expect.objectContaining({
        kind: 'page',
        touch: '/pricing',
        stages: expect.objectContaining({
          mql: expect.objectContaining({ exposed: 1, reached: 1, lift: 1 }),
        }),
      }),
    ]);
    const csv = (await tandem('report', 'influence', '--workspace', slug, '--csv')).stdout.split('\n');
    expect(csv[0]).toMatch(/^kind,touch,group,leads,reach,mql_exposed/);
    expect(csv[2]).toBe('page,/pricing,,1,1,1,1,1,,,1,0,0,,,1,0,0,,,');
    const table = (await tandem('report', 'influence', '--workspace', slug, '--by', 'source')).stdout;
    expect(table).toMatch(/^page\t\/pricing\tgoogle\t1\t/m);
  });

  it('refuses a minimum sample of none, naming the flag', async () => {
    await expect(
      tandem('report', 'influence', '--workspace', slug, '--min-leads', '0'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/--min-leads/) });
  });
});
