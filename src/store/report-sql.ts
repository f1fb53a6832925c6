// SQL pieces the lead-quality, pipeline and SLA reports share: each report says what a dimension
// means on its own rows (a clock's rep, a deal's source) and falls back to the lead's columns.
import type { FilterDimension, ReportDimension, ReportFilters } from '../domain/reports.js';
import { dimensionSql } from './reports.js';

/** A dimension as an SQL expression; `periodAt` is the instant the report groups months by. */
export type DimensionExpr = (dimension: ReportDimension, periodAt: string) => string;

/** The lead's columns (`l`), as the funnel and velocity reports read them. */
export const leadDimension: DimensionExpr = dimensionSql;

/** `and <dimension> = $n` for each filter, its parameters numbered from `first`. */
export function filterOn(
  where: ReportFilters['where'],
  first: number,
  expr: DimensionExpr,
): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  for (const [dimension, value] of Object.entries(where) as [FilterDimension, string | undefined][]) {
    if (value === undefined) continue;
    params.push(value);
    parts.push(`and ${expr(dimension, 'now()')} = $${first + params.length - 1}`);
  }
  return { sql: parts.join(' '), params };
}

/** The breakdown value's expression, or `null` when the report is not broken down. */
export function groupOn(filters: ReportFilters, periodAt: string, expr: DimensionExpr): string {
  return filters.by ? expr(filters.by, periodAt) : 'null';
}
