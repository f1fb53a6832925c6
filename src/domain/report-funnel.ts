// The funnel conversion report: which share of each monthly cohort reached each step, and went on to
// the next one within the window. Pure: the store counts per cohort, this module turns counts into figures.
import { type ReportPeriod, addMonths, monthStart, monthsOf } from './report-months.js';
import { compareNullable, rate } from './reports.js';
import type { Stage } from './stages.js';

/** The funnel's steps; mql and pql are two doors into the same room, so they are one step. */
export const FUNNEL_STEPS = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** The stages whose entry counts as reaching a step. */
export const FUNNEL_STEP_STAGES: Record<FunnelStep, readonly Stage[]> = {
  lead: ['lead'],
  mql: ['mql', 'pql'],
  sal: ['sal'],
  sql: ['sql'],
  opportunity: ['opportunity'],
  customer: ['customer'],
};

/** What the store counts per cohort (and breakdown value): leads that reached each step within the window. */
export interface FunnelCohortCounts {
  cohort: string;
  group: string | null;
  /** Leads of the cohort that reached each step within the window (the lead step: every lead of the cohort). */
  reached: Record<FunnelStep, number>;
  /** Of those that reached a step, how many reached the next one after it, within the window. */
  advanced: Record<FunnelStep, number>;
}

/**
 * complete: every lead of the cohort has had the whole window; maturing: some have not yet, so its
 * rates can still rise; empty: no lead entered (a month that has just begun is `maturing` or `empty`, never 0%).
 */
export type CohortStatus = 'complete' | 'maturing' | 'empty';

export interface FunnelStepFigures {
  step: FunnelStep;
  reached: number;
  advanced: number;
  /** advanced / reached: the share that went on to the next step (null for the last step or none reached). */
  conversion: number | null;
  /** reached / leads of the cohort. */
  fromLead: number | null;
}

export interface FunnelCohort {
  cohort: string;
  group: string | null;
  status: CohortStatus;
  /** When the cohort's last lead will have had the whole window. */
  completeAt: string;
  leads: number;
  steps: FunnelStepFigures[];
}

export function cohortStatus(cohort: string, leads: number, windowDays: number, now: Date): CohortStatus {
  if (leads === 0) return 'empty';
  return now >= cohortCompleteAt(cohort, windowDays) ? 'complete' : 'maturing';
}

export function cohortCompleteAt(cohort: string, windowDays: number): Date {
  return new Date(monthStart(addMonths(cohort, 1)).getTime() + windowDays * 86_400_000);
}

function stepFigures(
  reached: Record<FunnelStep, number>,
  advanced: Record<FunnelStep, number>,
): FunnelStepFigures[] {
  return FUNNEL_STEPS.map((step, i) => ({
    step,
    reached: reached[step],
    advanced: i < FUNNEL_STEPS.length - 1 ? advanced[step] : 0,
    conversion: i < FUNNEL_STEPS.length - 1 ? rate(advanced[step], reached[step]) : null,
    fromLead: rate(reached[step], reached.lead),
  }));
}

const zeroSteps = (): Record<FunnelStep, number> =>
  Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as Record<FunnelStep, number>;

/**
 * Every month of the period gets a row per group, counted or not: a month without leads is `empty`
 * and its rates are null. The total adds counts (never averages rates) over the complete cohorts
 * only when any is complete, else over all, and says which.
 */
export function funnelReport(
  counts: readonly FunnelCohortCounts[],
  period: ReportPeriod,
  windowDays: number,
  now: Date,
): { cohorts: FunnelCohort[]; total: FunnelTotal[] } {
  const groups = [...new Set(counts.map((c) => c.group))].sort(compareNullable);
  if (groups.length === 0) groups.push(null);
  const byKey = new Map(counts.map((c) => [`${c.cohort}\u0000${c.group ?? ''}`, c]));
  const cohorts: FunnelCohort[] = [];
  for (const group of groups) {
    for (const cohort of monthsOf(period)) {
      const c = byKey.get(`${cohort}\u0000${group ?? ''}`);
      const reached = c?.reached ?? zeroSteps();
      cohorts.push({
        cohort,
        group,
        status: cohortStatus(cohort, reached.lead, windowDays, now),
        completeAt: cohortCompleteAt(cohort, windowDays).toISOString(),
        leads: reached.lead,
        steps: stepFigures(reached, c?.advanced ?? zeroSteps()),
      });
    }
  }
  const total = groups.map((group) =>
    funnelTotal(
      cohorts.filter((c) => c.group === group),
      group,
    ),
  );
  return { cohorts, total };
}

export interface FunnelTotal {
  group: string | null;
  /** Which cohorts the total adds: the complete ones if any, else all that have leads. */
  basis: 'complete' | 'all';
  cohorts: number;
  leads: number;
  steps: FunnelStepFigures[];
}

export function funnelTotal(cohorts: readonly FunnelCohort[], group: string | null): FunnelTotal {
  const complete = cohorts.filter((c) => c.status === 'complete');
  const basis = complete.length > 0 ? 'complete' : 'all';
  const used = basis === 'complete' ? complete : cohorts.filter((c) => c.status !== 'empty');
  const reached = zeroSteps();
  const advanced = zeroSteps();
  for (const c of used) {
    for (const s of c.steps) {
      reached[s.step] += s.reached;
      advanced[s.step] += s.advanced;
    }
  }
  return { group, basis, cohorts: used.length, leads: reached.lead, steps: stepFigures(reached, advanced) };
}
