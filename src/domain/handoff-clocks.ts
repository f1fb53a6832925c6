// The SLA clocks of a hand-off plan: which policies hold a lead entering a stage, and the running
// clocks as the plan goes (read from the snapshot or started by the plan), stopped, started in the
// owner's business hours, moved to a new owner, warned and breached.
import type { Agreement, SlaPolicy } from './agreement.js';
import type {
  ClockMarks,
  HandoffContext,
  HandoffPlan,
  HandoffSnapshot,
  PlannedClock,
  RunningClock,
  StoppedStatus,
} from './handoff-types.js';
import type { Roster } from './handoff-roster.js';
import { startSlaClock } from './sla-clock.js';

export function isHandRaise(agreement: Agreement, ruleId: string | null): boolean {
  return ruleId !== null && agreement.qualification.handRaises.some((h) => h.id === ruleId);
}

/** The agreement's policies that hold a lead entering `stage` (hand-raise policies only for hand-raises). */
export function policiesFor(agreement: Agreement, stage: string, ruleId: string | null): SlaPolicy[] {
  return agreement.sla.policies.filter(
    (p) => p.stage === stage && (p.appliesTo === 'all' || isHandRaise(agreement, ruleId)),
  );
}

/** A clock as the plan tracks it: one read from the snapshot (id) or one the plan starts (index). */
export type TrackedClock =
  (RunningClock & { ref: { id: string } }) | (PlannedClock & { ref: { start: number } });

export interface PlanClocks {
  /** Stops the lead's running clocks that match, as met (late if past due or breached) or otherwise. */
  stop(
    leadId: string,
    match: (c: TrackedClock) => boolean,
    status: 'met' | StoppedStatus,
    reason: string,
    at: Date,
  ): TrackedClock[];
  start(
    leadId: string,
    stage: string,
    policies: readonly SlaPolicy[],
    ownerId: string | null,
    teamId: string | null,
    at: Date,
  ): void;
  /** A new owner gets fresh clocks for what the previous one had running. */
  move(
    leadId: string,
    ownerId: string | null,
    teamId: string | null,
    reason: string,
    isEscalation?: boolean,
  ): void;
  /** Records a fired clock's warning or breach. */
  mark(clockId: string, leadId: string, fired: { warned: boolean; breached: boolean }): void;
  /** How many times escalation has reassigned the lead under this policy. */
  escalations(leadId: string, policyId: string): number;
  /** Writes the marks into the plan: with the stop of a clock that also stopped, else on their own. */
  finish(): void;
}

export function planClocks(
  ctx: HandoffContext,
  snapshot: HandoffSnapshot,
  roster: Roster,
  out: HandoffPlan['clocks'],
): PlanClocks {
  const { agreement, now } = ctx;
  const clocks = new Map<string, TrackedClock[]>();
  const escalations = new Map(Object.entries(snapshot.escalations));
  const marks = new Map<string, ClockMarks>();
  for (const c of snapshot.runningClocks)
    clocks.set(c.leadId, [...(clocks.get(c.leadId) ?? []), { ...c, ref: { id: c.id } }]);

  const self: PlanClocks = {
    stop(leadId, match, status, reason, at) {
      const running = clocks.get(leadId) ?? [];
      const stopped = running.filter(match);
      clocks.set(
        leadId,
        running.filter((c) => !match(c)),
      );
      for (const c of stopped) {
        const late = 'breachedAt' in c && c.breachedAt !== null;
        const final = status === 'met' && (late || c.dueAt < at) ? 'met_late' : status;
        if ('id' in c.ref) out.stop.push({ id: c.ref.id, status: final, reason, at });
        else out.start[c.ref.start]!.stopped = { status: final, reason, at };
      }
      return stopped;
    },

    start(leadId, stage, policies, ownerId, teamId, at) {
      if (policies.length === 0) return;
      const where = roster.calendarFor(ownerId, teamId);
      for (const policy of policies) {
        const clock = startSlaClock({ policy, startedAt: at, calendar: where.calendar });
        const planned: PlannedClock = {
          leadId,
          policyId: policy.id,
          clock: policy.clock,
          stage,
          ownerId,
          teamId: where.teamId,
          ...clock,
          agreementVersion: ctx.agreementVersion,
          stopped: null,
        };
        out.start.push(planned);
        clocks.set(leadId, [
          ...(clocks.get(leadId) ?? []),
          { ...planned, ref: { start: out.start.length - 1 } },
        ]);
      }
    },

    move(leadId, ownerId, teamId, reason, isEscalation = false) {
      for (const clock of self.stop(leadId, () => true, 'reassigned', reason, now)) {
        const key = `${leadId}:${clock.policyId}`;
        if (isEscalation) escalations.set(key, (escalations.get(key) ?? 0) + 1);
        const policy = agreement.sla.policies.find((p) => p.id === clock.policyId);
        if (policy) self.start(leadId, clock.stage, [policy], ownerId, teamId ?? clock.teamId, now);
      }
    },

    mark(clockId, leadId, fired) {
      const mark = {
        ...marks.get(clockId),
        ...(fired.warned ? { warnedAt: now } : {}),
        ...(fired.breached ? { breachedAt: now } : {}),
      };
      marks.set(clockId, mark);
      if (fired.breached) {
        for (const k of clocks.get(leadId) ?? [])
          if ('breachedAt' in k && 'id' in k.ref && k.ref.id === clockId) k.breachedAt = now;
      }
    },

    escalations: (leadId, policyId) => escalations.get(`${leadId}:${policyId}`) ?? 0,

    finish() {
      // A marked clock that also stopped is written once, with its marks.
      for (const stop of out.stop) {
        Object.assign(stop, marks.get(stop.id));
        marks.delete(stop.id);
      }
      out.mark = [...marks].map(([id, m]) => ({ id, ...m }));
    },
  };
  return self;
}
