// SLA timers: each clock row says when it next needs attention. This worker claims due clocks
// (SKIP LOCKED: each fires once however many nodes run it), marks warnings and breaches, and hands
// what they set off to the hand-off (notify the owner and manager, reassign to the next rep with a
// fresh clock, as the agreement says): one plan per workspace for the whole tick.
import type { HandoffChange } from '../domain/handoff-plan.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { claimDueClocks, markClock, reassignmentCount } from '../store/sla-clocks.js';
import { loadActiveAgreement } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { handOff } from '../services/handoff.js';

/** A lead is reassigned by escalation at most this many times per policy, then only people are told. */
export const MAX_ESCALATIONS = 2;

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
      const changes: HandoffChange[] = [];
      for (const clock of mine) {
        const warned = !clock.warnedAt && now >= clock.warnAt && clock.warnAt < clock.dueAt;
        const breached = !clock.breachedAt && now >= clock.dueAt;
        if (!warned && !breached) continue;
        const current = await markClock(tx, clock, {
          ...(warned ? { warnedAt: now } : {}),
          ...(breached ? { breachedAt: now } : {}),
        });
        const policy = active.agreement.sla.policies.find((p) => p.id === clock.policyId);
        const lead = leads.get(clock.leadId) ?? null;
        const reassign =
          breached &&
          lead !== null &&
          policy?.escalation.reassign === true &&
          (await reassignmentCount(tx, workspaceId, clock.leadId, clock.policyId)) < MAX_ESCALATIONS;
        changes.push({
          kind: 'sla',
          lead,
          clock: current,
          warned,
          breached,
          notifyManager: policy?.escalation.notifyManager === true,
          reassign,
        });
      }
      await handOff(tx, { workspaceId, active, now }, changes);
    }
    return due.length;
  });
}
