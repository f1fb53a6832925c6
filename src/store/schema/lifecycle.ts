// Events, identities, scoring and the lifecycle: what ingestion writes and replay reads.
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
import type { ActorType } from '../../domain/engine-lead.js';
import { ts, createdAt, workspaceId, randomId, sequenceId, workspaceKey, actor } from './columns.js';

export type AgreementStatus = 'draft' | 'active' | 'retired';
export type RescoreRunStatus = 'running' | 'done' | 'failed' | 'superseded';

/** Segment identities tied to a lead: `user` (userId) and `anonymous` (anonymousId). */
export const leadIdentities = pgTable(
  'lead_identities',
  {
    workspaceId: workspaceId(),
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
    workspaceId: workspaceId(),
    id: sequenceId(),
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
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    /** When the fold that scored this event committed (null while it waits, or has no lead yet). */
    scoredAt: ts('scored_at'),
  },
  (t) => [
    workspaceKey(t),
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
    workspaceId: workspaceId(),
    id: sequenceId(),
    leadId: uuid('lead_id').notNull(),
    ruleId: text('rule_id').notNull(),
    label: text('label').notNull(),
    eventId: text('event_id').notNull(),
    points: doublePrecision('points').notNull(),
    at: ts('at').notNull(),
    agreementVersion: integer('agreement_version').notNull(),
  },
  (t) => [
    workspaceKey(t),
    index('score_contributions_lead_idx').on(t.workspaceId, t.leadId, t.at),
    // A rule grants for an event once: a second fold of the same event cannot be written.
    uniqueIndex('score_contributions_event_rule_key').on(t.workspaceId, t.eventId, t.ruleId),
  ],
);

/**
 * Accepted events waiting for the fold (scores, stages, hand-off), one row per event of a lead, and
 * a marker row (no event) when an alias merged a lead into this one. A folder claims all rows of the
 * leads it has locked and deletes them in the transaction that writes the result.
 */
export const foldQueue = pgTable(
  'fold_queue',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    leadId: uuid('lead_id').notNull(),
    eventId: bigint('event_id', { mode: 'number' }),
    /** The lead was created by this request (its creation transition is written by the fold). */
    isNewLead: boolean('is_new_lead').notNull().default(false),
    /** An earlier anonymous visit attached when the visitor became known. */
    isAttached: boolean('is_attached').notNull().default(false),
    /** The identify's e-mail belongs to another lead: its other traits still apply. */
    ignoresEmail: boolean('ignores_email').notNull().default(false),
    /** An alias merged another lead into this one: rescore it from all its events. */
    isMerge: boolean('is_merge').notNull().default(false),
    queuedAt: ts('queued_at').notNull().defaultNow(),
    /** Folds of this lead that failed on their own (the lead was retried alone and failed again). */
    attempts: integer('attempts').notNull().default(0),
    /** After a failure the lead's rows wait until then (backoff), so one lead never stalls the rest. */
    retryAt: ts('retry_at'),
    lastError: text('last_error'),
  },
  (t) => [
    workspaceKey(t),
    index('fold_queue_lead_idx').on(t.workspaceId, t.leadId),
    // Folders take the oldest work first, across workspaces, without reading the whole queue.
    index('fold_queue_order_idx').on(t.id),
    // The leads backing off after a failed fold: few, read by every claim.
    index('fold_queue_retry_idx')
      .on(t.workspaceId, t.leadId)
      .where(sql`retry_at is not null`),
  ],
);

/** Every change of stage, append-only (a trigger refuses UPDATE and DELETE). Analytics read these. */
export const transitions = pgTable(
  'transitions',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    leadId: uuid('lead_id').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    at: ts('at').notNull(),
    ...actor<ActorType>(),
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
    workspaceKey(t),
    index('transitions_lead_idx').on(t.workspaceId, t.leadId, t.at),
    index('transitions_stage_idx').on(t.workspaceId, t.toStage, t.at),
    // The reports that count every stage change of a period (SLA compliance's commitment).
    index('transitions_at_idx').on(t.workspaceId, t.at),
  ],
);

/**
 * Each lead's first transitions, kept by triggers on `transitions` (migration 0017): an insert
 * lowers them, a delete (an import's undo, a purge) recomputes them from the lead's remaining
 * transitions, so a cohort of leads by the time they entered or were won is an index range scan
 * instead of grouping the whole history. Derived data: rebuilt, never transferred.
 */
export const leadMilestones = pgTable(
  'lead_milestones',
  {
    workspaceId: workspaceId(),
    leadId: uuid('lead_id').notNull(),
    /** The lead's first transition. */
    enteredAt: ts('entered_at').notNull(),
    /** Its first transition into mql or pql. */
    mqlAt: ts('mql_at'),
    /** Its first transition into sql. */
    sqlAt: ts('sql_at'),
    /** Its first transition into customer. */
    wonAt: ts('won_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.leadId] }),
    index('lead_milestones_entered_idx').on(t.workspaceId, t.enteredAt),
    index('lead_milestones_won_idx').on(t.workspaceId, t.wonAt),
  ],
);

/** Versions of the agreement; one is active. `epoch` is T₀ of the engagement sums under it. */
export const agreements = pgTable(
  'agreements',
  {
    workspaceId: workspaceId(),
    version: integer('version').notNull(),
    status: text('status').$type<AgreementStatus>().notNull(),
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
    workspaceId: workspaceId(),
    id: randomId(),
    agreementVersion: integer('agreement_version').notNull(),
    status: text('status').$type<RescoreRunStatus>().notNull(),
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    transitions: integer('transitions').notNull().default(0),
    afterLeadId: uuid('after_lead_id'),
    error: text('error'),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    workspaceKey(t),
    index('rescore_runs_pending_idx')
      .on(t.status)
      .where(sql`status = 'running'`),
  ],
);
