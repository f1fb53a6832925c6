// A Tandem server for a benchmark, in its own process (so its memory and CPU are its own): opens
// the run's database, listens on a free port, and answers the harness's requests over IPC
// (set up a workspace, load the fixture, insert raw rows, report its memory).
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/services/deps.js';
import { type Db, openPglite, openPostgres } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { loadWorkspace } from '../../src/demo/load.js';
import type { SegmentMessage } from '../../src/demo/messages.js';
import { createBenchWorkspace } from './bench-workspace.js';
import { firstMessages } from './message-source.js';
import { insertRaw, rawRows } from './raw-insert.js';
import type { ServerMethods, ServerTarget, ToParent, ToServer } from './server-protocol.js';

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
