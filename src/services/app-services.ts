// The use-cases the HTTP layer and the jobs share, wired once from the dependencies.
import type { Deps } from './deps.js';
import { createIngestBatch, type IngestBatch } from './ingest-batch.js';
import { createHandoffHooks } from './handoff.js';
import type { LifecycleHooks } from './lead-engine.js';

export interface AppServices {
  hooks: LifecycleHooks;
  ingestBatch: IngestBatch;
}

export function createAppServices(deps: Deps): AppServices {
  const hooks = createHandoffHooks();
  return { hooks, ingestBatch: createIngestBatch({ ...deps, hooks }) };
}
