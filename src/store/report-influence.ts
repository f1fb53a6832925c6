// Content influence's counts: for the leads that entered in the period, each touch read from their
// events' own properties (a page's path, an asset, a campaign, a track event's name), and how many
// leads had it before first reaching MQL, SQL and won; beside it the base, every lead of the period.
import type { BaseCounts, InfluenceStage, TouchCounts, TouchKind } from '../domain/report-influence.js';
import { periodRange } from '../domain/report-months.js';
import type { ReportFilters } from '../domain/reports.js';
import type { Queryable } from './db.js';
import { filterOn, groupOn, leadDimension } from './report-sql.js';

/**
 * The touches an event carries, one row per kind: a page view's path (Segment's `properties.path`,
 * else `context.page.path`), an `asset` property (a download), the campaign it came from
 * (`context.campaign.name`, else a `campaign_name` or `campaign` property: an e-mail's), and a track
 * event's name.
 */
const TOUCHES_OF_EVENT = `(values
         ('page', case when ev.type = 'page'
                       then coalesce(ev.properties->>'path', ev.context->'page'->>'path') end),
         ('asset', ev.properties->>'asset'),
         ('campaign', coalesce(ev.context->'campaign'->>'name', ev.properties->>'campaign_name',
                               ev.properties->>'campaign')),
         ('event', case when ev.type = 'track' then ev.event end)
       ) as k(kind, touch)`;

type Row = {
  kind: TouchKind | null;
  touch: string | null;
  grp: string | null;
  leads: number;
} & Record<`${InfluenceStage}_exposed` | `${InfluenceStage}_reached`, number>;

const STAGES = ['mql', 'sql', 'won'] as const satisfies readonly InfluenceStage[];

/**
 * One statement: the cohort (each lead's first transition in the period) with the first time it
 * reached each stage, every touch's first time per lead, then per touch and breakdown value the
 * leads exposed before each stage and those of them that reached it; the base rows (kind null) count
 * every lead of the cohort. A touch at the very instant of the stage change counts as before it: the
 * event that qualifies a lead is stamped with the transition's time.
 */
export async function influenceCounts(
  q: Queryable,
  workspaceId: string,
  filters: ReportFilters,
): Promise<{ touches: TouchCounts[]; base: BaseCounts[] }> {
  const { start, end } = periodRange(filters.period);
  const where = filterOn(filters.where, 4, leadDimension);
  const group = groupOn(filters, 'e.entered_at', leadDimension);
  const exposed = (s: string) =>
    `(count(*) filter (where c.${s}_at is null or tc.first_at <= c.${s}_at))::int as ${s}_exposed,
            (count(*) filter (where tc.first_at <= c.${s}_at))::int as ${s}_reached`;
  const rows = await q.query<Row>(
    `with cohort as (
       select e.lead_id, e.mql_at, e.sql_at, e.won_at, ${group} as grp
         from lead_milestones e
         join leads l on l.workspace_id = $1 and l.id = e.lead_id
        where e.workspace_id = $1 and e.entered_at >= $2 and e.entered_at < $3
          and l.merged_into_id is null and not l.is_deleted ${where.sql}
     ), touched as (
       select c.lead_id, k.kind, k.touch, min(ev.occurred_at) as first_at
         from cohort c
         join events ev on ev.workspace_id = $1 and ev.lead_id = c.lead_id
        cross join lateral ${TOUCHES_OF_EVENT}
        where k.touch is not null and k.touch <> ''
        group by c.lead_id, k.kind, k.touch
     )
     select tc.kind, tc.touch, c.grp, count(*)::int as leads,
            ${STAGES.map(exposed).join(',\n            ')}
       from touched tc
       join cohort c on c.lead_id = tc.lead_id
      group by tc.kind, tc.touch, c.grp
     union all
     select null, null, c.grp, count(*)::int,
            ${STAGES.map((s) => `count(*)::int, count(c.${s}_at)::int`).join(', ')}
       from cohort c
      group by c.grp`,
    [workspaceId, start.toISOString(), end.toISOString(), ...where.params],
  );
  const counts = (r: Row, suffix: 'exposed' | 'reached') =>
    Object.fromEntries(STAGES.map((s) => [s, r[`${s}_${suffix}`]])) as Record<InfluenceStage, number>;
  const groupOf = (r: Row) => (r.grp === null ? null : String(r.grp));
  const touches: TouchCounts[] = [];
  const base: BaseCounts[] = [];
  for (const r of rows) {
    if (r.kind === null || r.touch === null)
      base.push({ group: groupOf(r), leads: r.leads, reached: counts(r, 'reached') });
    else
      touches.push({
        kind: r.kind,
        touch: r.touch,
        group: groupOf(r),
        leads: r.leads,
        exposed: counts(r, 'exposed'),
        reached: counts(r, 'reached'),
      });
  }
  return { touches, base };
}
