// The shared reports at scale: each report's service (the code behind the API) run several times
// with representative filters and breakdowns on a bulk-loaded workspace, p50/p95 per report; on
// PostgreSQL the same store queries also run in DuckDB over a Parquet export of the same rows (the
// ratio), and with BENCH_REPLICA_URL on a streaming replica while ingestion writes to the primary.
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Deps, silentLogger } from '../../src/services/deps.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createBenchWorkspace } from '../harness/bench-workspace.js';
import { loadBulkFixture } from '../harness/bulk-fixture.js';
import { exportToParquet, openDuckReports } from '../harness/duckdb-reports.js';
import { formatInt, httpClient, percentile, round, writeKeyAuth } from '../harness/measure.js';
import { batchBodies } from '../harness/message-source.js';
import { type ReportCase, reportCases } from '../harness/report-cases.js';
import { type BenchContext, type BenchResult, type Benchmark, result } from '../harness/types.js';

/** Leads in the fixture (events ~18 per lead, transitions ~2.7, opportunities ~0.2): BENCH_REPORT_LEADS overrides. */
const LEADS = {
  small: { postgres: 50_000, pglite: 20_000 },
  full: { postgres: 1_000_000, pglite: 1_000_000 },
} as const;
const REPEATS = { small: 3, full: 3 } as const;
const GOAL_MS = 500;

interface Timing {
  report: string;
  ms: number[];
  labels: Map<string, number[]>;
}

/** Runs every case `repeats` times after one untimed warm-up; per report, every call's milliseconds. */
async function timeCases(
  cases: ReportCase[],
  repeats: number,
  call: (c: ReportCase) => Promise<unknown>,
  log: (m: string) => void,
): Promise<Map<string, Timing>> {
  const out = new Map<string, Timing>();
  for (const c of cases) {
    await call(c);
    const t: Timing = out.get(c.report) ?? { report: c.report, ms: [], labels: new Map() };
    const mine: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      await call(c);
      mine.push(performance.now() - started);
    }
    t.ms.push(...mine);
    t.labels.set(c.label, mine);
    out.set(c.report, t);
    log(`reports: ${c.report} (${c.label}) p50 ${round(percentile(mine, 50))} ms`);
  }
  return out;
}

const describe = (t: Timing) =>
  [...t.labels].map(([label, ms]) => `${label} ${formatInt(percentile(ms, 50))}`).join('; ');

function envLeads(ctx: BenchContext): number {
  const raw = process.env.BENCH_REPORT_LEADS;
  if (raw === undefined) return LEADS[ctx.scale][ctx.db];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100)
    throw new Error(`BENCH_REPORT_LEADS: must be a whole number ≥ 100, got ${raw}`);
  return n;
}

