// Content influence as a use-case: the store's counts per touch, the domain's rates, lifts and gap.
import {
  GAP_MAX_REACH,
  GAP_MIN_LIFT,
  INFLUENCE_STAGES,
  type InfluenceBase,
  type InfluenceRow,
  influenceReport,
} from '../domain/report-influence.js';
import { type ReportFilters, REPORTS } from '../domain/reports.js';
import { influenceCounts } from '../store/report-influence.js';
import { type Deps, reportReader } from './deps.js';

export interface InfluenceResult {
  report: 'influence';
  filters: ReportFilters;
  minLeads: number;
  /** What makes a gap: a won lift of at least `minLift` (its low end above 1), reaching at most `maxReach` of the leads. */
  gapRule: { minLift: number; maxReach: number };
  generatedAt: Date;
  base: InfluenceBase[];
  rows: InfluenceRow[];
  gap: InfluenceRow[];
}

export async function contentInfluence(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
  minLeads: number = REPORTS.influence.options.minLeads?.default ?? 20,
): Promise<InfluenceResult> {
  const now = deps.clock();
  const { touches, base } = await influenceCounts(reportReader(deps), workspaceId, filters);
  return {
    report: 'influence',
    filters,
    minLeads,
    gapRule: { minLift: GAP_MIN_LIFT, maxReach: GAP_MAX_REACH },
    generatedAt: now,
    ...influenceReport(touches, base, minLeads),
  };
}

/** The base per breakdown value first (kind `base`), then one row per touch; `gap` marks the content gap. */
export function influenceTable(result: InfluenceResult): (string | number | null)[][] {
  const header = [
    'kind',
    'touch',
    'group',
    'leads',
    'reach',
    ...INFLUENCE_STAGES.flatMap((s) => [
      `${s}_exposed`,
      `${s}_reached`,
      `${s}_rate`,
      `${s}_lift`,
      `${s}_lift_low`,
    ]),
    'gap',
  ];
  return [
    header,
    ...result.base.map((b) => [
      'base',
      'all leads',
      b.group,
      b.leads,
      b.leads > 0 ? 1 : null,
      ...INFLUENCE_STAGES.flatMap((s) => [b.leads, b.stages[s].reached, b.stages[s].rate, null, null]),
      null,
    ]),
    ...result.rows.map((r) => [
      r.kind,
      r.touch,
      r.group,
      r.leads,
      r.reach,
      ...INFLUENCE_STAGES.flatMap((s) => {
        const f = r.stages[s];
        return [f.exposed, f.reached, f.rate, f.lift, f.liftLow];
      }),
      r.isGap ? 'yes' : null,
    ]),
  ];
}
