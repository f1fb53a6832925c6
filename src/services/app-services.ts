// The use-cases the HTTP layer and the jobs share, wired once from the dependencies.
import { notifyFoldWork } from '../store/fold-queue.js';
import type { Deps } from './deps.js';
import { createFolder, type Folder } from './fold.js';
import { createIngestBatch, type IngestBatch } from './ingest-batch.js';

export interface AppServices {
  /** This node's folder: accepted events scored and handed off (see fold.ts). */
  fold: Folder;
  ingestBatch: IngestBatch;
}

/** `autoFold: false` holds this node's in-process folder (a node without workers folds nothing). */
export function createAppServices(deps: Deps, options: { autoFold?: boolean } = {}): AppServices {
  const fold = createFolder(deps, { autoWake: options.autoFold ?? true });
  const notify = coalesced(() => notifyFoldWork(deps.db), deps);
  return {
    fold,
    ingestBatch: createIngestBatch({
      ...deps,
      wake: () => {
        fold.wake();
        notify();
      },
    }),
  };
}

/**
 * Runs `send` at most once at a time: pokes that arrive while it runs are answered by one more run
 * after it, so a burst of commits costs other nodes one or two NOTIFYs, not one each.
 */
function coalesced(send: () => Promise<void>, deps: Deps): () => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    running = true;
    try {
      do {
        again = false;
        await send().catch((err: unknown) =>
          deps.log.warn({ err }, 'fold NOTIFY failed; other nodes fold it at their sweep'),
        );
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
