// Drained: how fast events become scored, not just accepted. N generated events are posted as
// /v1/batch requests of 100 by a few clients as fast as the server takes them; the clock runs from
// the first request until /healthz says nothing waits to be scored (the fold has caught up). Compared
// to the raw INSERT ceiling of the same rows measured in the same run, as ingestion is.
import { SCALES, STREAM, type Scale } from '../../src/demo/scales.js';
import { rawCeiling, perSecond } from '../harness/ceiling.js';
import { untilFolded } from '../harness/fold.js';
import { batchBodies } from '../harness/message-source.js';
import { formatInt, httpClient, round, writeKeyAuth } from '../harness/measure.js';
import { type Benchmark, result } from '../harness/types.js';

const SIZES = {
  small: { events: 20_000, warmup: 1_000, clients: 4, source: STREAM },
  full: { events: 100_000, warmup: 20_000, clients: 8, source: SCALES.full },
} as const satisfies Record<string, { events: number; warmup: number; clients: number; source: Scale }>;

const BATCH = 100;
const SEED = 9_001;
const WARMUP_SEED = 9_002;
const GOAL_RATIO = 0.33;

const benchmark: Benchmark = {
  name: 'drained',
  description:
    'events/s from the first /v1/batch until the fold has scored the last (healthz waiting 0) vs a raw INSERT',
  async run(ctx) {
    const size = SIZES[ctx.scale];
    const source = { scale: size.source, seed: SEED, nowMs: Date.parse('2025-06-30T12:00:00Z') };
    const ceiling = await rawCeiling(ctx, source, {
      count: size.events,
      warmup: size.warmup,
      warmupSeed: WARMUP_SEED,
      batchSize: BATCH,
      concurrency: size.clients,
    });

    const server = await ctx.startServer();
    const client = httpClient(server.url, size.clients + 1);
    try {
      const warm = await server.call('setupWorkspace', { slug: `drain-warm-${Date.now()}` });
      const target = await server.call('setupWorkspace', { slug: `drain-${Date.now()}` });
      ctx.log(`drained: warming up with ${formatInt(size.warmup)} events`);
      for (const { body } of batchBodies({ ...source, seed: WARMUP_SEED }, size.warmup, BATCH)) {
        const res = await client.post('/v1/batch', body, writeKeyAuth(warm.writeKey));
        if (res.status !== 200) throw new Error(`warm-up batch answered ${res.status}: ${res.body}`);
      }
      await untilFolded(client);

      ctx.log(`drained: ${formatInt(size.events)} events over HTTP, ${size.clients} clients, until folded`);
      const ready = [...batchBodies(source, size.events, BATCH)][Symbol.iterator]();
      const auth = writeKeyAuth(target.writeKey);
      let sent = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: size.clients }, async () => {
          for (let next = ready.next(); !next.done; next = ready.next()) {
            const res = await client.post('/v1/batch', next.value.body, auth);
            if (res.status !== 200)
              throw new Error(`batch answered ${res.status}: ${res.body.slice(0, 500)}`);
            sent += next.value.messages.length;
          }
        }),
      );
      const acceptedMs = performance.now() - started;
      const drainedMs = (await untilFolded(client, { everyMs: 10 })) - started;

      const [counts] = await server.call('query', {
        sql: `select count(*)::int as events, count(scored_at)::int as scored from events where workspace_id = $1`,
        params: [target.workspaceId],
      });
      if (counts?.events !== sent)
        throw new Error(`sent ${sent} events but ${String(counts?.events)} were stored`);
      const stats = await server.stats();
      const figure = (sent / drainedMs) * 1000;
      const rawPerSecond = perSecond(ceiling.values);
      return [
        result({
          name: 'drained',
          db: ctx.db,
          figure: round(figure, 0),
          unit: 'events/s',
          limit: round(rawPerSecond, 0),
          limitLabel: `raw multi-row INSERT; goal ≥ ${GOAL_RATIO}`,
          peakRssMb: round(stats.maxRssMb, 0),
          notes:
            `${formatInt(sent)} events, ${BATCH}/request, ${size.clients} clients: all accepted after ${round(acceptedMs / 1000)} s ` +
            `(${formatInt((sent / acceptedMs) * 1000)} ev/s), all folded after ${round(drainedMs / 1000)} s; ` +
            `${formatInt(Number(counts.scored))} scored (the rest belong to visitors nobody identified)`,
          details: {
            events: sent,
            scored: Number(counts.scored),
            acceptedMs: round(acceptedMs, 0),
            drainedMs: round(drainedMs, 0),
            acceptedPerSecond: round((sent / acceptedMs) * 1000, 0),
            rawValuesMs: round(ceiling.values.ms, 0),
            rawUnnestPerSecond: round(perSecond(ceiling.unnest), 0),
            goalRatio: GOAL_RATIO,
          },
        }),
      ];
    } finally {
      client.close();
      await server.stop();
    }
  },
};

export default benchmark;
