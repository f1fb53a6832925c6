// Loads a generated workspace through Tandem's own paths: every message is validated and ingested by
// the same use-case as POST /v1/batch (identity, storage, scoring, lifecycle), at its simulated
// time; sales answers qualified leads through the lifecycle service; opportunities and spend follow.
import { refreshTableStatistics } from '../services/table-statistics.js';
import { validateMessages } from '../domain/segment-spec.js';
import { createAppServices } from '../services/app-services.js';
import type { Deps } from '../services/deps.js';
import { countLiveLeads, countRunningClocksElsewhere } from '../store/demo-reads.js';
import { writeChannelSpend } from '../store/pipeline.js';
import { type SalesStats, createSalesSide } from './sales-feedback.js';
import type { Scale, ScaleName } from './scales.js';
import { generateWorkspace } from './workspace.js';

export interface LoadOptions {
  scale: ScaleName | Scale;
  seed: number;
  /** The end of the history (usually the real now). */
  now: Date;
  /** Messages per ingestion request at most (default 2,000: a batch is usually a day, see maxBatchSpanMs). */
  batchSize?: number;
  /** A batch never spans more history than this (default a day), so sales keeps pace with events. */
  maxBatchSpanMs?: number;
  /** Sales answers only leads qualified before this; later ones wait in inboxes (default: all answered). */
  answerQualifiedBefore?: Date;
  /** Called after every batch; cheap to ignore. */
  onProgress?: (p: LoadProgress) => void;
}

export interface LoadProgress {
  messages: number;
  /** Simulated time reached. */
  at: Date;
  startMs: number;
  endMs: number;
}

export interface LoadSummary {
  messages: number;
  stored: number;
  batches: number;
  leads: number;
  sales: SalesStats;
  spendRows: number;
  ms: number;
  /** Of `ms`: time in ingestion requests, and in the sales side (feedback, CRM, SLA worker). */
  ingestMs: number;
  salesMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Fills `workspaceId` (which must exist, with an admin and ideally some sales reps) with the
 * workspace generated from `seed` at `scale`, ending at `now`.
 */
export async function loadWorkspace(
  deps: Deps,
  workspaceId: string,
  opts: LoadOptions,
): Promise<LoadSummary> {
  const started = performance.now();
  const generator = generateWorkspace({ scale: opts.scale, seed: opts.seed, now: opts.now });
  // Tandem runs on the simulated clock: "now" inside ingestion and the lifecycle is when it happened.
  let simulatedMs = generator.schedule.startMs;
  const simDeps: Deps = { ...deps, clock: () => new Date(simulatedMs) };
  // The fold is drained after each batch (on the simulated clock), not woken in the background.
  const { ingestBatch, fold } = createAppServices(simDeps, { autoFold: false });
  // The SLA worker's claim spans workspaces: run it on simulated time only where nobody else's clocks run.
  const others = await countRunningClocksElsewhere(deps.db, workspaceId);
  const sales = await createSalesSide(simDeps, workspaceId, generator, {
    fireSlaClocks: others === 0,
    answerQualifiedBefore: opts.answerQualifiedBefore?.getTime(),
  });

  let messages = 0;
  let stored = 0;
  let batches = 0;
  let ingestMs = 0;
  let salesMs = 0;
  const timed = async <T>(work: () => Promise<T>, add: (ms: number) => void): Promise<T> => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      add(performance.now() - t);
    }
  };
  const onSales = (ms: number) => (salesMs += ms);
  const stream = generator.batches({
    size: opts.batchSize ?? 2_000,
    maxSpanMs: opts.maxBatchSpanMs ?? DAY_MS,
  });
  for await (const batch of stream) {
    await timed(() => sales.runUntil(batch.firstMs), onSales);
    simulatedMs = batch.lastMs + 1_500;
    const valid = validateMessages({ batch: batch.messages }, 'batch');
    if (!valid.ok) {
      throw new Error(`generated an invalid batch: ${JSON.stringify(valid.errors.slice(0, 3))}`);
    }
    const result = await timed(
      () => ingestBatch({ workspaceId, messages: valid.messages, receivedAt: new Date(simulatedMs) }),
      (ms) => (ingestMs += ms),
    );
    messages += batch.messages.length;
    stored += result.stored;
    batches++;
    const folded = await timed(
      () => fold.drain(),
      (ms) => (ingestMs += ms),
    );
    if (folded.stageChanges > 0) await timed(() => sales.noticeQualifications(), onSales);
    opts.onProgress?.({
      messages,
      at: new Date(batch.lastMs),
      startMs: generator.schedule.startMs,
      endMs: generator.schedule.endMs,
    });
  }
  await timed(() => sales.runUntil(generator.schedule.endMs), onSales);
  const spend = generator.spend();
  await writeChannelSpend(deps.db, workspaceId, spend);
  // The reports read next: planned with statistics of the year just loaded (PGlite has no autovacuum).
  if (deps.db.kind === 'pglite') await refreshTableStatistics(deps.db);
  const leads = await countLiveLeads(deps.db, workspaceId);
  return {
    messages,
    stored,
    batches,
    leads,
    sales: sales.stats,
    spendRows: spend.length,
    ms: Math.round(performance.now() - started),
    ingestMs: Math.round(ingestMs),
    salesMs: Math.round(salesMs),
  };
}
