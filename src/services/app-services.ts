// The use-cases the HTTP layer and the jobs share, wired once from the dependencies.
import type { Deps } from './deps.js';
import { createIngestBatch, type IngestBatch } from './ingest-batch.js';

export interface AppServices {
  ingestBatch: IngestBatch;
}

export function createAppServices(deps: Deps): AppServices {
  return { ingestBatch: createIngestBatch(deps) };
}
