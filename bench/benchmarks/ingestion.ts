// Acceptance: HTTP /v1/batch requests of 100 generated events from many leads, through validation,
// identity and storage; the 200 comes once the events are committed, and scoring, the lifecycle and
// the hand-off follow in the fold (its throughput is the `drained` benchmark). Compared to the raw
// ceiling measured in the same run on the same database: the same rows, bare, in batched multi-row
// INSERTs.
import { SCALES, STREAM, type Scale } from '../../src/demo/scales.js';
import { rawCeiling } from '../harness/ceiling.js';
import { batchBodies } from '../harness/message-source.js';
import { formatInt, httpClient, percentile, round, writeKeyAuth } from '../harness/measure.js';
import { type Benchmark, result } from '../harness/types.js';

const SIZES = {
  small: { events: 12_000, warmup: 1_000, clients: 4, source: STREAM },
  full: { events: 1_000_000, warmup: 20_000, clients: 8, source: SCALES.full },
} as const satisfies Record<string, { events: number; warmup: number; clients: number; source: Scale }>;

const BATCH = 100;
const SEED = 7_001;
const WARMUP_SEED = 7_002;

const benchmark: Benchmark = {
  name: 'ingestion',
  description:
    'acceptance: HTTP /v1/batch → 200 (stored, not yet scored) events/s vs a raw multi-row INSERT of the same rows',
  async run(ctx) {
    const size = SIZES[ctx.scale];
    const nowMs = Date.parse('2025-06-30T12:00:00Z');
    const source = { scale: size.source, seed: SEED, nowMs };
    // The ceiling first, in a server process of its own (so the HTTP server's memory is its own;
    // the HTTP run then writes into the larger table: the comparison favours the ceiling).
    const { values: raw, unnest } = await rawCeiling(ctx, source, {
      count: size.events,
      warmup: size.warmup,
      warmupSeed: WARMUP_SEED,
      batchSize: BATCH,
      concurrency: size.clients,
    });

    const server = await ctx.startServer();
    try {
      const warm = await server.call('setupWorkspace', { slug: `ingest-warm-${Date.now()}` });
      const target = await server.call('setupWorkspace', { slug: `ingest-${Date.now()}` });
      const client = httpClient(server.url, size.clients);

      // Warm the server up (JIT, caches, connection pool) on other data, untimed.
      ctx.log(`ingestion: warming up with ${formatInt(size.warmup)} events`);
      for (const { body } of batchBodies({ ...source, seed: WARMUP_SEED }, size.warmup, BATCH)) {
        const res = await client.post('/v1/batch', body, writeKeyAuth(warm.writeKey));
        if (res.status !== 200) throw new Error(`warm-up batch answered ${res.status}: ${res.body}`);
      }

      ctx.log(`ingestion: ${formatInt(size.events)} events over HTTP, ${size.clients} clients`);
      // Bodies are serialised up front at small scale, so the client's work is not in the timing.
      const bodies = batchBodies(source, size.events, BATCH);
      const ready = ctx.scale === 'small' ? [...bodies][Symbol.iterator]() : bodies;
      const latencies: number[] = [];
      let sent = 0;
      const auth = writeKeyAuth(target.writeKey);
      const started = performance.now();
      await Promise.all(
        Array.from({ length: size.clients }, async () => {
          for (let next = ready.next(); !next.done; next = ready.next()) {
            const res = await client.post('/v1/batch', next.value.body, auth);
            if (res.status !== 200)
              throw new Error(`batch answered ${res.status}: ${res.body.slice(0, 500)}`);
            latencies.push(res.ms);
            sent += next.value.messages.length;
          }
        }),
      );
      const ms = performance.now() - started;
      client.close();

      const [stored] = await server.call('query', {
        sql: `select count(*)::int as n from events where workspace_id = $1`,
        params: [target.workspaceId],
      });
      if (stored?.n !== sent) throw new Error(`sent ${sent} events but ${String(stored?.n)} were stored`);
      const [leads] = await server.call('query', {
        sql: `select count(*)::int as n from leads where workspace_id = $1`,
        params: [target.workspaceId],
      });
      const stats = await server.stats();
      const perSecond = (sent / ms) * 1000;
      const rawPerSecond = (raw.rows / raw.ms) * 1000;
      const unnestPerSecond = (unnest.rows / unnest.ms) * 1000;
      return [
        result({
          name: 'ingestion accepted',
          db: ctx.db,
          figure: round(perSecond, 0),
          unit: 'events/s',
          limit: round(rawPerSecond, 0),
          limitLabel: 'raw multi-row INSERT, same rows & DB',
          peakRssMb: round(stats.maxRssMb, 0),
          notes:
            `${formatInt(sent)} events → ${formatInt(Number(leads?.n ?? 0))} leads, ${BATCH}/request, ${size.clients} clients; ` +
            `request p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms; ` +
            `unnest() INSERT ceiling ${formatInt(unnestPerSecond)} ev/s (ratio ${round(perSecond / unnestPerSecond, 2)})`,
          details: {
            events: sent,
            leads: Number(leads?.n ?? 0),
            httpMs: round(ms, 0),
            rawValuesMs: round(raw.ms, 0),
            rawUnnestMs: round(unnest.ms, 0),
            rawUnnestPerSecond: round(unnestPerSecond, 0),
            requestP50Ms: round(percentile(latencies, 50)),
            requestP99Ms: round(percentile(latencies, 99)),
          },
        }),
      ];
    } finally {
      await server.stop();
    }
  },
};

export default benchmark;
