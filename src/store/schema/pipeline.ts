// Pipeline and spend: opportunities (the API, CRM status changes and the generator write them) and
// channel spend (the generator, goals and planner read these).
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, updatedAt, workspaceId, randomId, workspaceKey } from './columns.js';

export const opportunities = pgTable(
  'opportunities',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    leadId: uuid('lead_id'),
    accountId: uuid('account_id'),
    ownerId: uuid('owner_id'),
    name: text('name').notNull(),
    amount: doublePrecision('amount').notNull(),
    /** ISO 4217. */
    currency: text('currency').notNull().default('USD'),
    stage: text('stage').notNull(),
    probability: doublePrecision('probability').notNull(),
    /** Set by a person or the CRM; otherwise the probability follows the agreement's default for the stage. */
    isProbabilitySet: boolean('is_probability_set').notNull().default(false),
    isClosed: boolean('is_closed').notNull().default(false),
    isWon: boolean('is_won').notNull().default(false),
    /** Where the deal came from (a channel, "inbound", "partner"…), free text. */
    source: text('source'),
    /** What is being sold (a product or plan name as the CRM names it), free text; reports group deals by it. */
    product: text('product'),
    createdAt: ts('created_at').notNull(),
    updatedAt: updatedAt(),
    closeDate: ts('close_date'),
    closedAt: ts('closed_at'),
    /** The CRM's record id, unique per workspace and system. */
    externalId: text('external_id'),
    externalSystem: text('external_system'),
  },
  (t) => [
    workspaceKey(t),
    index('opportunities_lead_idx').on(t.workspaceId, t.leadId),
    index('opportunities_account_idx').on(t.workspaceId, t.accountId),
    index('opportunities_created_idx').on(t.workspaceId, t.createdAt, t.id),
    uniqueIndex('opportunities_external_id_key')
      .on(t.workspaceId, t.externalSystem, t.externalId)
      .where(sql`external_id is not null`),
  ],
);

export const channelSpend = pgTable(
  'channel_spend',
  {
    workspaceId: workspaceId(),
    channel: text('channel').notNull(),
    month: text('month').notNull(),
    /** The campaign and medium the spend was for; '' when recorded for the channel as a whole. */
    medium: text('medium').notNull().default(''),
    campaign: text('campaign').notNull().default(''),
    amount: doublePrecision('amount').notNull(),
  },
  // A unique key, not the primary key: drizzle-kit would add a primary key before the columns it names.
  (t) => [uniqueIndex('channel_spend_key').on(t.workspaceId, t.channel, t.month, t.medium, t.campaign)],
);
