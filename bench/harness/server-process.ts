// A Tandem server for a benchmark, in its own process (so its memory and CPU are its own): opens
// the run's database, listens on a free port, and answers the harness's requests over IPC
// (set up a workspace, load the fixture, insert raw rows, report its memory).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/services/deps.js';
import { type Db, openPglite, openPostgres } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { runImport, startImport } from '../../src/services/import-run.js';
import { openImport } from '../../src/services/imports.js';
import { loadWorkspace } from '../../src/demo/load.js';
import type { SegmentMessage } from '../../src/demo/messages.js';
import { createBenchWorkspace } from './bench-workspace.js';
import { firstMessages } from './message-source.js';
import { insertRaw, rawRows } from './raw-insert.js';
import type { ImportRun, ServerMethods, ServerTarget, ToParent, ToServer } from './server-protocol.js';

const run = promisify(execFile);
const MB = 1048576;

/** A plain table of the leads CSV's columns, typed as the import types them: COPY's target. */
const COPY_TABLE = `create table copy_ceiling (
  record_id text, first_name text, last_name text, email text, title text, company text, industry text,
  employees integer, annual_revenue numeric, country text, phone text, source text, created_at timestamptz)`;

function send(message: ToParent): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const target = JSON.parse(process.argv[2] ?? '{}') as ServerTarget;
  const db: Db =
    target.kind === 'pglite'
      ? await openPglite(target.dataDir)
      : await openPostgres(target.url, target.poolSize);
  await migrate(db);
  const deps = { db, clock: () => new Date(), log: silentLogger };
  const app = await buildApp(deps, {
    bodyLimitBytes: 1024 * 1024,
    sessionTtlMs: 3_600_000,
    secureCookies: false,
    logger: false,
    webDist: '/nonexistent',
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });

  const methods: ServerMethods = {
    setupWorkspace: ({ slug }) => createBenchWorkspace(deps, slug),
    loadWorkspace: ({ workspaceId, scale, seed, nowMs, maxBatchSpanMs }) => {
      // Long loads (the full scale takes hours) say how far they are every half minute.
      let lastReport = performance.now();
      const started = lastReport;
      return loadWorkspace(deps, workspaceId, {
        scale,
        seed,
        now: new Date(nowMs),
        ...(maxBatchSpanMs ? { maxBatchSpanMs } : {}),
        onProgress(p) {
          if (performance.now() - lastReport < 30_000) return;
          lastReport = performance.now();
          const share = (p.at.getTime() - p.startMs) / (p.endMs - p.startMs);
          const rate = (p.messages / (lastReport - started)) * 1000;
          process.stderr.write(
            `  loading: ${(share * 100).toFixed(1)}% of the history, ${p.messages.toLocaleString('en-US')} events (${Math.round(rate)} ev/s)\n`,
          );
        },
      });
    },
    async rawInsert({ scale, seed, nowMs, count, batchSize, concurrency, styles }) {
      // The same messages the client sends, regenerated here from the seed (deterministic), in
      // chunks so a million rows never sit in memory; only the inserts are timed. Each style
      // inserts into a workspace id of its own, so message ids never collide.
      const CHUNK = 20_000;
      const out = styles.map((style) => ({ style, workspaceId: randomUUID(), ms: 0, rows: 0 }));
      let chunk: SegmentMessage[] = [];
      const flush = async () => {
        for (const o of out) {
          const prepared = rawRows(o.workspaceId, chunk, new Date());
          o.ms += await insertRaw(db, prepared, { batchSize, concurrency, style: o.style });
          o.rows += prepared.length;
        }
        chunk = [];
      };
      for (const m of firstMessages({ scale, seed, nowMs }, count)) {
        chunk.push(m);
        if (chunk.length === CHUNK) await flush();
      }
      if (chunk.length > 0) await flush();
      return out.map(({ style, ms, rows }) => ({ style, ms, rows }));
    },
    async importCsv({ workspaceId, file, kind }) {
      const actor = { type: 'system' as const, id: null, label: 'benchmark' };
      const size = statSync(file).size;
      const startRssMb = process.memoryUsage().rss / MB;
      let peak = startRssMb;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss / MB);
      }, 50);
      const rssAtMb = { p10: 0, p50: 0, p100: 0 };
      const heapAtMb = { p10: 0, p50: 0, p100: 0 };
      const mark = (key: keyof typeof rssAtMb) => {
        const m = process.memoryUsage();
        rssAtMb[key] = m.rss / MB;
        heapAtMb[key] = m.heapUsed / MB;
        peak = Math.max(peak, rssAtMb[key]);
      };
      const started = performance.now();
      try {
        const opened = await openImport({ name: file, bytes: createReadStream(file), size }, { kind });
        const record = await startImport(deps, workspaceId, actor, opened);
        const done = await runImport(deps, workspaceId, actor, record, opened, (p) => {
          const share = p.bytesRead / size;
          if (share >= 0.1 && rssAtMb.p10 === 0) mark('p10');
          if (share >= 0.5 && rssAtMb.p50 === 0) mark('p50');
        });
        const ms = performance.now() - started;
        mark('p100');
        return {
          ms,
          status: done.status,
          counts: done.counts,
          startRssMb,
          peakRssMb: peak,
          maxRssMb: process.resourceUsage().maxRSS / 1024,
          rssAtMb,
          heapAtMb,
        } satisfies ImportRun;
      } finally {
        clearInterval(sampler);
      }
    },
    async copyCsv({ file }) {
      if (target.kind === 'postgres') {
        // psql's \copy streams the file from this machine as COPY FROM STDIN, as a client would.
        await run('psql', [
          target.url,
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          'drop table if exists copy_ceiling',
          '-c',
          COPY_TABLE,
        ]);
        const started = performance.now();
        await run('psql', [
          target.url,
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          `\\copy copy_ceiling from '${file.replaceAll("'", "''")}' with (format csv, header true)`,
        ]);
        const ms = performance.now() - started;
        const [row] = await db.query<{ n: number }>(`select count(*)::int as n from copy_ceiling`);
        await db.query(`drop table copy_ceiling`);
        return { ms, rows: row?.n ?? 0, how: 'psql \\copy into a plain table on the same server' };
      }
      // PGlite reads COPY input from a blob; an in-memory instance beside the benchmark's own.
      const lite = await PGlite.create();
      try {
        await lite.exec(COPY_TABLE);
        const started = performance.now();
        await lite.query(`copy copy_ceiling from '/dev/blob' with (format csv, header true)`, [], {
          blob: new Blob([readFileSync(file)]),
        });
        const ms = performance.now() - started;
        const res = await lite.query<{ n: number }>(`select count(*)::int as n from copy_ceiling`);
        return {
          ms,
          rows: res.rows[0]?.n ?? 0,
          how: 'COPY FROM /dev/blob into a plain table of an in-memory PGlite',
        };
      } finally {
        await lite.close();
      }
    },
    query: ({ sql, params }) => db.query(sql, params),
    async stats() {
      const usage = process.memoryUsage();
      return {
        rssMb: usage.rss / 1048576,
        heapUsedMb: usage.heapUsed / 1048576,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      };
    },
  };

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    // Load generators may leave keep-alive connections open; do not wait on them for long.
    await Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    await db.close();
    process.exit(0);
  };

  process.on('message', (raw: ToServer) => {
    if (raw.type === 'shutdown') {
      void shutdown();
      return;
    }
    const { id, method, params } = raw;
    const call = methods[method] as (p: unknown) => Promise<unknown>;
    call(params).then(
      (value) => send({ type: 'result', id, ok: true, value }),
      (err: unknown) =>
        send({
          type: 'result',
          id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
  process.on('disconnect', () => void shutdown());
  send({ type: 'ready', url: address });
}

main().catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
