// Where a CSV import spends its time: imports a generated leads CSV through the service behind
// `tandem import leads` (no HTTP, in this process) and times every SQL statement, grouped by its
// first words, beside the JavaScript between them.
//
//   node --import tsx bench/import-statements.ts [pglite|postgres] [--rows 20000] [--pg-url …] [--batch-size n]
//
// PostgreSQL: --pg-url names an existing database (migrated here); each run imports into fresh
// workspaces of it. PGlite: a temporary data folder, removed afterwards.
import { createReadStream, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../src/services/deps.js';
import { runImport, startImport } from '../src/services/import-run.js';
import { openImport } from '../src/services/imports.js';
import { type Db, type Queryable, openPglite, openPostgres } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createBenchWorkspace } from './harness/bench-workspace.js';
import { pgliteDatabase } from './harness/database.js';
import { writeLeadsCsv } from './harness/leads-csv.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rows: { type: 'string', default: '20000' },
    'pg-url': { type: 'string' },
    'batch-size': { type: 'string' },
  },
});
const kind = positionals[0] ?? 'pglite';
if (kind !== 'pglite' && kind !== 'postgres') throw new Error('the database is pglite or postgres');
const rows = Number(values.rows);

const pgUrl = values['pg-url'];
if (kind === 'postgres' && !pgUrl) throw new Error('--pg-url: the PostgreSQL database to import into');
const lite = kind === 'pglite' ? pgliteDatabase() : null;
const base: Db = lite
  ? await openPglite(lite.target.kind === 'pglite' ? lite.target.dataDir : undefined)
  : await openPostgres(pgUrl!, 4);
await migrate(base);

const stats = new Map<string, { n: number; ms: number; cpuMs: number }>();
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 80);
let timing = false;

/** CPU milliseconds a PostgreSQL server process on this machine has used (10 ms ticks). */
function processCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** Times every statement; `pid` is the server process of a transaction's connection (PostgreSQL). */
const timed = (q: Queryable, pid: number | null): Queryable => ({
  async query(sql, params) {
    const t = performance.now();
    const c = pid ? processCpuMs(pid) : 0;
    try {
      return await q.query(sql, params);
    } finally {
      if (timing) {
        const s = stats.get(label(sql)) ?? { n: 0, ms: 0, cpuMs: 0 };
        s.n++;
        s.ms += performance.now() - t;
        s.cpuMs += pid ? processCpuMs(pid) - c : 0;
        stats.set(label(sql), s);
      }
    }
  },
  exec: (sql) => q.exec(sql),
});
const db: Db = {
  ...base,
  query: timed(base, null).query,
  transaction: (fn) =>
    base.transaction(async (tx) => {
      const pid = pgUrl ? (await tx.query<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid : null;
      return fn(timed(tx, pid));
    }),
};
const deps = { db, clock: () => new Date(), log: silentLogger };
const actor = { type: 'system' as const, id: null, label: 'import-statements' };
const file = path.join(tmpdir(), `tandem-import-statements-${process.pid}.csv`);
const endMs = Date.parse('2026-11-30T00:00:00Z');

async function importFile(slug: string, f: string) {
  const { workspaceId } = await createBenchWorkspace(deps, `${slug}-${Date.now()}`);
  const opened = await openImport(
    { name: f, bytes: createReadStream(f), size: statSync(f).size },
    { kind: 'leads', ...(values['batch-size'] ? { batchSize: Number(values['batch-size']) } : {}) },
  );
  const record = await startImport(deps, workspaceId, actor, opened);
  return runImport(deps, workspaceId, actor, record, opened);
}

/** CPU seconds of this database's server processes (PostgreSQL on this machine), by process id. */
async function serverCpu(): Promise<Map<number, number>> {
  if (!pgUrl) return new Map();
  const rows = await base.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database()`,
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // a server on another machine, or a backend that has just gone
    }
  }
  return out;
}

try {
  await writeLeadsCsv(file, { rows: 2_000, seed: 21, endMs });
  await importFile('warm', file);
  await writeLeadsCsv(file, { rows, seed: 20, endMs });
  const server = await serverCpu();
  timing = true;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const done = await importFile('measured', file);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  timing = false;
  let serverS = 0;
  for (const [pid, s] of await serverCpu()) serverS += s - (server.get(pid) ?? 0);
  const sqlMs = [...stats.values()].reduce((n, s) => n + s.ms, 0);
  console.log(
    `${kind}: ${rows} rows ${done.status} (${JSON.stringify(done.counts)}) in ${(ms / 1000).toFixed(2)} s = ${Math.round((rows / ms) * 1000)} rows/s; ` +
      `Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, server CPU ${pgUrl ? `${serverS.toFixed(2)} s` : 'in Node'}; ` +
      `SQL awaited ${(sqlMs / 1000).toFixed(2)} s (load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
  );
  console.log('  awaited   server CPU (µs a row)   statements');
  for (const [sql, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
    console.log(
      `${(s.ms / 1000).toFixed(3).padStart(8)} s ${pgUrl ? ((s.cpuMs / rows) * 1000).toFixed(1).padStart(8) : '       -'} µs ${String(s.n).padStart(6)}×  ${sql}`,
    );
} finally {
  rmSync(file, { force: true });
  await base.close();
  await lite?.drop();
}
