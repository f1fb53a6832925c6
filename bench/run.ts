// `npm run bench`: runs every benchmark in bench/benchmarks/ on a fresh database of each kind,
// prints a table and writes bench/results/latest.json. Timing is reported, never asserted.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import { summariseProfile } from './harness/cpu-profile.js';
import {
  type BenchDatabase,
  canReachPostgres,
  pgliteDatabase,
  postgresDatabase,
} from './harness/database.js';
import { formatInt, round } from './harness/measure.js';
import { type RunReport, formatTable, machine, writeReport } from './harness/report.js';
import { BenchServer } from './harness/server.js';
import type { BenchContext, BenchScale, Benchmark, DbKind, FixtureWorkspace } from './harness/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROFILES = path.join(tmpdir(), `tandem-bench-profiles-${process.pid}`);
const FIXTURE_SEED = 42;

/** Every file in bench/benchmarks/ is a benchmark: adding one is adding a file. */
async function discoverBenchmarks(): Promise<Benchmark[]> {
  const dir = path.join(HERE, 'benchmarks');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const out: Benchmark[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: Benchmark };
    if (!mod.default?.name || typeof mod.default.run !== 'function') {
      throw new Error(`bench/benchmarks/${f} must export default a Benchmark ({ name, description, run })`);
    }
    out.push(mod.default);
  }
  return out;
}

interface Options {
  db: 'pglite' | 'postgres' | 'both';
  scale: BenchScale;
  only?: string[];
  pgUrl: string;
  profile: boolean;
  out: string;
  list: boolean;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run bench --')
    .description('Tandem benchmarks: figures next to the limits they are compared to; nothing is asserted.')
    .addOption(
      new Option('--db <db>', 'database(s) to run on')
        .choices(['pglite', 'postgres', 'both'])
        .default('both'),
    )
    .addOption(
      new Option('--scale <scale>', 'small (minutes) or full (1M leads / 20M events)')
        .choices(['small', 'full'])
        .default('small'),
    )
    .option('--only <names>', 'comma-separated benchmark names', (v: string) =>
      v.split(',').map((s) => s.trim()),
    )
    .option(
      '--pg-url <url>',
      'PostgreSQL server (a fresh database is created on it)',
      'postgres://postgres@127.0.0.1:5432/postgres',
    )
    .option('--profile', 'CPU-profile the Tandem server of each benchmark (into a temporary folder)', false)
    .option('--out <file>', 'where to write the JSON results', path.join(HERE, 'results/latest.json'))
    .option('--list', 'list the benchmarks and exit', false);
  const opts = program.parse(process.argv).opts<Options>();

  const all = await discoverBenchmarks();
  if (opts.list) {
    for (const b of all) console.log(`${b.name.padEnd(16)} ${b.description}`);
    return;
  }
  const unknown = (opts.only ?? []).filter((n) => !all.some((b) => b.name === n));
  if (unknown.length > 0)
    throw new Error(
      `unknown benchmark(s): ${unknown.join(', ')} (have: ${all.map((b) => b.name).join(', ')})`,
    );
  const selected = opts.only ? all.filter((b) => opts.only!.includes(b.name)) : all;
  const kinds: DbKind[] = opts.db === 'both' ? ['pglite', 'postgres'] : [opts.db];

