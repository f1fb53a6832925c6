// Fills the demo workspace with a year of generated B2B history (the demo generator, src/demo, at demo
// size), through Tandem's own ingestion, routing, SLA and hand-off services.
import { loadWorkspace } from '../demo/load.js';
import { buildSchedule } from '../demo/population.js';
import { SCALES, type Scale, type ScaleName } from '../demo/scales.js';
import { ensureSalesTeams } from '../demo/sales-team.js';
import type { DemoSeeder } from '../services/demo-workspace.js';
import type { Deps } from '../services/deps.js';

/** The same seed every time: every demo workspace tells the same story (relative to today). */
export const DEMO_SEED = 20_240_601;

// Sales has answered everything qualified before the last ten days; newer leads wait in inboxes, with
// their SLA clocks running or breached, so the demo opens on a working morning rather than an empty queue.
const DEMO_WAITING_MS = 10 * 86_400_000;

/** The demo company's history at `scale`: `npm start` and `tandem demo` use 'demo', tests a smaller one. */
export function demoSeeder(scale: ScaleName | Scale): DemoSeeder {
  const size: Scale = typeof scale === 'string' ? SCALES[scale] : scale;
  return {
    historyStart: (now) => new Date(buildSchedule({ endMs: now.getTime(), ...size }).startMs),
    async fill(deps: Deps, workspaceId: string): Promise<void> {
      await ensureSalesTeams(deps, workspaceId);
      const summary = await loadWorkspace(deps, workspaceId, {
        scale: size,
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
    },
  };
}

/** The demo workspace of `npm start` and `tandem demo`. */
export const seedDemo = demoSeeder('demo');
