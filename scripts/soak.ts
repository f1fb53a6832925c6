// `npm run soak [-- --seconds N] [--workers N]`: the real server under a bounded mixed load on
// loopback: ingestion, the lead list and detail, the inbox, accept/reject and reports. Prints
// throughput per kind, errors by status (any 5xx or network failure is an error) and the server's
// memory; exits 1 if anything failed. Then runs scripts/soak-fuzz.ts, when it exists.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_SLUG } from '../src/services/demo-workspace.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    workers: { type: 'string', default: '8' },
  },
});
const SECONDS = Number(args.seconds);
const WORKERS = Number(args.workers);
if (!(SECONDS > 0) || !(WORKERS > 0)) throw new Error('--seconds and --workers take positive numbers');
// The first fifth (at most a minute) fills caches and pools; growth is measured from its end.
const WARMUP_S = Math.min(60, SECONDS / 5);
const SAMPLE_MS = 2_000;
const REQUEST_TIMEOUT_MS = 30_000;

const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in kB, from /proc (Linux). */
function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]);
}

interface Server {
  base: string;
  child: ChildProcess;
  pid: number;
  stop(): Promise<number | null>;
}

/** `tandem serve --demo` on 127.0.0.1, as the README starts it, on a fresh embedded database. */
async function startServer(): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-soak-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/tandem.js'), 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      TANDEM_DATA_DIR: dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the server was not ready within 3 minutes');
    await sleep(250);
  }
  if (child.pid === undefined) throw new Error('the server has no process id');
  return {
    base,
    child,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

interface Session {
  secretKey: string;
  writeKey: string;
  repIds: string[];
}

async function setUp(base: string): Promise<Session> {
  const signIn = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: DEMO_SLUG, email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const asAdmin = (method: string, url: string, body?: unknown) =>
    fetch(`${base}/api/v1${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = await asAdmin('POST', '/api-keys', { type: 'secret', role: 'admin', name: 'soak' });
  if (created.status !== 201) throw new Error(`creating an API key failed: ${created.status}`);
  const { secret } = (await created.json()) as { secret: string };
  const keys = (await (await asAdmin('GET', '/api-keys')).json()) as {
    data: { type: string; writeKey: string | null; revokedAt?: string | null }[];
  };
  const writeKey = keys.data.find((k) => k.type === 'write' && k.writeKey && !k.revokedAt)?.writeKey;
  if (!writeKey) throw new Error('the demo workspace has no write key');
  const users = (await (await asAdmin('GET', '/users')).json()) as { data: { id: string; role: string }[] };
  const repIds = users.data.filter((u) => u.role === 'sales_rep').map((u) => u.id);
  return { secretKey: secret, writeKey, repIds };
}

// ------------------------------------------------------------------------------------------------
// The load: each worker picks a kind by weight, sends it, and counts the answer.

type Kind = 'batch' | 'track' | 'lead-list' | 'lead-detail' | 'inbox' | 'accept-reject' | 'reports';

interface Tally {
  count: number;
  ms: number;
  statuses: Map<string, number>;
}

const REJECT_REASONS = ['no_budget_timing', 'not_a_fit'];

function createLoad(base: string, session: Session) {
  const tallies = new Map<Kind, Tally>();
  const leadIds: string[] = [];
  const inboxLeadIds: string[] = [];
  let seq = 0;
  const bearer = { authorization: `Bearer ${session.secretKey}` };
  const basic = { authorization: `Basic ${Buffer.from(`${session.writeKey}:`).toString('base64')}` };
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];
  const remember = (into: string[], ids: string[]) => {
    into.push(...ids);
    if (into.length > 2000) into.splice(0, into.length - 2000);
  };

  /** A visitor of the marketing site: mostly returning ones (events on known leads), some new. */
  function message(type: 'identify' | 'track' | 'page') {
    const n = ++seq;
    const user = Math.random() < 0.7 ? `soak-user-${n % 500}` : `soak-user-${n}`;
    const common = {
      type,
      messageId: `soak-${process.pid}-${n}`,
      userId: user,
      timestamp: new Date().toISOString(),
    };
    if (type === 'identify') {
      return {
        ...common,
        traits: { email: `${user}@soak-${n % 40}.example`, title: 'Head of Growth', employees: 120 },
      };
    }
    if (type === 'page') return { ...common, name: 'Pricing', properties: { path: '/pricing' } };
    return { ...common, event: pick(['Demo Requested', 'Webinar Attended', 'Pricing Viewed'])! };
  }

  const requests: Record<Kind, () => { url: string; init: RequestInit; after?: (body: unknown) => void }> = {
    batch: () => ({
      url: '/v1/batch',
      init: {
        method: 'POST',
        headers: { ...basic, 'content-type': 'application/json' },
        body: JSON.stringify({
          batch: Array.from({ length: 20 }, (_, i) =>
            message(i % 5 === 0 ? 'identify' : i % 2 ? 'track' : 'page'),
          ),
        }),
      },
    }),
    track: () => ({
      url: '/v1/track',
      init: {
        method: 'POST',
        headers: { ...basic, 'content-type': 'application/json' },
        body: JSON.stringify(message('track')),
      },
    }),
    'lead-list': () => ({
      url: pick([
        '/api/v1/leads?limit=50',
        '/api/v1/leads?limit=50&stage=mql',
        '/api/v1/leads?limit=20&q=soak',
      ])!,
      init: { headers: bearer },
      after: (body) =>
        remember(
          leadIds,
          ((body as { data?: { id: string }[] }).data ?? []).map((l) => l.id),
        ),
    }),
    'lead-detail': () => {
      const id = pick(leadIds);
      return { url: id ? `/api/v1/leads/${id}` : '/api/v1/leads?limit=10', init: { headers: bearer } };
    },
    inbox: () => ({
      url: `/api/v1/inbox?ownerId=${pick(session.repIds) ?? ''}`,
      init: { headers: bearer },
      after: (body) =>
        remember(
          inboxLeadIds,
          ((body as { data?: { lead: { id: string } }[] }).data ?? []).map((item) => item.lead.id),
        ),
    }),
    // Someone else may have handled the lead already: 409 and 404 are answers, not errors.
    'accept-reject': () => {
      const id = inboxLeadIds.pop();
      if (!id)
        return { url: `/api/v1/inbox?ownerId=${pick(session.repIds) ?? ''}`, init: { headers: bearer } };
      const accept = Math.random() < 0.5;
      return {
        url: `/api/v1/leads/${id}/${accept ? 'accept' : 'reject'}`,
        init: {
          method: 'POST',
          headers: { ...bearer, 'content-type': 'application/json' },
          body: JSON.stringify(accept ? { note: 'soak' } : { reason: pick(REJECT_REASONS), note: 'soak' }),
        },
      };
    },
    reports: () => ({
      url: pick([
        '/api/v1/team-view',
        '/api/v1/commitments/marketing',
        '/api/v1/agreement',
        '/api/v1/accounts?limit=50',
      ])!,
      init: { headers: bearer },
    }),
  };

  const WEIGHTS: [Kind, number][] = [
    ['batch', 3],
    ['track', 3],
    ['lead-list', 2],
    ['lead-detail', 3],
    ['inbox', 2],
    ['accept-reject', 1],
    ['reports', 1],
  ];
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const chooseKind = (): Kind => {
    let r = Math.random() * total;
    for (const [kind, w] of WEIGHTS) if ((r -= w) < 0) return kind;
    return 'batch';
  };

  async function once(kind: Kind): Promise<void> {
    const { url, init, after } = requests[kind]();
    const started = performance.now();
    let status: string;
    try {
      const res = await fetch(`${base}${url}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      status = String(res.status);
      const body: unknown = res.headers.get('content-type')?.includes('json')
        ? await res.json()
        : await res.text();
      if (res.ok) after?.(body);
    } catch (err) {
      status = `network: ${(err as Error).name === 'TimeoutError' ? 'timeout' : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message)}`;
    }
    const t = tallies.get(kind) ?? { count: 0, ms: 0, statuses: new Map() };
    t.count++;
    t.ms += performance.now() - started;
    t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1);
    tallies.set(kind, t);
  }

  return {
    tallies,
    async run(until: number): Promise<void> {
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (Date.now() < until) await once(chooseKind());
        }),
      );
    },
  };
}

