// The database schema, in Drizzle's pg-core notation: the source drizzle-kit generates migrations from.
// Every table carries workspace_id and every primary or unique key leads with it, so the data can
// be sharded by workspace later. Queries are plain SQL in the store files, not Drizzle's builder.
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
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

/** The workspace row: its id is the workspace_id every other table carries. */
export const workspaces = pgTable(
  'workspaces',
  {
    workspaceId: uuid('workspace_id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    settings: jsonb('settings').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workspaces_slug_key').on(t.slug)],
);

export const users = pgTable(
  'users',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    createdAt: createdAt(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('users_email_key').on(t.workspaceId, t.email),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('sessions_token_hash_idx').on(t.tokenHash)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    type: text('type').notNull(),
    role: text('role'),
    name: text('name').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** Write keys are public (they ship inside web pages), so they stay readable; secrets never do. */
    publicKey: text('public_key'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('api_keys_key_hash_idx').on(t.keyHash)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    at: ts('at').notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('audit_log_at_idx').on(t.workspaceId, t.at)],
);

export const accounts = pgTable(
  'accounts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    employees: integer('employees'),
    annualRevenue: doublePrecision('annual_revenue'),
    country: text('country'),
    region: text('region'),
    ownerId: uuid('owner_id'),
    externalId: text('external_id'),
    groupId: text('group_id'),
    traits: jsonb('traits').notNull().default({}),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('accounts_domain_key').on(t.workspaceId, t.domain),
    uniqueIndex('accounts_external_id_key').on(t.workspaceId, t.externalId),
    uniqueIndex('accounts_group_id_key').on(t.workspaceId, t.groupId),
    index('accounts_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const leads = pgTable(
  'leads',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email'),
    emailDomain: text('email_domain'),
    emailDomainType: text('email_domain_type'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    title: text('title'),
    titleFunction: text('title_function'),
    titleSeniority: text('title_seniority'),
    company: text('company'),
    industry: text('industry'),
    employees: integer('employees'),
    annualRevenue: doublePrecision('annual_revenue'),
    country: text('country'),
    region: text('region'),
    phone: text('phone'),
    website: text('website'),
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    ownerId: uuid('owner_id'),
    accountId: uuid('account_id'),
    externalId: text('external_id'),
    traits: jsonb('traits').notNull().default({}),
    stage: text('stage').notNull().default('lead'),
    stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    lastActivityAt: ts('last_activity_at'),
    isDeleted: boolean('is_deleted').notNull().default(false),
    // Scoring state (see src/domain/lifecycle.ts LeadScoringState); S values are against the
    // active agreement's epoch.
    fitGrade: text('fit_grade').notNull().default('D'),
    fitPoints: doublePrecision('fit_points').notNull().default(0),
    engagementS: doublePrecision('engagement_s').notNull().default(0),
    freshS: doublePrecision('fresh_s').notNull().default(0),
    lastContributionAt: ts('last_contribution_at'),
    recycledAt: ts('recycled_at'),
    recyclable: boolean('recyclable').notNull().default(false),
    rejectReason: text('reject_reason'),
    capCounters: jsonb('cap_counters').notNull().default({}),
    pqlUsage: jsonb('pql_usage').notNull().default({}),
    scoredVersion: integer('scored_version').notNull().default(0),
    /** When the agreement lets a lead decay out of its stage: the closed-form moment it will. */
    fallOutAt: ts('fall_out_at'),
    mergedIntoId: uuid('merged_into_id'),
    // The hand-off: when it was assigned (inbox order), its routing team, first touch.
    assignedAt: ts('assigned_at'),
    teamId: uuid('team_id'),
    firstTouchAt: ts('first_touch_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('leads_email_key').on(t.workspaceId, t.email),
    uniqueIndex('leads_external_id_key').on(t.workspaceId, t.externalId),
    index('leads_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('leads_stage_idx').on(t.workspaceId, t.stage, t.createdAt),
    index('leads_owner_idx').on(t.workspaceId, t.ownerId, t.stage),
    index('leads_account_idx').on(t.workspaceId, t.accountId),
    index('leads_fall_out_idx')
      .on(t.fallOutAt)
      .where(sql`fall_out_at is not null`),
  ],
);

// ------------------------------------------------------------------------------------------------
// Events, identities, scoring and the lifecycle

/** Segment identities tied to a lead: `user` (userId) and `anonymous` (anonymousId). */
export const leadIdentities = pgTable(
  'lead_identities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    leadId: uuid('lead_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.kind, t.value] }),
    index('lead_identities_lead_idx').on(t.workspaceId, t.leadId),
  ],
);

