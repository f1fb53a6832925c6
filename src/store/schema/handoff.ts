// The hand-off: teams, routing, SLA clocks, feedback, notifications and webhooks.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SlaPolicy } from '../../domain/agreement.js';
import type { BusinessCalendar } from '../../domain/business-hours.js';
import type { PlannedAssignment, StoppedStatus } from '../../domain/handoff-types.js';
import type { RoundRobinState } from '../../domain/lead-routing.js';
import { ts, createdAt, workspaceId, randomId, sequenceId, workspaceKey } from './columns.js';

export type ClockKind = SlaPolicy['clock'];
export type ClockStatus = 'running' | StoppedStatus;
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';
/** The body every webhook receiver gets: `{ type, timestamp, data }`, identical on every attempt. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Sales teams: routing targets, each with its business calendar (hours, holidays, time zone). */
export const teams = pgTable(
  'teams',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    calendar: jsonb('calendar').$type<BusinessCalendar>().notNull(),
    managerId: uuid('manager_id'),
    /** Smooth weighted round-robin state: { current: { repId: weight } }. Locked while assigning. */
    routingState: jsonb('routing_state').$type<RoundRobinState>().notNull().default({ current: {} }),
    createdAt: createdAt(),
  },
  (t) => [workspaceKey(t), uniqueIndex('teams_key_key').on(t.workspaceId, t.key)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    weight: doublePrecision('weight').notNull().default(1),
    /** Most open leads (mql, pql, sal) this rep takes; null for no limit. */
    capacity: integer('capacity'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.workspaceId, t.userId),
  ],
);

export const outOfOffice = pgTable(
  'out_of_office',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    userId: uuid('user_id').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    note: text('note'),
  },
  (t) => [workspaceKey(t), index('out_of_office_user_idx').on(t.workspaceId, t.userId)],
);

/** Every assignment of a lead, with the rule that made it; append-only. */
export const assignments = pgTable(
  'assignments',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    leadId: uuid('lead_id').notNull(),
    ownerId: uuid('owner_id'),
    previousOwnerId: uuid('previous_owner_id'),
    teamId: uuid('team_id'),
    kind: text('kind').$type<PlannedAssignment['kind']>().notNull(),
    ruleId: text('rule_id'),
    reason: text('reason').notNull(),
    actorType: text('actor_type').$type<PlannedAssignment['actorType']>().notNull(),
    actorId: text('actor_id'),
    at: ts('at').notNull(),
  },
  (t) => [workspaceKey(t), index('assignments_lead_idx').on(t.workspaceId, t.leadId, t.at)],
);

/** SLA clocks: the row is the truth; workers fire warnings and breaches when next_fire_at passes. */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id').notNull(),
    policyId: text('policy_id').notNull(),
    clock: text('clock').$type<ClockKind>().notNull(),
    stage: text('stage').notNull(),
    ownerId: uuid('owner_id'),
    teamId: uuid('team_id'),
    startedAt: ts('started_at').notNull(),
    warnAt: ts('warn_at').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').$type<ClockStatus>().notNull(),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    stoppedAt: ts('stopped_at'),
    stopReason: text('stop_reason'),
    nextFireAt: ts('next_fire_at'),
    agreementVersion: integer('agreement_version').notNull(),
  },
  (t) => [
    workspaceKey(t),
    index('sla_clocks_lead_idx').on(t.workspaceId, t.leadId),
    index('sla_clocks_owner_idx').on(t.workspaceId, t.ownerId, t.status),
    // SLA compliance reads the clocks started in a period.
    index('sla_clocks_started_idx').on(t.workspaceId, t.startedAt),
    index('sla_clocks_fire_idx')
      .on(t.nextFireAt)
      .where(sql`next_fire_at is not null`),
  ],
);

/** Touches a rep logs on a lead (call, e-mail, meeting): the first one stops a first-touch clock. */
export const activities = pgTable(
  'activities',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    userId: uuid('user_id'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [workspaceKey(t), index('activities_lead_idx').on(t.workspaceId, t.leadId, t.at)],
);

/** CRM status changes as received (webhook or import) and what Tandem did with each. */
export const crmStatusChanges = pgTable(
  'crm_status_changes',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id'),
    system: text('system').notNull(),
    object: text('object').notNull(),
    status: text('status').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    outcome: text('outcome').notNull(),
    transitionId: bigint('transition_id', { mode: 'number' }),
  },
  (t) => [workspaceKey(t), index('crm_status_changes_lead_idx').on(t.workspaceId, t.leadId)],
);

/** In-app notifications: the same events webhooks carry, addressed to people. */
export const notifications = pgTable(
  'notifications',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    leadId: uuid('lead_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
    /** When the alert job planned this notification's e-mail and Slack posts; null: still to plan. */
    alertsPlannedAt: ts('alerts_planned_at'),
  },
  (t) => [
    workspaceKey(t),
    index('notifications_user_idx').on(t.workspaceId, t.userId, t.createdAt),
    index('notifications_alerts_pending_idx')
      .on(t.id)
      .where(sql`alerts_planned_at is null`),
  ],
);

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    url: text('url').notNull(),
    description: text('description'),
    /** Standard Webhooks signing secret (whsec_…); needed in the clear to sign. */
    secret: text('secret').notNull(),
    eventTypes: text('event_types').array().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [workspaceKey(t)],
);

/** The outbox: one row per (event, subscription), written in the transaction of the change. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: workspaceId(),
    id: text('id').notNull(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<WebhookPayload>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    /** A claimed delivery is leased, not locked: no transaction stays open during the HTTP call. */
    lockedUntil: ts('locked_until'),
    lastAttemptAt: ts('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceKey(t),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_sub_idx').on(t.workspaceId, t.subscriptionId, t.createdAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: ts('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    responseBody: text('response_body'),
  },
  (t) => [workspaceKey(t), index('webhook_attempts_delivery_idx').on(t.workspaceId, t.deliveryId)],
);
