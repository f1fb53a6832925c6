// The shared reports' queries: set-based aggregates over the transitions (the source of analytics),
// joined to the lead for the common filters and breakdowns. Each is one statement you can paste into psql.
import type { BusinessCalendar } from '../domain/business-hours.js';
import { periodRange } from '../domain/report-months.js';
import { type FunnelCohortCounts, type FunnelStep, FUNNEL_STEPS } from '../domain/report-funnel.js';
import { type Stay, type VelocityStage } from '../domain/report-velocity.js';
import { type ReportFilters, type Distribution } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { filterOn, groupOn, leadDimension } from './report-sql.js';

const STEP_STAGES: Record<Exclude<FunnelStep, 'lead'>, string> = {
  mql: `('mql', 'pql')`,
  sal: `('sal')`,
  sql: `('sql')`,
  opportunity: `('opportunity')`,
  customer: `('customer')`,
};
const LATER_STEPS = FUNNEL_STEPS.slice(1) as Exclude<FunnelStep, 'lead'>[];

/**
 * Per cohort (the UTC month of a lead's first transition) and breakdown value: the leads, how many
 * reached each step within `windowDays` of entering, and how many of those reached the next step
 * after first reaching this one (still within the window). A recycled lead counts once per step.
 */
export async function funnelCounts(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
  windowDays: number,
): Promise<FunnelCohortCounts[]> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 5, leadDimension);
  const group = groupOn(filters, 'e.entered_at', leadDimension);
  const reachColumns = LATER_STEPS.map(
    (s) =>
      `min(t.at) filter (where t.to_stage in ${STEP_STAGES[s]}) as ${s}_first,
              max(t.at) filter (where t.to_stage in ${STEP_STAGES[s]}) as ${s}_last`,
  ).join(',\n              ');
  const counted = [
    `count(*)::int as lead_reached`,
    `count(r.mql_first)::int as lead_advanced`,
    ...LATER_STEPS.map((s, i) => {
      const next = LATER_STEPS[i + 1];
      return [
        `count(r.${s}_first)::int as ${s}_reached`,
        next
          ? `(count(*) filter (where r.${next}_last >= r.${s}_first))::int as ${s}_advanced`
          : `0 as ${s}_advanced`,
      ].join(', ');
    }),
  ].join(',\n            ');
  const rows = await q.query<Record<string, unknown>>(
    `with cohort as (
       select e.lead_id, e.entered_at, to_char(e.entered_at at time zone 'UTC', 'YYYY-MM') as cohort,
              ${group} as grp
         from lead_milestones e
         join leads l on l.workspace_id = $1 and l.id = e.lead_id
        where e.workspace_id = $1 and e.entered_at >= $2 and e.entered_at < $3
          and l.merged_into_id is null and not l.is_deleted ${where.sql}
     ), reach as (
       select c.lead_id,
              ${reachColumns}
         from cohort c
         join transitions t on t.workspace_id = $1 and t.lead_id = c.lead_id
                           and t.at <= c.entered_at + $4::int * interval '1 day'
        group by c.lead_id
     )
     select c.cohort, c.grp,
            ${counted}
       from cohort c
       left join reach r on r.lead_id = c.lead_id
      group by c.cohort, c.grp
      order by c.cohort, c.grp`,
    [workspaceId, start.toISOString(), end.toISOString(), windowDays, ...where.params],
  );
  return rows.map((r) => ({
    cohort: String(r.cohort),
    group: r.grp === null || r.grp === undefined ? null : String(r.grp),
    reached: Object.fromEntries(FUNNEL_STEPS.map((s) => [s, Number(r[`${s}_reached`])])) as Record<
      FunnelStep,
      number
    >,
    advanced: Object.fromEntries(FUNNEL_STEPS.map((s) => [s, Number(r[`${s}_advanced`])])) as Record<
      FunnelStep,
      number
    >,
  }));
}

