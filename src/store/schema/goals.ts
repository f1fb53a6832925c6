// Shared goals and saved funnel plans: what both teams aim for per period (revenue, weighted
// pipeline, SQLs, MQLs) and the reverse-funnel plans made to reach a revenue goal.
import { doublePrecision, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { GoalDimension, GoalMetric } from '../../domain/goals.js';
import type { PlanInputs } from '../../domain/planner.js';
import { createdAt, updatedAt, workspaceId, randomId, workspaceKey } from './columns.js';

/**
 * One goal: a metric's target for a period (a month `2026-03` or a quarter `2026-Q1`), the
 * workspace's (dimension and value empty) or one slice's (a team's, a rep's, a segment's, …).
 */
export const goals = pgTable(
  'goals',
  {
    workspaceId: workspaceId(),
    period: text('period').notNull(),
    metric: text('metric').$type<GoalMetric>().notNull(),
    /** '' for the workspace's goal, else the slice's dimension and value (empty strings keep them in the key). */
    dimension: text('dimension').$type<GoalDimension | ''>().notNull().default(''),
    value: text('value').notNull().default(''),
    target: doublePrecision('target').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: updatedAt(),
  },
  // A unique key, not the primary key: drizzle-kit would add a primary key before the columns it names.
  (t) => [uniqueIndex('goals_scope_key').on(t.workspaceId, t.period, t.metric, t.dimension, t.value)],
);

/** A saved reverse-funnel plan: the inputs it was made from (measured figures with overrides applied). */
export const plans = pgTable(
  'plans',
  {
    workspaceId: workspaceId(),
    id: randomId(),
    name: text('name').notNull(),
    inputs: jsonb('inputs').$type<PlanInputs>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [workspaceKey(t)],
);
