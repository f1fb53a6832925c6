// The raw INSERT ceiling ingestion is compared to: the same rows, bare, in batched multi-row
// INSERTs (and the unnest() variant), on the run's database, in a server process of its own.
import { formatInt } from './measure.js';
import type { MessageSource } from './message-source.js';
import type { BenchContext } from './types.js';

export interface Ceiling {
  values: { ms: number; rows: number };
  unnest: { ms: number; rows: number };
}

export const perSecond = (r: { ms: number; rows: number }): number => (r.rows / r.ms) * 1000;

/**
 * Inserts the first `count` messages of `source` bare, after an untimed warm-up of `warmup`
 * messages of `warmupSeed`. Run it before the HTTP server starts (PGlite: one process at a time).
 */
export async function rawCeiling(
  ctx: BenchContext,
  source: MessageSource,
  opts: { count: number; warmup: number; warmupSeed: number; batchSize: number; concurrency: number },
): Promise<Ceiling> {
  const server = await ctx.startServer();
  try {
    const common = { ...source, batchSize: opts.batchSize, concurrency: opts.concurrency };
    await server.call('rawInsert', {
      ...common,
      seed: opts.warmupSeed,
      count: opts.warmup,
      styles: ['values', 'unnest'],
    });
    ctx.log(`raw INSERT ceiling: ${formatInt(opts.count)} rows`);
    const runs = await server.call('rawInsert', {
      ...common,
      count: opts.count,
      styles: ['values', 'unnest'],
    });
    return {
      values: runs.find((r) => r.style === 'values')!,
      unnest: runs.find((r) => r.style === 'unnest')!,
    };
  } finally {
    await server.stop();
  }
}
