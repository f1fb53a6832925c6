// Event → score visible, under a steady open loop of 1,000 events/s, in two shapes: one event per
// request (as analytics.js sends each call to /v1/<type>) and batches of 50 (a server-side source
// flushing every 50 ms). /v1/* answers once the events are stored; a folder scores them in
// micro-batches afterwards and stamps `events.scored_at`. So the latency of an event is its
// scored_at minus the moment it was *scheduled* to be sent (no coordinated omission), read from
// the database once the fold has drained. Events of visitors nobody has identified yet wait for
// their lead (an identify sent later), not for the server: only events sent with a userId count.
import { SCALES, STREAM, type Scale } from '../../src/demo/scales.js';
import type { SegmentMessage } from '../../src/demo/messages.js';
import { scoredAtByMessage, untilFolded } from '../harness/fold.js';
import { batchBodies, firstMessages } from '../harness/message-source.js';
import { formatInt, httpClient, percentile, round, writeKeyAuth } from '../harness/measure.js';
import type { BenchServer } from '../harness/server.js';
import { type BenchContext, type BenchResult, type Benchmark, result } from '../harness/types.js';

const SIZES = {
  small: { seconds: 10, source: STREAM },
  full: { seconds: 60, source: SCALES.full },
} as const satisfies Record<string, { seconds: number; source: Scale }>;

const RATE = 1_000;
const GOAL_P99_MS = 50;
const WARMUP_EVENTS = 500;
/**
 * An open loop the server cannot follow only grows a queue: once this many seconds of events are
 * unanswered the sender stops (the run is then reported as saturated, on the events sent).
 */
const MAX_BACKLOG_SECONDS = 3;
const SHAPES = [
  { label: 'single', perRequest: 1, seed: 8_001 },
  { label: 'batch50', perRequest: 50, seed: 8_003 },
] as const;
type Shape = (typeof SHAPES)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Request {
  path: string;
  body: string;
  messages: SegmentMessage[];
}

/** The first `count` messages of `seed` as the requests of `shape`. */
function requests(
  shape: Shape,
  source: { scale: Scale; nowMs: number },
  seed: number,
  count: number,
): Request[] {
  if (shape.perRequest === 1)
    return [...firstMessages({ ...source, seed }, count)].map((m) => ({
      path: `/v1/${m.type}`,
      body: JSON.stringify(m),
      messages: [m],
    }));
  return [...batchBodies({ ...source, seed }, count, shape.perRequest)].map((b) => ({
    path: '/v1/batch',
    ...b,
  }));
}

