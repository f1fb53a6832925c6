// SQL pieces every report shares: how a dimension reads on the lead's columns, the filters and the
// breakdown; a report whose rows are not leads (a clock's rep, a deal's source) says what differs and
// falls back to the lead's columns.
import type { FilterDimension, ReportDimension, ReportFilters } from '../domain/reports.js';

/** A dimension as an SQL expression; `periodAt` is the instant the report groups months by. */
export type DimensionExpr = (dimension: ReportDimension, periodAt: string) => string;

/** Each dimension as an expression on the lead `l` (and, for the period, the instant the report groups by). */
export const leadDimension: DimensionExpr = (dimension, periodAt) => {
  switch (dimension) {
    case 'period':
      return `to_char(${periodAt} at time zone 'UTC', 'YYYY-MM')`;
    case 'source':
      return 'l.source';
    case 'medium':
      return 'l.medium';
    case 'campaign':
      return 'l.campaign';
    case 'segment':
      return 'l.industry';
    case 'territory':
      return 'l.region';
    case 'team':
      return 'l.team_id::text';
    case 'rep':
      return 'l.owner_id::text';
    case 'product':
      // A lead sells nothing: the reports over leads refuse this dimension before any query.
      return 'null::text';
  }
};

/**
 * Each dimension on a deal `o` with its lead `l` (left-joined): its source is its lead's, else its
 * own; its rep its owner, else its lead's; its team its rep's team (the first they joined), else its
 * lead's routing team; its product its own; the rest its lead's.
 */
export const dealDimension: DimensionExpr = (dimension, periodAt) => {
  if (dimension === 'source') return 'coalesce(l.source, o.source)';
  if (dimension === 'rep') return 'coalesce(o.owner_id, l.owner_id)::text';
  if (dimension === 'team') {
    return `coalesce((select m.team_id from team_members m
                        join teams t on t.workspace_id = m.workspace_id and t.id = m.team_id
                       where m.workspace_id = o.workspace_id and m.user_id = coalesce(o.owner_id, l.owner_id)
                       order by t.created_at, t.id limit 1), l.team_id)::text`;
  }
  if (dimension === 'product') return 'o.product';
  return leadDimension(dimension, periodAt);
};

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
