// Feedback between the teams on one lead: which rejection marketing may dispute, what a manager's
// decision does to the lead, and the events (webhooks and notifications) each step sends.
import {
  type EngineLead,
  type TransitionActor,
  type TransitionRow,
  leadName,
  transitionRow,
} from './engine-lead.js';
import { type OutboxEvent, leadPayload, transitionPayload } from './handoff-events.js';
import { enterStage } from './lifecycle.js';
import { QUALIFIED_STAGES, type Stage, isSideStage } from './stages.js';

/** A stored stage move, as much of it as these rules read. */
export interface RecordedMove {
  id: number;
  fromStage: string | null;
  toStage: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  reasonCode: string | null;
}

export type DisputeCheck =
  | { ok: true; rejection: RecordedMove & { fromStage: string; reasonCode: string } }
  | { ok: false; code: 'not_rejected'; message: string };

/**
 * The rejection a dispute is about: the lead's latest move, made by a person (or their API key),
 * from a qualified stage into the side stage the lead is still in, with a reason code.
 */
export function disputableRejection(stage: Stage, moves: readonly RecordedMove[]): DisputeCheck {
  const last = moves.reduce<RecordedMove | undefined>(
    (latest, m) => (!latest || m.at > latest.at || (+m.at === +latest.at && m.id > latest.id) ? m : latest),
    undefined,
  );
  const isRejection =
    last !== undefined &&
    isSideStage(stage) &&
    last.toStage === stage &&
    last.fromStage !== null &&
    (QUALIFIED_STAGES as readonly string[]).includes(last.fromStage) &&
    last.reasonCode !== null &&
    (last.actorType === 'user' || last.actorType === 'api_key');
  if (!isRejection) {
    return {
      ok: false,
      code: 'not_rejected',
      message: `only a lead sales rejected can be disputed; this one is in ${stage}${last ? ` since a move from ${last.fromStage ?? 'nowhere'}` : ''}`,
    };
  }
  return { ok: true, rejection: { ...last, fromStage: last.fromStage!, reasonCode: last.reasonCode! } };
}

export const DISPUTE_DECISIONS = ['upheld', 'reversed'] as const;
export type DisputeDecision = (typeof DISPUTE_DECISIONS)[number];

/** The reason code on the move back when a manager reverses a rejection. */
export const REVERSAL_REASON_CODE = 'rejection_reversed';

export interface DisputeView {
  id: string;
  rejectedFrom: string;
  rejectedTo: string;
  reasonCode: string;
  openedByLabel: string;
}

export type ReversalPlan =
  | { ok: true; state: EngineLead['state']; transition: TransitionRow }
  | { ok: false; code: 'lead_moved'; message: string };

/**
 * A reversal sends the lead back to the stage it was rejected from, as a recorded move with its
 * reason code; only while the lead is still where the rejection put it.
 */
export function planReversal(
  lead: EngineLead,
  dispute: DisputeView,
  by: { actor: TransitionActor; now: Date; agreementVersion: number; note: string | null },
): ReversalPlan {
  if (lead.state.stage !== dispute.rejectedTo) {
    return {
      ok: false,
      code: 'lead_moved',
      message: `the lead has moved to ${lead.state.stage} since it was rejected to ${dispute.rejectedTo}; uphold the dispute instead`,
    };
  }
  const to = dispute.rejectedFrom as Stage;
  const state = {
    ...enterStage(lead.state, to, by.now),
    recyclable: false,
    rejectReason: null,
  };
  const transition = transitionRow({
    from: lead.state.stage,
    to,
    at: by.now,
    actor: by.actor,
    agreementVersion: by.agreementVersion,
    reason: `rejection reversed by ${by.actor.label} after ${dispute.openedByLabel} disputed it (was: ${dispute.reasonCode})`,
    reasonCode: REVERSAL_REASON_CODE,
    note: by.note,
  });
  return { ok: true, state, transition };
}

/** Sales flagged a lead as a good one: for reports and webhooks, no one is notified. */
export function leadFlaggedEvent(
  lead: EngineLead,
  flag: { id: string; note: string | null; at: Date; actor: TransitionActor },
): OutboxEvent {
  return {
    type: 'lead.flagged',
    occurredAt: flag.at,
    data: {
      lead: leadPayload(lead),
      flag: { id: flag.id, note: flag.note, at: flag.at.toISOString(), actor: { ...flag.actor } },
    },
    notify: null,
  };
}

/** Marketing disputed a rejection: the sales managers (and who rejected it) hear, by name. */
export function rejectionDisputedEvent(
  lead: EngineLead,
  dispute: DisputeView & { note: string; at: Date; rejectedByLabel: string },
  notify: string[],
): OutboxEvent {
  const who = leadName(lead);
  return {
    type: 'rejection.disputed',
    occurredAt: dispute.at,
    data: {
      lead: leadPayload(lead),
      dispute: {
        id: dispute.id,
        rejectedFrom: dispute.rejectedFrom,
        rejectedTo: dispute.rejectedTo,
        reasonCode: dispute.reasonCode,
        note: dispute.note,
        openedBy: dispute.openedByLabel,
        at: dispute.at.toISOString(),
      },
    },
    notify: notify.length
      ? {
          userIds: notify,
          title: `${dispute.openedByLabel} disputes the rejection of ${who}`,
          body: `${dispute.rejectedByLabel} rejected ${who} (${dispute.reasonCode}); ${dispute.openedByLabel} says: ${dispute.note}`,
          leadId: lead.id,
        }
      : null,
  };
}

/** A manager upheld or reversed a disputed rejection: who disputed it hears the decision. */
export function disputeResolvedEvent(
  lead: EngineLead,
  dispute: DisputeView,
  decision: {
    decision: DisputeDecision;
    note: string | null;
    at: Date;
    byLabel: string;
    reversal: { id: number; row: TransitionRow } | null;
  },
  notify: string[],
): OutboxEvent {
  const who = leadName(lead);
  const verb = decision.decision === 'reversed' ? 'reversed' : 'upheld';
  const back = decision.decision === 'reversed' ? `; ${who} is back in ${dispute.rejectedFrom}` : '';
  return {
    type: 'dispute.resolved',
    occurredAt: decision.at,
    data: {
      lead: leadPayload(lead),
      dispute: { id: dispute.id, reasonCode: dispute.reasonCode, openedBy: dispute.openedByLabel },
      decision: decision.decision,
      note: decision.note,
      resolvedBy: decision.byLabel,
      transition: decision.reversal
        ? transitionPayload({ ...decision.reversal.row, id: decision.reversal.id })
        : null,
    },
    notify: notify.length
      ? {
          userIds: notify,
          title: `${decision.byLabel} ${verb} the rejection of ${who}`,
          body: `${decision.byLabel} ${verb} the rejection you disputed${back}${decision.note ? ` — ${decision.note}` : ''}`,
          leadId: lead.id,
        }
      : null,
  };
}