const benchmark: Benchmark = {
  name: 'reports',
  description:
    'each shared report (funnel … planner) through its service on a bulk-loaded workspace: p50/p95 vs 500 ms, and vs DuckDB over Parquet',
  async run(ctx) {
    const leads = envLeads(ctx);
    const repeats = REPEATS[ctx.scale];
    const now = new Date();
    const results: BenchResult[] = [];
    const open = (poolSize: number) =>
      openDatabase(
        ctx.target.kind === 'postgres'
          ? { kind: 'postgres', url: ctx.target.url, poolSize }
          : { kind: 'pglite', dataDir: ctx.target.dataDir },
      );

    // Load with one connection (setseed holds per session), then read with a pool.
    let db: Db = await open(1);
    await migrate(db);
    const deps: Deps = { db, clock: () => now, log: silentLogger };
    const ws = await createBenchWorkspace(deps, `reports-${Date.now()}`);
    ctx.log(`reports: bulk-loading ${formatInt(leads)} leads`);
    const loaded = await loadBulkFixture(db, { workspaceId: ws.workspaceId, leads, now, log: ctx.log });
    ctx.log(
      `reports: ${formatInt(loaded.leads)} leads, ${formatInt(loaded.events)} events, ${formatInt(loaded.transitions)} transitions, ` +
        `${formatInt(loaded.opportunities)} opportunities in ${round(loaded.ms / 1000)} s`,
    );
    results.push(
      result({
        name: 'reports: bulk fixture load',
        db: ctx.db,
        figure: round(loaded.ms / 1000),
        unit: 's',
        limit: 3600,
        limitLabel: 'goal: well within 60 min',
        peakRssMb: null,
        notes: `${formatInt(loaded.leads)} leads, ${formatInt(loaded.events)} events, ${formatInt(loaded.transitions)} transitions, ${formatInt(loaded.opportunities)} opportunities, ${formatInt(loaded.clocks)} SLA clocks`,
        details: Object.fromEntries(Object.entries(loaded.steps).map(([k, v]) => [`${k}Ms`, Math.round(v)])),
      }),
    );
    // BENCH_REPORT_LOAD_ONLY=1: time the fixture alone (the full scale's reports take long).
    if (process.env.BENCH_REPORT_LOAD_ONLY === '1') {
      await db.close();
      return results;
    }
    if (ctx.target.kind === 'postgres') {
      await db.close();
      db = await open(4);
    }
    const readDeps: Deps = { ...deps, db };
    const cases = reportCases(now);
    const service = await timeCases(cases, repeats, (c) => c.service(readDeps, ws.workspaceId), ctx.log);
    for (const t of service.values()) {
      const p95 = percentile(t.ms, 95);
      results.push(
        result({
          name: `report ${t.report} p95`,
          db: ctx.db,
          figure: round(p95),
          unit: 'ms',
          limit: GOAL_MS,
          limitLabel: 'goal: < 500 ms',
          peakRssMb: null,
          notes: `p50 ${round(percentile(t.ms, 50))} ms over ${t.ms.length} calls; p50 by variant: ${describe(t)}`,
          details: { p50: round(percentile(t.ms, 50)), max: round(Math.max(...t.ms)), leads: loaded.leads },
        }),
      );
    }

    if (ctx.target.kind === 'postgres') {
      results.push(...(await duckComparison(ctx, db, ws.workspaceId, cases, repeats)));
      const replicaUrl = process.env.BENCH_REPLICA_URL;
      if (replicaUrl) results.push(...(await onReplica(ctx, replicaUrl, ws, cases, now)));
    }
    await db.close();
    return results;
  },
};

