// Shared goals and saved funnel plans: what both teams aim for per period (revenue, weighted
// pipeline, SQLs, MQLs) and the reverse-funnel plans made to reach a revenue goal.
import { doublePrecision, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { GoalMetric } from '../../domain/goals.js';
import type { PlanInputs } from '../../domain/planner.js';
import { createdAt, updatedAt, workspaceId, randomId, workspaceKey } from './columns.js';

/** One goal: a metric's target for a period (a month `2026-03` or a quarter `2026-Q1`). */
export const goals = pgTable(
  'goals',
  {
    workspaceId: workspaceId(),
    period: text('period').notNull(),
    metric: text('metric').$type<GoalMetric>().notNull(),
    target: doublePrecision('target').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.period, t.metric] })],
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