  const started = new Date();
  const report: RunReport = {
    startedAt: started.toISOString(),
    finishedAt: '',
    seconds: 0,
    scale: opts.scale,
    databases: [],
    machine: machine(),
    results: [],
    failures: [],
  };
  const log = (m: string) =>
    process.stderr.write(`[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
  log(`${selected.map((b) => b.name).join(', ')} at ${opts.scale} scale on ${kinds.join(' and ')}`);

  for (const kind of kinds) {
    let database: BenchDatabase;
    if (kind === 'postgres') {
      const reach = await canReachPostgres(opts.pgUrl);
      if (!reach.ok) {
        const why = `PostgreSQL not reachable at ${opts.pgUrl}: ${reach.message}`;
        if (opts.db === 'postgres') throw new Error(why);
        log(`skipping postgres: ${why}`);
        report.databases.push({ db: kind, label: opts.pgUrl, sizeBytes: null, skipped: why });
        continue;
      }
      database = await postgresDatabase(opts.pgUrl, 10);
    } else {
      database = pgliteDatabase();
    }
    log(`${kind}: fresh database ${database.label}`);
    let current = 'setup';
    const profileDir = (name: string) => {
      if (!opts.profile) return undefined;
      const dir = path.join(PROFILES, `${kind}-${name}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    };
    let fixture: Promise<FixtureWorkspace> | null = null;
    const ctx: BenchContext = {
      db: kind,
      scale: opts.scale,
      target: database.target,
      startServer: () => BenchServer.start(database.target, { cpuProfileDir: profileDir(current) }),
      fixture() {
        fixture ??= loadFixture(database, opts.scale, log);
        return fixture;
      },
      log: (m) => log(`${kind} ${m}`),
    };
    try {
      for (const b of selected) {
        current = b.name;
        const t = performance.now();
        try {
          const results = await b.run(ctx);
          report.results.push(...results);
          log(`${kind} ${b.name}: done in ${round((performance.now() - t) / 1000)} s`);
        } catch (err) {
          const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
          report.failures.push({ benchmark: b.name, db: kind, error });
          log(`${kind} ${b.name}: FAILED\n${error}`);
        }
      }
      report.databases.push({
        db: kind,
        label: database.label,
        sizeBytes: await database.sizeBytes().catch(() => null),
      });
    } finally {
      await database.drop();
    }
  }

  const finished = new Date();
  report.finishedAt = finished.toISOString();
  report.seconds = Math.round((finished.getTime() - started.getTime()) / 1000);
  writeReport(opts.out, report);
  console.log('');
  console.log(formatTable(report.results));
  console.log('');
  for (const f of report.failures) console.log(`FAILED ${f.benchmark} on ${f.db}: ${f.error.split('\n')[0]}`);
  console.log(
    `${opts.scale} scale, ${report.seconds} s on ${report.machine.cpus} CPUs (load average ${report.machine.loadAverage} at the start); ` +
      `written to ${path.relative(process.cwd(), opts.out)}`,
  );
  if (opts.profile) printProfiles();
  if (report.failures.length > 0) process.exitCode = 1;
}

async function loadFixture(
  database: BenchDatabase,
  scale: BenchScale,
  log: (m: string) => void,
): Promise<FixtureWorkspace> {
  const before = await database.sizeBytes();
  const server = await BenchServer.start(database.target);
  try {
    const ws = await server.call('setupWorkspace', { slug: `fixture-${Date.now()}` });
    log(`${database.target.kind} fixture: loading the ${scale} workspace (seed ${FIXTURE_SEED})`);
    const summary = await server.call('loadWorkspace', {
      workspaceId: ws.workspaceId,
      scale,
      seed: FIXTURE_SEED,
      nowMs: Date.now(),
      // The small history is sparse: week-long batches keep requests full (the full scale's always are).
      maxBatchSpanMs: 7 * 86_400_000,
    });
    await server.stop();
    const after = await database.sizeBytes();
    const bytesPerEvent = summary.messages > 0 ? (after - before) / summary.messages : 0;
    log(
      `${database.target.kind} fixture: ${formatInt(summary.messages)} events, ${formatInt(summary.leads)} leads in ${round(summary.ms / 1000)} s ` +
        `(${formatInt((summary.messages / summary.ms) * 1000)} ev/s; ingestion ${round(summary.ingestMs / 1000)} s, ` +
        `sales side ${round(summary.salesMs / 1000)} s; ${formatInt(bytesPerEvent)} bytes/event on disk)`,
    );
    return { ...ws, leads: summary.leads, events: summary.messages, loadMs: summary.ms, bytesPerEvent };
  } finally {
    await server.stop();
  }
}

/** The top frames of each server profile written in this run. */
function printProfiles(): void {
  const root = PROFILES;
  console.log(
    `\nCPU profiles in ${root} (summarise one: node --import tsx bench/harness/cpu-profile.ts <file>)`,
  );
  for (const dir of readdirSync(root)) {
    for (const f of readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.cpuprofile'))) {
      const s = summariseProfile(JSON.parse(readFileSync(path.join(root, dir, f), 'utf8')));
      console.log(`\n${dir}/${f}: ${round(s.total / 1000)} s sampled; self time by file`);
      for (const l of s.byFile.slice(0, 12))
        console.log(`  ${(l.share * 100).toFixed(1).padStart(5)}%  ${l.name}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
