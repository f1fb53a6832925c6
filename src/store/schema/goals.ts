// Shared goals and saved funnel plans: what both teams aim for per period (revenue, weighted
// pipeline, SQLs, MQLs) and the reverse-funnel plans made to reach a revenue goal.
import { doublePrecision, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { GoalMetric } from '../../domain/goals.js';
import type { PlanInputs } from '../../domain/planner.js';
import { createdAt, ts } from './columns.js';

/** One goal: a metric's target for a period (a month `2026-03` or a quarter `2026-Q1`). */
export const goals = pgTable(
  'goals',
  {
    workspaceId: uuid('workspace_id').notNull(),
    period: text('period').notNull(),
    metric: text('metric').$type<GoalMetric>().notNull(),
    target: doublePrecision('target').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.period, t.metric] })],
);

/** A saved reverse-funnel plan: the inputs it was made from (measured figures with overrides applied). */
export const plans = pgTable(
  'plans',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    inputs: jsonb('inputs').$type<PlanInputs>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
