// The use-cases the HTTP layer and the jobs share, wired once from the dependencies.
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
  return { fold, ingestBatch: createIngestBatch({ ...deps, wake: () => fold.wake() }) };
}
