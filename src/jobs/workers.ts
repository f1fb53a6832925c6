// This node's background workers: each polls its table (the rows are the truth) and claims work
// with SKIP LOCKED, so any number of nodes can run them and each piece of work happens once.
import type { Deps } from '../services/deps.js';
import type { Folder } from '../services/fold.js';
import { fallOutTick } from './fall-out.js';
import { rescoreTick } from './rescore.js';
import { alertsTick } from './alert-delivery.js';
import { commitmentCheckTick } from './commitment-check.js';
import { deliverWebhooksTick } from './webhook-delivery.js';
import { slaTick } from './sla.js';
import { refreshTableStatistics } from '../services/table-statistics.js';

export interface Worker {
  name: string;
  /** Does one unit of work; resolves true when there may be more right away. */
  tick(): Promise<boolean>;
}

export function coreWorkers(deps: Deps & { fold: Folder }): Worker[] {
  return [
    // The sweep: folds what no wake reached (a crash between commit and fold, a lost NOTIFY).
    { name: 'fold', tick: async () => (await deps.fold.foldOnce()).leads > 0 },
    { name: 'rescore', tick: () => rescoreTick(deps) },
    { name: 'fall-out', tick: async () => (await fallOutTick(deps)) > 0 },
    { name: 'sla', tick: async () => (await slaTick(deps)) > 0 },
    { name: 'commitment-check', tick: everyMs(60_000, deps.clock, () => commitmentCheckTick(deps)) },
    // PostgreSQL's autovacuum keeps the planner's statistics; the embedded database has no daemon.
    ...(deps.db.kind === 'pglite'
      ? [
          {
            name: 'table-statistics',
            tick: everyMs(60_000, deps.clock, () => refreshTableStatistics(deps.db)),
          },
        ]
      : []),
  ];
}

/** Workers that drain the outbox: webhook deliveries, and the alerts (e-mail, Slack) notifications ask for. */
export function outboxWorkers(deps: Deps): Worker[] {
  return [
    { name: 'webhook-delivery', tick: async () => (await deliverWebhooksTick(deps)) > 0 },
    { name: 'alert-delivery', tick: () => alertsTick(deps) },
  ];
}

/** A tick that does its work at most once per `ms` (a period ends once a month; a minute late is fine). */
function everyMs(ms: number, clock: () => Date, work: () => Promise<unknown>): () => Promise<boolean> {
  let next = 0;
  return async () => {
    const now = clock().getTime();
    if (now < next) return false;
    next = now + ms;
    await work();
    return false;
  };
}

export interface RunningWorkers {
  stop(): Promise<void>;
}

/** Runs each worker in its own loop: straight again while it has work, else after `idleMs`. */
export function startWorkers(deps: Deps, workers: Worker[], idleMs = 1000): RunningWorkers {
  let stopping = false;
  const loops = workers.map(async (worker) => {
    while (!stopping) {
      let busy = false;
      try {
        busy = await worker.tick();
      } catch (err) {
        deps.log.error({ err, worker: worker.name }, 'worker tick failed');
      }
      if (!busy && !stopping) await new Promise((resolve) => setTimeout(resolve, idleMs));
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
