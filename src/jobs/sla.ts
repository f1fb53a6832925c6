// SLA timers: each clock row says when it next needs attention. This worker claims due clocks
// (SKIP LOCKED: each fires once however many nodes run it), warns, marks breaches and escalates
// as the agreement says: notify the manager, reassign to the next rep with a fresh clock.
import type { Queryable } from '../store/db.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { type SlaClockRow, claimDueClocks, markClock, reassignmentCount } from '../store/sla-clocks.js';
import { loadActiveAgreement } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { assigned, leadName, managersOf, slaEvent } from '../services/handoff-events.js';
import { type OutboxEvent, emitEvents } from '../services/outbox.js';
import { escalateLead } from '../services/routing.js';
import { moveClocksToOwner } from '../services/sla.js';

/** A lead is reassigned by escalation at most this many times per policy, then only people are told. */
export const MAX_ESCALATIONS = 2;

async function fire(tx: Queryable, clock: SlaClockRow, now: Date): Promise<OutboxEvent[]> {
  const events: OutboxEvent[] = [];
  const [lead] = await lockEngineLeads(tx, clock.workspaceId, [clock.leadId]);
  const who = lead ? { id: lead.id, name: leadName(lead) } : { id: clock.leadId, name: 'a lead' };
  const owner = clock.ownerId ? [clock.ownerId] : [];
  let current = clock;
  if (!clock.warnedAt && now >= clock.warnAt && clock.warnAt < clock.dueAt) {
    current = await markClock(tx, current, { warnedAt: now });
    events.push(
      slaEvent(
        'sla.warning',
        current,
        who,
        now,
        owner,
        `${clock.policyId}: due ${clock.dueAt.toISOString()}`,
      ),
    );
  }
  if (!clock.breachedAt && now >= clock.dueAt) {
    current = await markClock(tx, current, { breachedAt: now });
    const active = await loadActiveAgreement(tx, clock.workspaceId);
    const policy = active.agreement.sla.policies.find((p) => p.id === clock.policyId);
    const managers = policy?.escalation.notifyManager
      ? await managersOf(tx, clock.workspaceId, clock.teamId)
      : [];
    events.push(
      slaEvent(
        'sla.breached',
        current,
        who,
        now,
        [...owner, ...managers],
        `${clock.policyId} was due ${clock.dueAt.toISOString()}`,
      ),
    );
    const mayReassign =
      policy?.escalation.reassign &&
      lead &&
      (await reassignmentCount(tx, clock.workspaceId, clock.leadId, clock.policyId)) < MAX_ESCALATIONS;
    if (mayReassign && lead) {
      const a = await escalateLead(
        tx,
        clock.workspaceId,
        { id: lead.id, ownerId: lead.ownerId },
        clock.teamId,
        now,
      );
      if (a.ownerId && a.ownerId !== lead.ownerId) {
        await moveClocksToOwner(tx, active.agreement, {
          workspaceId: clock.workspaceId,
          leadId: lead.id,
          ownerId: a.ownerId,
          teamId: a.teamId,
          at: now,
          reason: `escalated after ${clock.policyId} breached: ${a.reason}`,
          agreementVersion: active.version,
        });
        events.push(assigned(lead, a, now, [a.ownerId], 'lead.reassigned'));
        events.push(slaEvent('sla.escalated', current, who, now, [a.ownerId, ...managers], a.reason));
      }
    }
  }
  return events;
}

/** Fires what is due; returns how many clocks it handled. */
export async function slaTick(deps: Deps, batch = 100): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const due = await claimDueClocks(tx, now, batch);
    // Lock the leads up front in id order (as ingestion does), so the two never deadlock.
    for (const workspaceId of new Set(due.map((c) => c.workspaceId))) {
      await lockEngineLeads(tx, workspaceId, [
        ...new Set(due.filter((c) => c.workspaceId === workspaceId).map((c) => c.leadId)),
      ]);
    }
    const byWorkspace = new Map<string, OutboxEvent[]>();
    for (const clock of due) {
      const events = await fire(tx, clock, now);
      byWorkspace.set(clock.workspaceId, [...(byWorkspace.get(clock.workspaceId) ?? []), ...events]);
    }
    for (const [workspaceId, events] of byWorkspace) await emitEvents(tx, workspaceId, events);
    return due.length;
  });
}
