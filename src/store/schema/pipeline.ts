// Pipeline and spend: opportunities and channel spend (the generator, goals and planner read these).
import { boolean, doublePrecision, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

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