/** A lead's stays: each transition into a stage, ended by the lead's next transition. */
const STAYS = `
  stays as (
    select t.lead_id, t.to_stage as stage, t.at as entered_at,
           lead(t.at) over (partition by t.lead_id order by t.at, t.id) as left_at
      from transitions t
     where t.workspace_id = $1 and t.at >= $2
  )`;

/**
 * Time in each stage, in calendar hours, for stays that began in the period and have ended:
 * count, median, p75 and p90 (percentile_cont) per stage and breakdown value.
 */
export async function stageDurations(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
  stages: readonly VelocityStage[],
): Promise<({ stage: VelocityStage; group: string | null } & Distribution)[]> {
  if (stages.length === 0) return [];
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 5, leadDimension);
  const group = groupOn(filters, 's.entered_at', leadDimension);
  const rows = await q.query<{ stage: VelocityStage; grp: string | null; n: number; q: number[] }>(
    `with ${STAYS}
     select s.stage, ${group} as grp, count(*)::int as n,
            percentile_cont(array[0.5, 0.75, 0.9]) within group
              (order by extract(epoch from s.left_at - s.entered_at) / 3600.0) as q
       from stays s
       join leads l on l.workspace_id = $1 and l.id = s.lead_id
      where s.entered_at < $3 and s.left_at is not null and s.stage = any($4::text[])
        and l.merged_into_id is null and not l.is_deleted ${where.sql}
      group by s.stage, grp`,
    [workspaceId, start.toISOString(), end.toISOString(), stages, ...where.params],
  );
  return rows.map((r) => ({
    stage: r.stage,
    group: r.grp,
    count: r.n,
    median: Number(r.q[0]),
    p75: Number(r.q[1]),
    p90: Number(r.q[2]),
  }));
}

/**
 * The ended stays that began in the period, for stages timed in business hours: the calendar maths
 * (src/domain/business-hours.ts) measures each, so these come back as rows.
 */
export async function stays(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
  stages: readonly VelocityStage[],
): Promise<Stay[]> {
  if (stages.length === 0) return [];
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 5, leadDimension);
  const group = groupOn(filters, 's.entered_at', leadDimension);
  const rows = await q.query<{
    stage: VelocityStage;
    grp: string | null;
    entered_at: Date | string;
    left_at: Date | string;
    calendar: BusinessCalendar | null;
  }>(
    `with ${STAYS}
     select s.stage, ${group} as grp, s.entered_at, s.left_at, tm.calendar
       from stays s
       join leads l on l.workspace_id = $1 and l.id = s.lead_id
       left join teams tm on tm.workspace_id = $1 and tm.id = l.team_id
      where s.entered_at < $3 and s.left_at is not null and s.stage = any($4::text[])
        and l.merged_into_id is null and not l.is_deleted ${where.sql}`,
    [workspaceId, start.toISOString(), end.toISOString(), stages, ...where.params],
  );
  return rows.map((r) => ({
    stage: r.stage,
    group: r.grp,
    enteredAt: new Date(r.entered_at),
    leftAt: new Date(r.left_at),
    calendar: r.calendar,
  }));
}

/**
 * Cycle time in calendar days from a lead's first transition to its first customer transition, for
 * leads won in the period: count, median, p75, p90 per breakdown value (by period: the month won).
 */
export async function cycleTimes(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<({ group: string | null } & Distribution)[]> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 4, leadDimension);
  const group = groupOn(filters, 'w.won_at', leadDimension);
  const rows = await q.query<{ grp: string | null; n: number; q: number[] }>(
    `select ${group} as grp, count(*)::int as n,
            percentile_cont(array[0.5, 0.75, 0.9]) within group
              (order by extract(epoch from w.won_at - w.entered_at) / 86400.0) as q
       from lead_milestones w
       join leads l on l.workspace_id = $1 and l.id = w.lead_id
      where w.workspace_id = $1 and w.won_at >= $2 and w.won_at < $3
        and l.merged_into_id is null and not l.is_deleted ${where.sql}
      group by grp`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  return rows.map((r) => ({
    group: r.grp,
    count: r.n,
    median: Number(r.q[0]),
    p75: Number(r.q[1]),
    p90: Number(r.q[2]),
  }));
}