/** Everything leads (and anonymous visitors) did, as received; never rewritten except to attach a lead. */
export const events = pgTable(
  'events',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    messageId: text('message_id').notNull(),
    type: text('type').notNull(),
    event: text('event'),
    leadId: uuid('lead_id'),
    userId: text('user_id'),
    anonymousId: text('anonymous_id'),
    groupId: text('group_id'),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull(),
    sentAt: ts('sent_at'),
    originalTimestamp: ts('original_timestamp'),
    properties: jsonb('properties').notNull().default({}),
    traits: jsonb('traits').notNull().default({}),
    context: jsonb('context').notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('events_message_id_key').on(t.workspaceId, t.messageId),
    index('events_lead_idx').on(t.workspaceId, t.leadId, t.occurredAt),
    index('events_anonymous_idx')
      .on(t.workspaceId, t.anonymousId)
      .where(sql`lead_id is null`),
  ],
);

/** The engagement ledger: points a rule granted for one event. Sums (decayed) to the lead's score. */
export const scoreContributions = pgTable(
  'score_contributions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    leadId: uuid('lead_id').notNull(),
    ruleId: text('rule_id').notNull(),
    label: text('label').notNull(),
    eventId: text('event_id').notNull(),
    points: doublePrecision('points').notNull(),
    at: ts('at').notNull(),
    agreementVersion: integer('agreement_version').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('score_contributions_lead_idx').on(t.workspaceId, t.leadId, t.at),
  ],
);

/** Every change of stage, append-only (a trigger refuses UPDATE and DELETE). Analytics read these. */
export const transitions = pgTable(
  'transitions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    leadId: uuid('lead_id').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    at: ts('at').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    reason: text('reason').notNull(),
    reasonCode: text('reason_code'),
    ruleId: text('rule_id'),
    note: text('note'),
    agreementVersion: integer('agreement_version').notNull(),
    source: text('source'),
    ownerId: uuid('owner_id'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('transitions_lead_idx').on(t.workspaceId, t.leadId, t.at),
    index('transitions_stage_idx').on(t.workspaceId, t.toStage, t.at),
  ],
);

/** Versions of the agreement; one is active. `epoch` is T₀ of the engagement sums under it. */
export const agreements = pgTable(
  'agreements',
  {
    workspaceId: uuid('workspace_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    document: jsonb('document').notNull(),
    epoch: ts('epoch').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    activatedAt: ts('activated_at'),
    activatedBy: text('activated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.version] }),
    uniqueIndex('agreements_one_active')
      .on(t.workspaceId)
      .where(sql`status = 'active'`),
    uniqueIndex('agreements_one_draft')
      .on(t.workspaceId)
      .where(sql`status = 'draft'`),
  ],
);

/** Rescoring every lead after an agreement changes, in chunks, with progress. */
export const rescoreRuns = pgTable(
  'rescore_runs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    agreementVersion: integer('agreement_version').notNull(),
    status: text('status').notNull(),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    transitions: integer('transitions').notNull().default(0),
    afterLeadId: uuid('after_lead_id'),
    error: text('error'),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('rescore_runs_pending_idx')
      .on(t.status)
      .where(sql`status = 'running'`),
  ],
);

// ------------------------------------------------------------------------------------------------
// The hand-off: teams, routing, SLA clocks, feedback, notifications and webhooks

/** Sales teams: routing targets, each with its business calendar (hours, holidays, time zone). */
export const teams = pgTable(
  'teams',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    calendar: jsonb('calendar').notNull(),
    managerId: uuid('manager_id'),
    /** Smooth weighted round-robin state: { current: { repId: weight } }. Locked while assigning. */
    routingState: jsonb('routing_state').notNull().default({ current: {} }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('teams_key_key').on(t.workspaceId, t.key),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
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
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('out_of_office_user_idx').on(t.workspaceId, t.userId),
  ],
);

/** Every assignment of a lead, with the rule that made it; append-only. */
export const assignments = pgTable(
  'assignments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    leadId: uuid('lead_id').notNull(),
    ownerId: uuid('owner_id'),
    previousOwnerId: uuid('previous_owner_id'),
    teamId: uuid('team_id'),
    kind: text('kind').notNull(),
    ruleId: text('rule_id'),
    reason: text('reason').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    at: ts('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('assignments_lead_idx').on(t.workspaceId, t.leadId, t.at),
  ],
);

/** SLA clocks: the row is the truth; workers fire warnings and breaches when next_fire_at passes. */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    leadId: uuid('lead_id').notNull(),
    policyId: text('policy_id').notNull(),
    clock: text('clock').notNull(),
    stage: text('stage').notNull(),
    ownerId: uuid('owner_id'),
    teamId: uuid('team_id'),
    startedAt: ts('started_at').notNull(),
    warnAt: ts('warn_at').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull(),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    stoppedAt: ts('stopped_at'),
    stopReason: text('stop_reason'),
    nextFireAt: ts('next_fire_at'),
    agreementVersion: integer('agreement_version').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('sla_clocks_lead_idx').on(t.workspaceId, t.leadId),
    index('sla_clocks_owner_idx').on(t.workspaceId, t.ownerId, t.status),
    index('sla_clocks_fire_idx')
      .on(t.nextFireAt)
      .where(sql`next_fire_at is not null`),
  ],
);