/** The store queries of each report on PostgreSQL and in DuckDB over Parquet: the ratio of p95s. */
async function duckComparison(
  ctx: BenchContext,
  db: Db,
  workspaceId: string,
  cases: ReportCase[],
  repeats: number,
): Promise<BenchResult[]> {
  const dir = path.join(tmpdir(), `tandem-bench-parquet-${process.pid}`);
  ctx.log('reports: exporting to Parquet');
  const exported = await exportToParquet((sql) => db.exec(`set timezone = 'UTC'; ${sql}`), workspaceId, dir);
  const duck = await openDuckReports(dir, 2);
  try {
    const onPg = await timeCases(
      cases,
      repeats,
      (c) => c.queries(db, workspaceId),
      () => undefined,
    );
    const onDuck = await timeCases(
      cases,
      repeats,
      (c) => c.queries(duck, workspaceId),
      () => undefined,
    );
    return [...onPg.values()].map((t) => {
      const d = onDuck.get(t.report)!;
      const pgP95 = percentile(t.ms, 95);
      const duckP95 = percentile(d.ms, 95);
      return result({
        name: `report ${t.report} vs DuckDB`,
        db: ctx.db,
        figure: round(pgP95 / duckP95, 2),
        unit: '× DuckDB',
        limit: 2,
        limitLabel: 'goal: ≤ 2× DuckDB',
        peakRssMb: null,
        notes: `store queries p95: PostgreSQL ${round(pgP95)} ms, DuckDB ${round(duckP95)} ms (2 threads, Parquet); export ${round(exported.copyMs / 1000)} s COPY + ${round(exported.parquetMs / 1000)} s Parquet, ${formatInt(exported.bytes / 1e6)} MB`,
        details: {
          pgP95: round(pgP95),
          duckP95: round(duckP95),
          pgP50: round(percentile(t.ms, 50)),
          duckP50: round(percentile(d.ms, 50)),
        },
      });
    });
  } finally {
    duck.close();
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The reports on the streaming replica (`BENCH_REPLICA_URL` names its server; the run's database
 * arrives there by replication) while a Tandem server ingests /v1/batch requests on the primary;
 * the replica's lag sampled every 200 ms beside the report times.
 */
async function onReplica(
  ctx: BenchContext,
  replicaServerUrl: string,
  ws: { workspaceId: string; writeKey: string },
  cases: ReportCase[],
  now: Date,
): Promise<BenchResult[]> {
  if (ctx.target.kind !== 'postgres') return [];
  const replicaUrl = new URL(replicaServerUrl);
  replicaUrl.pathname = new URL(ctx.target.url).pathname;
  const replica = await openDatabase({ kind: 'postgres', url: replicaUrl.toString(), poolSize: 4 });
  const primary = new pg.Client({ connectionString: ctx.target.url });
  await primary.connect();
  // Wait until the replica has replayed the fixture.
  const [{ lsn }] = (await primary.query<{ lsn: string }>(`select pg_current_wal_lsn()::text as lsn`))
    .rows as [{ lsn: string }];
  for (let i = 0; ; i++) {
    const [r] = await replica.query<{ ok: boolean }>(`select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok`, [
      lsn,
    ]);
    if (r?.ok) break;
    if (i > 600) throw new Error('the replica did not catch up with the fixture within 10 minutes');
    await new Promise((res) => setTimeout(res, 1000));
  }
  const server = await ctx.startServer();
  const client = httpClient(server.url, 2);
  let writing = true;
  let sent = 0;
  const writer = (async () => {
    const auth = writeKeyAuth(ws.writeKey);
    const bodies = batchBodies({ scale: 'full', seed: 9_001, nowMs: now.getTime() }, 10_000_000, 100);
    for (let next = bodies.next(); writing && !next.done; next = bodies.next()) {
      const res = await client.post('/v1/batch', next.value.body, auth);
      if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${res.body.slice(0, 300)}`);
      sent += next.value.messages.length;
    }
  })();
  const lags: number[] = [];
  const sampler = setInterval(() => {
    primary
      .query<{ ms: number | null }>(
        `select extract(epoch from max(replay_lag)) * 1000 as ms from pg_stat_replication`,
      )
      .then((r) => lags.push(Number(r.rows[0]?.ms ?? 0)))
      .catch(() => undefined);
  }, 200);
  const started = performance.now();
  let timings: Map<string, Timing>;
  try {
    const deps: Deps = { db: replica, clock: () => now, log: silentLogger };
    timings = await timeCases(cases, 2, (c) => c.service(deps, ws.workspaceId), ctx.log);
  } finally {
    writing = false;
    clearInterval(sampler);
    await writer.catch((err: unknown) =>
      ctx.log(`reports: ingestion during the replica run failed: ${String(err)}`),
    );
    client.close();
    await server.stop();
    await primary.end();
    await replica.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const lagNote = `replica replay_lag p50 ${round(percentile(lags, 50))} ms, max ${round(Math.max(0, ...lags))} ms over ${lags.length} samples; primary ingested ${formatInt(sent)} events (${formatInt(sent / seconds)}/s) meanwhile`;
  return [...timings.values()].map((t) =>
    result({
      name: `report ${t.report} p95 on replica`,
      db: ctx.db,
      figure: round(percentile(t.ms, 95)),
      unit: 'ms',
      limit: GOAL_MS,
      limitLabel: 'goal: < 500 ms',
      peakRssMb: null,
      notes: `p50 ${round(percentile(t.ms, 50))} ms; ${lagNote}`,
      details: {
        lagP50Ms: round(percentile(lags, 50)),
        lagMaxMs: round(Math.max(0, ...lags)),
        ingested: sent,
      },
    }),
  );
}

export default benchmark;
