// SLA compliance's rows: every clock started in the period with how it ended (the clock row is the
// history: it keeps its warning, breach and stop), and marketing's delivered MQLs per commitment
// period. A clock's rep and team are the ones it ran for; the other dimensions are its lead's.
import type { BusinessCalendar } from '../domain/business-hours.js';
import { periodRange } from '../domain/report-months.js';
import type {
  CommitmentActualCounts,
  CommitmentPeriodKind,
  SlaClockKind,
  SlaClockRecord,
  SlaClockStatus,
} from '../domain/report-sla.js';
import type { ReportFilters } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { type DimensionExpr, filterOn, groupOn, leadDimension } from './report-sql.js';

const clockDimension: DimensionExpr = (dimension, periodAt) => {
  if (dimension === 'rep') return 'c.owner_id::text';
  if (dimension === 'team') return 'c.team_id::text';
  return leadDimension(dimension, periodAt);
};

/** The clocks started in the period, with their team's calendar (null: the workspace's hours). */
export async function slaClockRecords(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<SlaClockRecord[]> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 4, clockDimension);
  const rows = await q.query<{
    month: string;
    grp: string | null;
    clock: SlaClockKind;
    status: SlaClockStatus;
    started_at: Date | string;
    due_at: Date | string;
    stopped_at: Date | string | null;
    warned: boolean;
    breached: boolean;
    calendar: BusinessCalendar | null;
  }>(
    `select to_char(c.started_at at time zone 'UTC', 'YYYY-MM') as month,
            ${groupOn(filters, 'c.started_at', clockDimension)} as grp,
            c.clock, c.status, c.started_at, c.due_at, c.stopped_at,
            c.warned_at is not null as warned, c.breached_at is not null as breached, tm.calendar
       from sla_clocks c
       join leads l on l.workspace_id = c.workspace_id and l.id = c.lead_id
       left join teams tm on tm.workspace_id = c.workspace_id and tm.id = c.team_id
      where c.workspace_id = $1 and c.started_at >= $2 and c.started_at < $3 ${where.sql}`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    month: r.month,
    group: r.grp === null ? null : String(r.grp),
    clock: r.clock,
    status: r.status,
    startedAt: new Date(r.started_at),
    dueAt: new Date(r.due_at),
    stoppedAt: r.stopped_at === null ? null : new Date(r.stopped_at),
    warned: r.warned,
    breached: r.breached,
    calendar: r.calendar,
  }));
}

/**
 * Per commitment period (month or quarter) and breakdown value, over [from, to): transitions into
 * mql or pql, qualified leads accepted (to sal) and rejected by a person with a reason, counted as
 * the Marketing page counts them, on leads that pass the filters.
 */
export async function commitmentActuals(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
  range: { start: Date; end: Date },
  kind: CommitmentPeriodKind,
): Promise<CommitmentActualCounts[]> {
  const where = filterOn(filters.where, 4, leadDimension);
  const bucket =
    kind === 'month'
      ? `to_char(t.at at time zone 'UTC', 'YYYY-MM')`
      : `to_char(t.at at time zone 'UTC', 'YYYY-"Q"Q')`;
  const rows = await q.query<{
    period: string;
    grp: string | null;
    mqls: number;
    accepted: number;
    rejected: number;
  }>(
    `select ${bucket} as period, ${groupOn(filters, 't.at', leadDimension)} as grp,
            count(*) filter (where t.to_stage in ('mql', 'pql'))::int as mqls,
            count(*) filter (where t.from_stage in ('mql', 'pql') and t.to_stage = 'sal')::int as accepted,
            count(*) filter (where t.from_stage in ('mql', 'pql') and t.to_stage in ('nurture', 'disqualified')
                               and t.reason_code is not null and t.actor_type in ('user', 'api_key'))::int as rejected
       from transitions t
       join leads l on l.workspace_id = t.workspace_id and l.id = t.lead_id
      where t.workspace_id = $1 and t.at >= $2 and t.at < $3
        and l.merged_into_id is null and not l.is_deleted ${where.sql}
      group by 1, 2`,
    [workspaceId, range.start.toISOString(), range.end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    period: r.period,
    group: r.grp === null ? null : String(r.grp),
    mqls: r.mqls,
    accepted: r.accepted,
    rejected: r.rejected,
  }));
}