/** Touches a rep logs on a lead (call, e-mail, meeting): the first one stops a first-touch clock. */
export const activities = pgTable(
  'activities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    leadId: uuid('lead_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    userId: uuid('user_id'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('activities_lead_idx').on(t.workspaceId, t.leadId, t.at),
  ],
);

/** CRM status changes as received (webhook or import) and what Tandem did with each. */
export const crmStatusChanges = pgTable(
  'crm_status_changes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    leadId: uuid('lead_id'),
    system: text('system').notNull(),
    object: text('object').notNull(),
    status: text('status').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    outcome: text('outcome').notNull(),
    transitionId: bigint('transition_id', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('crm_status_changes_lead_idx').on(t.workspaceId, t.leadId),
  ],
);

/** In-app notifications: the same events webhooks carry, addressed to people. */
export const notifications = pgTable(
  'notifications',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    userId: uuid('user_id').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    leadId: uuid('lead_id'),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('notifications_user_idx').on(t.workspaceId, t.userId, t.createdAt),
  ],
);

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    url: text('url').notNull(),
    description: text('description'),
    /** Standard Webhooks signing secret (whsec_…); needed in the clear to sign. */
    secret: text('secret').notNull(),
    eventTypes: text('event_types').array().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** The outbox: one row per (event, subscription), written in the transaction of the change. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: text('id').notNull(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull(),
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
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_sub_idx').on(t.workspaceId, t.subscriptionId, t.createdAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: ts('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    responseBody: text('response_body'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('webhook_attempts_delivery_idx').on(t.workspaceId, t.deliveryId),
  ],
);

// ------------------------------------------------------------------------------------------------
// Pipeline and spend (generator, goals and planner read these)

export const opportunities = pgTable(
  'opportunities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    leadId: uuid('lead_id'),
    accountId: uuid('account_id'),
    ownerId: uuid('owner_id'),
    name: text('name').notNull(),
    amount: doublePrecision('amount').notNull(),
    stage: text('stage').notNull(),
    probability: doublePrecision('probability').notNull(),
    isClosed: boolean('is_closed').notNull().default(false),
    isWon: boolean('is_won').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    closeDate: ts('close_date'),
    closedAt: ts('closed_at'),
    externalId: text('external_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('opportunities_lead_idx').on(t.workspaceId, t.leadId),
    index('opportunities_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

export const channelSpend = pgTable(
  'channel_spend',
  {
    workspaceId: uuid('workspace_id').notNull(),
    channel: text('channel').notNull(),
    month: text('month').notNull(),
    amount: doublePrecision('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel, t.month] })],
);
