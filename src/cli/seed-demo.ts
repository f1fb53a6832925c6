// Fills the demo workspace with a year of generated B2B history (the demo generator, src/demo, at demo
// size), through Tandem's own ingestion, routing, SLA and hand-off services.
import { loadWorkspace } from '../demo/load.js';
import { ensureSalesTeams } from '../demo/sales-team.js';
import type { Deps } from '../services/deps.js';

/** The same seed every time: every demo workspace tells the same story (relative to today). */
export const DEMO_SEED = 20_240_601;

// Sales has answered everything qualified before the last ten days; newer leads wait in inboxes, with
// their SLA clocks running or breached, so the demo opens on a working morning rather than an empty queue.
const DEMO_WAITING_MS = 10 * 86_400_000;

export async function seedDemo(deps: Deps, workspaceId: string): Promise<void> {
  await ensureSalesTeams(deps, workspaceId);
  const summary = await loadWorkspace(deps, workspaceId, {
    scale: 'demo',
    seed: DEMO_SEED,
    now: deps.clock(),
    answerQualifiedBefore: new Date(deps.clock().getTime() - DEMO_WAITING_MS),
  });
  deps.log.info(
    {
      events: summary.messages,
      leads: summary.leads,
      ...summary.sales,
      ms: summary.ms,
      ingestMs: summary.ingestMs,
      salesMs: summary.salesMs,
    },
    'demo workspace generated',
  );
}