const isError = (status: string) => status.startsWith('network') || Number(status) >= 500;

async function runFuzz(): Promise<number | null> {
  const fuzz = path.join(ROOT, 'scripts/soak-fuzz.ts');
  if (!existsSync(fuzz)) return null;
  say('\nscripts/soak-fuzz.ts:');
  const child = spawn(process.execPath, ['--import', 'tsx', fuzz], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<void> {
  const db = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite in a temporary folder';
  say(`soak: ${SECONDS} s of mixed load, ${WORKERS} workers, on ${db}`);
  const server = await startServer();
  let errors = 0;
  try {
    const session = await setUp(server.base);
    const load = createLoad(server.base, session);
    const samples: { at: number; kb: number }[] = [];
    const startedAt = Date.now();
    const rssAtStart = rssKb(server.pid);
    const sampler = setInterval(
      () => samples.push({ at: Date.now() - startedAt, kb: rssKb(server.pid) }),
      SAMPLE_MS,
    );
    const progress = setInterval(() => {
      const done = [...load.tallies.values()].reduce((s, t) => s + t.count, 0);
      say(
        `  ${Math.round((Date.now() - startedAt) / 1000)} s: ${done} requests, RSS ${mb(rssKb(server.pid))}`,
      );
    }, 30_000);
    await load.run(startedAt + SECONDS * 1000);
    clearInterval(sampler);
    clearInterval(progress);
    const elapsed = (Date.now() - startedAt) / 1000;
    const rssAtEnd = rssKb(server.pid);

    say(`\nthroughput over ${elapsed.toFixed(0)} s:`);
    say(
      `  ${'kind'.padEnd(14)} ${'requests'.padStart(9)} ${'req/s'.padStart(8)} ${'mean ms'.padStart(8)}  statuses`,
    );
    for (const [kind, t] of [...load.tallies].sort(([a], [b]) => a.localeCompare(b))) {
      const statuses = [...t.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
      say(
        `  ${kind.padEnd(14)} ${String(t.count).padStart(9)} ${(t.count / elapsed).toFixed(1).padStart(8)} ${(t.ms / t.count).toFixed(1).padStart(8)}  ${statuses}`,
      );
    }
    const byStatus = new Map<string, number>();
    for (const t of load.tallies.values()) {
      for (const [s, n] of t.statuses) if (isError(s)) byStatus.set(s, (byStatus.get(s) ?? 0) + n);
    }
    errors = [...byStatus.values()].reduce((s, n) => s + n, 0);
    say(
      `errors (5xx or network): ${errors}${errors ? `  ${[...byStatus].map(([s, n]) => `${s}×${n}`).join(' ')}` : ''}`,
    );

    const afterWarmup = samples.find((s) => s.at >= WARMUP_S * 1000)?.kb ?? rssAtStart;
    const peak = Math.max(rssAtStart, rssAtEnd, ...samples.map((s) => s.kb));
    const growth = rssAtEnd - afterWarmup;
    say(
      `server RSS: start ${mb(rssAtStart)}, after ${WARMUP_S.toFixed(0)} s warm-up ${mb(afterWarmup)}, end ${mb(rssAtEnd)}, peak ${mb(peak)}; ` +
        `growth after warm-up ${growth >= 0 ? '+' : ''}${mb(growth)} (${((growth / afterWarmup) * 100).toFixed(1)}%)`,
    );
  } finally {
    const code = await server.stop();
    say(`server stopped (exit code ${code})`);
    if (code !== 0) errors++;
  }
  const fuzz = await runFuzz();
  if (fuzz !== null) say(`soak-fuzz exit code: ${fuzz}`);
  process.exitCode = errors > 0 || (fuzz ?? 0) !== 0 ? 1 : 0;
}

await main();
