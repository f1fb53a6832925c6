// What the fold (scoring after acceptance) did, seen from outside: its backlog on /healthz, and
// when each event of a workspace was scored, read back from `events.scored_at` after a run.
import type { BenchServer } from './server.js';
import type { httpClient } from './measure.js';

type Client = ReturnType<typeof httpClient>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Accepted events not scored yet, from /healthz (every workspace of the database). */
export async function foldWaiting(client: Client): Promise<number> {
  const res = await client.get('/healthz', {});
  if (res.status !== 200) throw new Error(`/healthz answered ${res.status}: ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { scoring: { waiting: number } }).scoring.waiting;
}

/**
 * Polls /healthz every `everyMs` until nothing waits to be scored; resolves with the
 * performance.now() at which the empty queue was seen (the drain's end, to within `everyMs`).
 */
export async function untilFolded(client: Client, opts: { everyMs?: number; timeoutMs?: number } = {}) {
  const everyMs = opts.everyMs ?? 10;
  const deadline = performance.now() + (opts.timeoutMs ?? 600_000);
  for (;;) {
    if ((await foldWaiting(client)) === 0) return performance.now();
    if (performance.now() > deadline) throw new Error('the fold did not drain in time');
    await sleep(everyMs);
  }
}

/**
 * Epoch milliseconds at which each scored event of a workspace was scored, by message id.
 * `scored_at` is the fold transaction's now() (its start): visibility comes at its commit, a
 * few milliseconds later, so these latencies are a slight underestimate.
 */
export async function scoredAtByMessage(
  server: BenchServer,
  workspaceId: string,
): Promise<Map<string, number>> {
  const rows = await server.call('query', {
    sql: `select message_id, extract(epoch from scored_at)::float8 * 1000 as ms
            from events where workspace_id = $1 and scored_at is not null`,
    params: [workspaceId],
  });
  return new Map(rows.map((r) => [String(r.message_id), Number(r.ms)]));
}
