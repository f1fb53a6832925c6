// SLA timers: each clock row says when it next needs attention. This worker claims due clocks
// (SKIP LOCKED: each fires once however many nodes run it) and hands them to the hand-off, which
// marks warnings and breaches and does what the agreement says (notify the owner and manager,
// reassign to the next rep with a fresh clock): one plan per workspace for the whole tick.
import type { HandoffChange } from '../domain/handoff-types.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { claimDueClocks } from '../store/sla-clocks.js';
import { loadActiveAgreement } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { handOff } from '../services/handoff.js';

export { MAX_ESCALATIONS } from '../domain/handoff-plan.js';

/** Fires what is due; returns how many clocks it handled. */
export async function slaTick(deps: Deps, batch = 100): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const due = await claimDueClocks(tx, now, batch);
    for (const workspaceId of new Set(due.map((c) => c.workspaceId))) {
      const mine = due.filter((c) => c.workspaceId === workspaceId);
      // Lock the leads up front in id order (as ingestion does), so the two never deadlock.
      const leads = new Map(
        (await lockEngineLeads(tx, workspaceId, [...new Set(mine.map((c) => c.leadId))])).map((l) => [
          l.id,
          l,
        ]),
      );
      const active = await loadActiveAgreement(tx, workspaceId);
      const changes = mine.flatMap((clock): HandoffChange[] => {
        const warned = !clock.warnedAt && now >= clock.warnAt && clock.warnAt < clock.dueAt;
        const breached = !clock.breachedAt && now >= clock.dueAt;
        if (!warned && !breached) return [];
        const policy = active.agreement.sla.policies.find((p) => p.id === clock.policyId);
        return [
          {
            kind: 'sla',
            lead: leads.get(clock.leadId) ?? null,
            clock: {
              ...clock,
              ...(breached ? { breachedAt: now } : {}),
              ...(warned ? { warnedAt: now } : {}),
            },
            warned,
            breached,
            notifyManager: policy?.escalation.notifyManager === true,
            reassign: policy?.escalation.reassign === true,
          },
        ];
      });
      await handOff(tx, { workspaceId, active, now }, changes);
    }
    return due.length;
  });
}
