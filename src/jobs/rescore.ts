// After an agreement is activated: every lead scored again under it, a chunk per transaction.
import { systemTransition } from '../domain/engine-lead.js';
import { rescoreLead } from '../domain/lifecycle.js';
import { deleteContributions } from '../store/contributions.js';
import { activitiesOfLeads } from '../store/events.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { leadIdsAfter } from '../store/leads.js';
import { advanceRescoreRun, claimRescoreRun, failRescoreRun } from '../store/rescore-runs.js';
import { loadActiveAgreement } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { commitLeadChanges } from '../services/lead-engine.js';

export const RESCORE_CHUNK = 250;

/**
 * Processes one chunk of one running rescore run; returns whether there was work. The run row stays
 * locked for the chunk's transaction, so two nodes never work the same run at once.
 */
export async function rescoreTick(deps: Deps): Promise<boolean> {
  try {
    return await deps.db.transaction(async (tx) => {
      const run = await claimRescoreRun(tx);
      if (!run) return false;
      const active = await loadActiveAgreement(tx, run.workspaceId);
      if (active.version !== run.agreementVersion) {
        await failRescoreRun(
          tx,
          run,
          `agreement v${active.version} replaced v${run.agreementVersion} before the run finished`,
        );
        return true;
      }
      const ids = await leadIdsAfter(tx, run.workspaceId, run.afterLeadId, RESCORE_CHUNK);
      const now = deps.clock();
      const leads = await lockEngineLeads(tx, run.workspaceId, ids);
      const activities = await activitiesOfLeads(tx, run.workspaceId, ids);
      await deleteContributions(tx, run.workspaceId, ids);
      const changes = leads.map((lead) => {
        const r = rescoreLead(
          active.agreement,
          active.version,
          active.epoch,
          lead.profile,
          activities.get(lead.id) ?? [],
          lead.state,
          now,
        );
        return {
          lead: { ...lead, state: r.state, counters: r.counters, usage: r.usage },
          contributions: r.contributions,
          transitions: r.transitions.map((t) =>
            systemTransition(t, ` (agreement v${active.version} activated)`),
          ),
        };
      });
      const moved = await commitLeadChanges(tx, { workspaceId: run.workspaceId, active, now }, changes);
      await advanceRescoreRun(tx, run, {
        processed: ids.length,
        transitions: moved.length,
        afterLeadId: ids[ids.length - 1] ?? run.afterLeadId,
        finished: ids.length < RESCORE_CHUNK,
      });
      return true;
    });
  } catch (err) {
    deps.log.error({ err }, 'rescore chunk failed; it will be retried');
    return false;
  }
}
