// Leads whose engagement decays below their stage's line (only where the agreement says so):
// each has its closed-form moment stored in fall_out_at; this job acts when the moment comes.
import { systemTransition } from '../domain/engine-lead.js';
import { fallOutLead } from '../domain/lifecycle.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { lockLeadsDueToFallOut } from '../store/leads.js';
import { loadActiveAgreement } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { commitLeadChanges } from '../services/lead-engine.js';

export async function fallOutTick(deps: Deps, batch = 100): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const due = await lockLeadsDueToFallOut(tx, now, batch);
    const byWorkspace = new Map<string, string[]>();
    for (const r of due) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r.id]);
    let moved = 0;
    for (const [workspaceId, ids] of byWorkspace) {
      const active = await loadActiveAgreement(tx, workspaceId);
      const leads = await lockEngineLeads(tx, workspaceId, ids);
      const changes = leads.map((lead) => {
        const r = fallOutLead(active.agreement, active.version, active.epoch, lead.state, now);
        return {
          lead: r ? { ...lead, state: r.state } : lead,
          contributions: [],
          transitions: r ? [systemTransition(r.transition)] : [],
        };
      });
      // Saving recomputes fall_out_at: null for those that moved, a later moment for any that did not.
      moved += (await commitLeadChanges(tx, { workspaceId, active, now }, changes)).length;
    }
    return moved;
  });
}
