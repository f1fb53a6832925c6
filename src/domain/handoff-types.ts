// The shapes the hand-off plan works on: the snapshot it reads, the changes it plans, the plan it returns.
import type { RoundRobinState } from './lead-routing.js';
import type { BusinessCalendar } from './business-hours.js';
import type { EngineLead } from './engine-lead.js';
import type {
  ClockView,
  OutboxEvent,
  PlannedDelivery,
  PlannedNotification,
  StoredTransition,
} from './handoff-events.js';
import type { Agreement } from './agreement.js';

export interface SnapshotUser {
  id: string;
  name: string;
  role: string;
  timeZone: string;
  isActive: boolean;
}

export interface SnapshotTeam {
  id: string;
  key: string;
  name: string;
  calendar: BusinessCalendar;
  managerId: string | null;
  routingState: RoundRobinState;
  createdAt: Date;
}

export interface SnapshotMember {
  teamId: string;
  userId: string;
  weight: number;
  capacity: number | null;
  active: boolean;
}

export interface RunningClock extends ClockView {
  leadId: string;
  breachedAt: Date | null;
}

/** Everything the plan needs, read in one go for the whole batch (see src/store/handoff-snapshot.ts). */
export interface HandoffSnapshot {
  workspaceTimeZone: string;
  /** The workspace's settings: its business hours are the calendar of whoever has no team. */
  workspaceSettings?: Record<string, unknown>;
  users: SnapshotUser[];
  teams: SnapshotTeam[];
  /** Every membership, in user id order. */
  members: SnapshotMember[];
  /** Open (qualified or accepted) leads per owner, for the routing teams' reps. */
  openLeads: Record<string, number>;
  absences: { userId: string; startsAt: Date; endsAt: Date }[];
  /** The owner of each account the batch's leads belong to. */
  accountOwners: Record<string, string | null>;
  /** The running clocks of the batch's leads, soonest due first. */
  runningClocks: RunningClock[];
  /** How often each lead was reassigned by escalation per policy, keyed `leadId:policyId`. */
  escalations: Record<string, number>;
  subscriptions: { id: string; eventTypes: string[] }[];
}

export type FeedbackNote =
  { kind: 'accepted' } | { kind: 'rejected'; reasonCode: string; label: string; note: string | null };

export type HandoffChange =
  /** A lead changed stage (`lead` is its new state); a person's accept/reject says so in `feedback`. */
  | { kind: 'stage'; lead: EngineLead; transition: StoredTransition; feedback?: FeedbackNote }
  /** A person gives the lead to `ownerId` (null: back to the queue). */
  | {
      kind: 'assign';
      lead: EngineLead;
      ownerId: string | null;
      reason: string;
      actor: { type: 'user' | 'api_key'; id: string; label: string };
    }
  /**
   * The lead goes back through routing, as if it had just qualified: its owner left (was
   * deactivated). Running clocks move to whoever routing chooses (or the queue).
   */
  | { kind: 'reroute'; lead: EngineLead; reason: string }
  /**
   * An SLA clock's moment came: it warns and/or breaches now (the plan marks it); a breach may
   * notify managers and, while the lead was escalated fewer than MAX_ESCALATIONS times for the
   * policy, reassign it.
   */
  | {
      kind: 'sla';
      lead: EngineLead | null;
      clock: RunningClock & { warnedAt: Date | null };
      warned: boolean;
      breached: boolean;
      notifyManager: boolean;
      reassign: boolean;
    };

export interface ClockMarks {
  warnedAt?: Date;
  breachedAt?: Date;
}

export interface PlannedAssignment {
  leadId: string;
  ownerId: string | null;
  previousOwnerId: string | null;
  teamId: string | null;
  kind: 'account_owner' | 'rule' | 'queue' | 'manual' | 'escalation';
  ruleId: string | null;
  reason: string;
  actorType: 'system' | 'user' | 'api_key';
  actorId: string | null;
  at: Date;
}

export type StoppedStatus = 'met' | 'met_late' | 'reassigned' | 'cancelled';

/** A clock the plan starts: the clock events describe, before it has an id. */
export interface PlannedClock extends Omit<ClockView, 'id'> {
  leadId: string;
  agreementVersion: number;
  /** Set when a later change of the same batch already stopped it. */
  stopped: { status: StoppedStatus; reason: string; at: Date } | null;
}

export interface HandoffPlan {
  assignments: PlannedAssignment[];
  /** Each lead's owner after the batch (one row per lead). */
  owners: {
    leadId: string;
    ownerId: string | null;
    teamId: string | null;
    at: Date;
    /** The owner the plan started from: the write only goes ahead if the lead still has them. */
    expectedOwnerId: string | null;
  }[];
  /** Each team's round-robin state after the batch (one row per team). */
  routingStates: { teamId: string; state: RoundRobinState }[];
  clocks: {
    /** Stopped clocks; a clock the batch also marked carries its marks here. */
    stop: ({ id: string; status: StoppedStatus; reason: string; at: Date } & ClockMarks)[];
    start: PlannedClock[];
    /** Warnings and breaches of clocks that keep running. */
    mark: ({ id: string } & ClockMarks)[];
  };
  events: OutboxEvent[];
  deliveries: PlannedDelivery[];
  notifications: PlannedNotification[];
}

export interface HandoffContext {
  agreement: Agreement;
  agreementVersion: number;
  now: Date;
}
