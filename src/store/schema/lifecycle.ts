// Events, identities, scoring and the lifecycle: what ingestion writes and replay reads.
import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { ts, createdAt } from './columns.js';

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
