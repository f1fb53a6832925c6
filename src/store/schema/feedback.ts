// Notes and feedback both ways: comments on a lead, sales flagging a good lead, marketing disputing
// a rejection, and the workspace's own reject reason codes.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts, createdAt, updatedAt, workspaceId, randomId, workspaceKey, actor } from './columns.js';

/** A comment on a lead by anyone in the workspace; `mentions` are the members it notified. */
export const leadComments = pgTable(
  'lead_comments',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id').notNull(),
    authorType: text('author_type').notNull(),
    authorId: text('author_id'),
    authorLabel: text('author_label').notNull(),
    body: text('body').notNull(),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    at: ts('at').notNull(),
  },
  (t) => [workspaceKey(t), index('lead_comments_lead_idx').on(t.workspaceId, t.leadId, t.at)],
);

/** Sales says "this one is good": an event reports and webhooks use. */
export const leadFlags = pgTable(
  'lead_flags',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id').notNull(),
    ...actor(),
    note: text('note'),
    stage: text('stage').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    workspaceKey(t),
    index('lead_flags_lead_idx').on(t.workspaceId, t.leadId, t.at),
    index('lead_flags_at_idx').on(t.workspaceId, t.at),
  ],
);

/**
 * Marketing disputes a rejection (the transition that rejected the lead); a sales manager upholds
 * or reverses it. One open dispute per lead at a time.
 */
export const rejectionDisputes = pgTable(
  'rejection_disputes',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id').notNull(),
    rejectionTransitionId: bigint('rejection_transition_id', { mode: 'number' }).notNull(),
    rejectedFrom: text('rejected_from').notNull(),
    rejectedTo: text('rejected_to').notNull(),
    reasonCode: text('reason_code').notNull(),
    /** open, upheld or reversed. */
    status: text('status').notNull(),
    openedByType: text('opened_by_type').notNull(),
    openedById: text('opened_by_id'),
    openedByLabel: text('opened_by_label').notNull(),
    note: text('note').notNull(),
    openedAt: ts('opened_at').notNull(),
    resolvedByType: text('resolved_by_type'),
    resolvedById: text('resolved_by_id'),
    resolvedByLabel: text('resolved_by_label'),
    resolutionNote: text('resolution_note'),
    resolvedAt: ts('resolved_at'),
    /** The recorded move back to `rejected_from` when the rejection was reversed. */
    reversalTransitionId: bigint('reversal_transition_id', { mode: 'number' }),
  },
  (t) => [
    workspaceKey(t),
    index('rejection_disputes_lead_idx').on(t.workspaceId, t.leadId, t.openedAt),
    index('rejection_disputes_status_idx').on(t.workspaceId, t.status, t.openedAt),
    uniqueIndex('rejection_disputes_open_key')
      .on(t.workspaceId, t.leadId)
      .where(sql`status = 'open'`),
  ],
);

/**
 * The workspace's reject reasons beside the agreement's built-in ones: a custom code with its own
 * destination, cool-off and note rule, or a built-in code's new label (`is_built_in`).
 */
export const rejectReasonCodes = pgTable(
  'reject_reason_codes',
  {
    workspaceId: workspaceId(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    isBuiltIn: boolean('is_built_in').notNull(),
    /** nurture or disqualified; null for a built-in (the agreement decides). */
    destination: text('destination'),
    coolOffDays: integer('cool_off_days'),
    noteRequired: boolean('note_required'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.code] })],
);
