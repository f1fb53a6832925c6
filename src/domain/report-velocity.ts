// The velocity report: how long leads stay in each stage before moving on, in business hours where
// the agreement's SLA times the stage, else in calendar hours. Pure: the store lists the stays.
import type { Agreement } from './agreement.js';
import { type BusinessCalendar, businessTimeBetween } from './business-hours.js';
import { type Distribution, compareNullable, distributionOf } from './reports.js';
import type { Stage } from './stages.js';

/** The stages a lead stays in and moves on from, in funnel order (mql and pql each their own stay). */
export const VELOCITY_STAGES = ['lead', 'mql', 'pql', 'sal', 'sql', 'opportunity', 'nurture'] as const;
export type VelocityStage = (typeof VELOCITY_STAGES)[number];

export type TimeUnit = 'business_hours' | 'hours';

/**
 * Stages the agreement times in business hours: those an SLA policy with a business-hours or
 * business-days target watches. Everything else is calendar time.
 */
export function businessHourStages(agreement: Agreement | null): Set<Stage> {
  return new Set((agreement?.sla.policies ?? []).map((p) => p.stage));
}

export interface StageVelocity extends Distribution {
  stage: VelocityStage;
  group: string | null;
  unit: TimeUnit;
}

export interface CycleTime extends Distribution {
  group: string | null;
  /** Calendar days from the lead's first transition to its first customer transition. */
  unit: 'days';
}

/** An ended stay in a stage, as the business-hours measure needs it. */
export interface Stay {
  stage: VelocityStage;
  group: string | null;
  enteredAt: Date;
  leftAt: Date;
  /** The lead's team calendar; null: the workspace's business hours. */
  calendar: BusinessCalendar | null;
}

/** Business hours spent in each stage, per stage and breakdown value, in each stay's own calendar. */
export function businessStageDurations(
  stays: readonly Stay[],
  workspaceCalendar: BusinessCalendar,
): ({ stage: VelocityStage; group: string | null } & Distribution)[] {
  const hours = new Map<string, { stage: VelocityStage; group: string | null; values: number[] }>();
  for (const s of stays) {
    const key = `${s.stage}\u0000${s.group ?? ''}`;
    const entry = hours.get(key) ?? { stage: s.stage, group: s.group, values: [] };
    entry.values.push(
      businessTimeBetween(s.enteredAt, s.leftAt, s.calendar ?? workspaceCalendar) / 3_600_000,
    );
    hours.set(key, entry);
  }
  return [...hours.values()].map((e) => ({ stage: e.stage, group: e.group, ...distributionOf(e.values) }));
}

/** Every velocity stage gets a row per group (count 0 and null figures when nothing ended there). */
export function velocityReport(
  durations: readonly ({ stage: VelocityStage; group: string | null } & Distribution)[],
  businessStages: ReadonlySet<Stage>,
): StageVelocity[] {
  const groups = [...new Set(durations.map((d) => d.group))].sort(compareNullable);
  if (groups.length === 0) groups.push(null);
  const byKey = new Map(durations.map((d) => [`${d.stage}\u0000${d.group ?? ''}`, d]));
  return groups.flatMap((group) =>
    VELOCITY_STAGES.map((stage) => {
      const d = byKey.get(`${stage}\u0000${group ?? ''}`);
      return {
        stage,
        group,
        unit: businessStages.has(stage) ? ('business_hours' as const) : ('hours' as const),
        count: d?.count ?? 0,
        median: d?.median ?? null,
        p75: d?.p75 ?? null,
        p90: d?.p90 ?? null,
      };
    }),
  );
}