async function runShape(ctx: BenchContext, server: BenchServer, shape: Shape): Promise<BenchResult[]> {
  const size = SIZES[ctx.scale];
  const events = RATE * size.seconds;
  const source = { scale: size.source, nowMs: Date.parse('2025-06-30T12:00:00Z') };
  const client = httpClient(server.url, 512);
  try {
    // A warm-up in the same shape on a workspace of its own (untimed), folded before the run.
    const warm = await server.call('setupWorkspace', { slug: `latency-warm-${shape.label}-${Date.now()}` });
    for (const r of requests(shape, source, shape.seed + 1, WARMUP_EVENTS)) {
      const res = await client.post(r.path, r.body, writeKeyAuth(warm.writeKey));
      if (res.status !== 200) throw new Error(`warm-up answered ${res.status}: ${res.body}`);
    }
    await untilFolded(client);

    const ws = await server.call('setupWorkspace', { slug: `latency-${shape.label}-${Date.now()}` });
    const auth = writeKeyAuth(ws.writeKey);
    const plan = requests(shape, source, shape.seed, events);
    const intervalMs = (shape.perRequest / RATE) * 1000;
    ctx.log(
      `score-latency: ${formatInt(RATE)} events/s for ${size.seconds} s, ${shape.perRequest} per request`,
    );

    const dueAt = new Map<string, number>(); // message id → scheduled send, epoch ms
    const accepted: number[] = []; // scheduled send → 200, ms
    const failures: string[] = [];
    const inFlight: Promise<void>[] = [];
    let lastAnswer = 0;
    let unanswered = 0;
    const started = performance.now();
    let i = 0;
    while (i < plan.length && unanswered <= RATE * MAX_BACKLOG_SECONDS) {
      // Open loop: everything due by now goes out, however the earlier requests are doing.
      const now = performance.now();
      for (
        ;
        i < plan.length && started + i * intervalMs <= now && unanswered <= RATE * MAX_BACKLOG_SECONDS;
        i++
      ) {
        const due = started + i * intervalMs;
        const r = plan[i]!;
        for (const m of r.messages) dueAt.set(m.messageId, performance.timeOrigin + due);
        unanswered += r.messages.length;
        inFlight.push(
          client.post(r.path, r.body, auth).then(
            (res) => {
              lastAnswer = performance.now();
              unanswered -= r.messages.length;
              if (res.status !== 200) failures.push(`${res.status}: ${res.body.slice(0, 300)}`);
              else accepted.push(lastAnswer - due);
            },
            (err: unknown) => void failures.push(String(err)),
          ),
        );
      }
      if (i < plan.length) await sleep(Math.max(0, started + i * intervalMs - performance.now()));
    }
    await Promise.all(inFlight);
    if (failures.length > 0) throw new Error(`${failures.length} requests failed, first: ${failures[0]}`);
    const sent = plan.slice(0, i);
    const sentEvents = sent.reduce((n, r) => n + r.messages.length, 0);
    const achieved = (sentEvents / (lastAnswer - started)) * 1000;
    await untilFolded(client);

    const scored = await scoredAtByMessage(server, ws.workspaceId);
    const latencies: number[] = [];
    let known = 0;
    let anonymousScored = 0;
    for (const r of sent) {
      for (const m of r.messages) {
        const at = scored.get(m.messageId);
        if (m.userId === undefined) {
          if (at !== undefined) anonymousScored++;
          continue;
        }
        known++;
        if (at !== undefined) latencies.push(at - dueAt.get(m.messageId)!);
      }
    }
    if (latencies.length === 0) throw new Error('no event sent with a userId was scored');
    const stats = await server.stats();
    const stoppedEarly = sentEvents < events;
    const saturated = stoppedEarly || achieved < RATE * 0.95;
    const details = {
      p50Ms: round(percentile(latencies, 50)),
      p90Ms: round(percentile(latencies, 90)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(Math.max(...latencies)),
      acceptP50Ms: round(percentile(accepted, 50)),
      acceptP99Ms: round(percentile(accepted, 99)),
      achievedPerSecond: round(achieved, 0),
      events,
      sentEvents,
      measured: latencies.length,
      sentWithUserId: known,
      anonymousScored,
    };
    const name = `score-latency ${shape.label}`;
    const common = { db: ctx.db, unit: 'ms', peakRssMb: round(stats.maxRssMb, 0), details };
    return [
      result({
        ...common,
        name: `${name} p50`,
        figure: details.p50Ms,
        limit: null,
        limitLabel: null,
        notes:
          `open loop ${formatInt(RATE)} ev/s × ${size.seconds} s, ${shape.perRequest}/request to ${plan[0]!.path.startsWith('/v1/batch') ? '/v1/batch' : '/v1/<type>'}: ` +
          `achieved ${formatInt(achieved)} ev/s${saturated ? ' (SATURATED: the latency is mostly queueing)' : ''}` +
          `${stoppedEarly ? `, sender stopped after ${formatInt(sentEvents)} events (${MAX_BACKLOG_SECONDS} s of events unanswered)` : ''}; ` +
          `send→200 p50 ${details.acceptP50Ms} ms, p99 ${details.acceptP99Ms} ms; ` +
          `${formatInt(latencies.length)}/${formatInt(known)} events with a userId measured`,
      }),
      result({
        ...common,
        name: `${name} p99`,
        figure: details.p99Ms,
        limit: GOAL_P99_MS,
        limitLabel: 'goal: below',
        notes: `event → scored_at, max ${details.maxMs} ms, p90 ${details.p90Ms} ms`,
      }),
    ];
  } finally {
    client.close();
  }
}

const benchmark: Benchmark = {
  name: 'score-latency',
  description:
    'event → scored_at (from its scheduled send), p50/p99, open loop 1,000 events/s: one event per request and batches of 50',
  async run(ctx) {
    const server = await ctx.startServer();
    try {
      const out: BenchResult[] = [];
      for (const shape of SHAPES) out.push(...(await runShape(ctx, server, shape)));
      return out;
    } finally {
      await server.stop();
    }
  },
};

export default benchmark;
