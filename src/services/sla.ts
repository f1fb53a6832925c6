// SLA clocks: started when a lead enters a stage the agreement holds to a clock, stopped when the
// lead responds (accept/reject, a first touch, leaving the stage), and fired by the SLA worker.
import type { Agreement, SlaPolicy } from '../domain/agreement.js';
import { startSlaClock } from '../domain/sla-clock.js';
import type { Queryable } from '../store/db.js';
import { type ClockKind, type SlaClockRow, insertClocks, stopClocks } from '../store/sla-clocks.js';
import { calendarFor } from './calendars.js';

export function isHandRaise(agreement: Agreement, ruleId: string | null): boolean {
  return ruleId !== null && agreement.qualification.handRaises.some((h) => h.id === ruleId);
}

/** The agreement's policies that hold a lead entering `stage` (hand-raise policies only for hand-raises). */
export function policiesFor(agreement: Agreement, stage: string, ruleId: string | null): SlaPolicy[] {
  return agreement.sla.policies.filter(
    (p) => p.stage === stage && (p.appliesTo === 'all' || isHandRaise(agreement, ruleId)),
  );
}

export async function startClocks(
  tx: Queryable,
  input: {
    workspaceId: string;
    leadId: string;
    stage: string;
    policies: readonly SlaPolicy[];
    ownerId: string | null;
    teamId: string | null;
    startedAt: Date;
    agreementVersion: number;
  },
): Promise<void> {
  if (input.policies.length === 0) return;
  const { calendar, teamId } = await calendarFor(tx, input.workspaceId, input.ownerId, input.teamId);
  await insertClocks(
    tx,
    input.workspaceId,
    input.policies.map((policy) => {
      const clock = startSlaClock({ policy, startedAt: input.startedAt, calendar });
      return {
        leadId: input.leadId,
        policyId: policy.id,
        clock: policy.clock as ClockKind,
        stage: input.stage,
        ownerId: input.ownerId,
        teamId,
        startedAt: clock.startedAt,
        warnAt: clock.warnAt,
        dueAt: clock.dueAt,
        agreementVersion: input.agreementVersion,
      };
    }),
  );
}

/** Leaving a stage answers its response and stage-exit clocks; an untouched first-touch clock lapses. */
export async function stopClocksOnExit(
  tx: Queryable,
  workspaceId: string,
  leadId: string,
  fromStage: string,
  toStage: string,
  at: Date,
): Promise<SlaClockRow[]> {
  const met = await stopClocks(
    tx,
    workspaceId,
    leadId,
    { stage: fromStage, clocks: ['response', 'stage_exit'] },
    {
      status: 'met',
      reason: `lead moved ${fromStage} → ${toStage}`,
      at,
    },
  );
  const lapsed = await stopClocks(
    tx,
    workspaceId,
    leadId,
    { stage: fromStage, clocks: ['first_touch'] },
    {
      status: 'cancelled',
      reason: `lead left ${fromStage} before a first touch was logged`,
      at,
    },
  );
  return [...met, ...lapsed];
}

/** A new owner gets fresh clocks for what the previous one had running. */
export async function moveClocksToOwner(
  tx: Queryable,
  agreement: Agreement,
  input: {
    workspaceId: string;
    leadId: string;
    ownerId: string | null;
    teamId: string | null;
    at: Date;
    reason: string;
    agreementVersion: number;
  },
): Promise<void> {
  const stopped = await stopClocks(
    tx,
    input.workspaceId,
    input.leadId,
    {},
    { status: 'reassigned', reason: input.reason, at: input.at },
  );
  for (const clock of stopped) {
    const policy = agreement.sla.policies.find((p) => p.id === clock.policyId);
    if (!policy) continue;
    await startClocks(tx, {
      workspaceId: input.workspaceId,
      leadId: input.leadId,
      stage: clock.stage,
      policies: [policy],
      ownerId: input.ownerId,
      teamId: input.teamId ?? clock.teamId,
      startedAt: input.at,
      agreementVersion: input.agreementVersion,
    });
  }
}
