// A node that accepted events dies (kill -9) before folding them; the next start folds every one of
// them exactly once: a 200 means stored, and the sweep finds what no wake reached.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type Db, openPglite, openPostgres } from '../src/store/db.js';
import { makeWorkspace, testDeps } from './support/fixtures.js';

const config = loadConfig();
const children: ChildProcess[] = [];
let dataDir: string | null = null;

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

const openDb = (): Promise<Db> =>
  config.database.kind === 'postgres' ? openPostgres(config.database.url, 2) : openPglite(dataDir!);

function startNode(workers: boolean): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.resolve('bin/tandem.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TANDEM_WORKERS: String(workers),
      ...(dataDir ? { TANDEM_DATA_DIR: dataDir } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${stderr}`)), 60_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, url: m[1].replace('localhost', '127.0.0.1') });
      }
    });
    child.on('exit', (code) => reject(new Error(`node exited with ${code}: ${stderr}`)));
  });
}

const killed = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });

it('folds every event a killed node accepted, exactly once, after a restart', async () => {
  if (config.database.kind === 'pglite') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-crash-'));
    cpSync(inject('pgliteTemplate'), dataDir, { recursive: true });
  }
  let db = await openDb();
  const ws = await makeWorkspace(testDeps(db));
  await db.close(); // the embedded database is the server's alone from here

  // A node that holds its folder (no workers): it accepts and answers, and scores nothing.
  const first = await startNode(false);
  const auth = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
  const users = Array.from({ length: 20 }, (_, i) => `crash-${i}`);
  for (const [n, userId] of users.entries()) {
    const res = await fetch(`${first.url}/v1/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        batch: [
          {
            type: 'identify',
            userId,
            messageId: `${userId}-id`,
            traits: { email: `${userId}@bigco${n}.com` },
          },
          { type: 'track', userId, messageId: `${userId}-w`, event: 'Webinar Attended' },
          { type: 'track', userId, messageId: `${userId}-d`, event: 'Content Downloaded' },
        ],
      }),
    });
    expect(res.status).toBe(200);
  }
  const waiting = (await (await fetch(`${first.url}/healthz`)).json()) as { scoring: { waiting: number } };
  expect(waiting.scoring.waiting).toBeGreaterThanOrEqual(users.length * 3);
  await killed(first.process, 'SIGKILL');

  // Restarted with folding on: the sweep finds the work.
  const second = await startNode(true);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const h = (await (await fetch(`${second.url}/healthz`)).json()) as { scoring: { waiting: number } };
    if (h.scoring.waiting === 0) break;
    if (Date.now() > deadline) throw new Error(`still waiting: ${JSON.stringify(h)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await killed(second.process, 'SIGTERM');

  db = await openDb();
  try {
    const [events] = await db.query<{ total: number; scored: number }>(
      `select count(*)::int as total, count(scored_at)::int as scored from events where workspace_id = $1`,
      [ws.workspace.id],
    );
    expect(events).toEqual({ total: users.length * 3, scored: users.length * 3 });
    // One grant per scored track event and rule, none twice.
    const grants = await db.query<{ event_id: string; rule_id: string; n: number }>(
      `select event_id, rule_id, count(*)::int as n from score_contributions where workspace_id = $1
        group by 1, 2`,
      [ws.workspace.id],
    );
    expect(grants.length).toBe(users.length * 2);
    expect(grants.every((g) => g.n === 1)).toBe(true);
    const [created] = await db.query<{ n: number }>(
      `select count(*)::int as n from transitions where workspace_id = $1 and from_stage is null`,
      [ws.workspace.id],
    );
    expect(created!.n).toBe(users.length);
  } finally {
    await db.close();
  }
}, 180_000);
