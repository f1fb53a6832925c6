// Alerts that leave the app: who wants which alert where, team Slack channels, the e-mails and
// Slack posts owed for each notification (an outbox), and the commitment periods already judged.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ts, createdAt, updatedAt, workspaceId, sequenceId, workspaceKey } from './columns.js';

/** A person's choices per alert kind ({ lead_assigned: { inApp, email, slack }, … }) and own Slack hook. */
export const alertPreferences = pgTable(
  'alert_preferences',
  {
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    /** Only the kinds the person set; the role's defaults fill the rest. */
    preferences: jsonb('preferences').notNull().default({}),
    slackWebhookUrl: text('slack_webhook_url'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** A team's Slack incoming webhook: members without their own receive their Slack alerts there. */
export const teamAlertChannels = pgTable(
  'team_alert_channels',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    slackWebhookUrl: text('slack_webhook_url').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.teamId] })],
);

/** One e-mail or Slack post per notification and channel; leased while sent, retried with backoff. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    workspaceId: workspaceId(),
    id: sequenceId(),
    notificationId: bigint('notification_id', { mode: 'number' }).notNull(),
    userId: uuid('user_id').notNull(),
    /** 'email' | 'slack' */
    channel: text('channel').notNull(),
    /** The address or the Slack webhook URL, as chosen when planned. */
    target: text('target').notNull(),
    /** 'pending' | 'sent' | 'failed' */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceKey(t),
    uniqueIndex('alert_deliveries_once_key').on(t.workspaceId, t.notificationId, t.channel),
    index('alert_deliveries_user_idx').on(t.workspaceId, t.userId, t.createdAt),
    index('alert_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
);

/** Each workspace's commitment periods once judged: the key makes the judgement happen once. */
export const commitmentChecks = pgTable(
  'commitment_checks',
  {
    workspaceId: workspaceId(),
    period: text('period').notNull(),
    committed: integer('committed').notNull(),
    delivered: integer('delivered').notNull(),
    isMissed: boolean('is_missed').notNull(),
    checkedAt: ts('checked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.period] })],
);
