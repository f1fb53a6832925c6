// The report benchmark's cases: each report with representative filters and breakdowns, run two
// ways: through its service (what the API, CLI and UI call: queries plus the domain's arithmetic),
// and as the bare set of store queries that service issues (what DuckDB runs too, for the ratio).
import { addMonths, monthOf } from '../../src/domain/report-months.js';
import type { ReportFilters } from '../../src/domain/reports.js';
import { VELOCITY_STAGES, type VelocityStage } from '../../src/domain/report-velocity.js';
import type { Deps } from '../../src/services/deps.js';
import { goalAttainment, spendAndReturn } from '../../src/services/goals.js';
import { measurementPeriod, planner } from '../../src/services/planner.js';
import { runReport } from '../../src/services/reports.js';
import type { Queryable } from '../../src/store/db.js';
import { listGoals, monthlyActuals } from '../../src/store/goals.js';
import { wonDeals } from '../../src/store/planner.js';
import { influenceCounts } from '../../src/store/report-influence.js';
import { openPipeline, periodPipeline, wonCycleTimes } from '../../src/store/report-pipeline.js';
import { qualityCounts, qualityDisputes, qualityRejections } from '../../src/store/report-quality.js';
import { commitmentActuals, slaClockRecords } from '../../src/store/report-sla.js';
import { channelMonthCounts, spendRows } from '../../src/store/report-spend.js';
import { cycleTimes, funnelCounts, stageDurations, stays } from '../../src/store/reports.js';

export interface ReportCase {
  report: string;
  /** What the variant asks, for the notes. */
  label: string;
  service(deps: Deps, workspaceId: string): Promise<unknown>;
  queries(q: Queryable, workspaceId: string): Promise<unknown>;
}

/** The report variants at `now`: last quarter, the last twelve months, filtered, broken down. */
export function reportCases(now: Date): ReportCase[] {
  const last = addMonths(monthOf(now), -1);
  const quarter = { from: addMonths(last, -2), to: last };
  const year = { from: addMonths(last, -11), to: last };
  const f = (
    period: { from: string; to: string },
    by: ReportFilters['by'] = null,
    where: ReportFilters['where'] = {},
  ) => ({ period, by, where });
  const variants: [string, ReportFilters][] = [
    ['last quarter', f(quarter)],
    ['last quarter by source', f(quarter, 'source')],
    ['12 months by month', f(year, 'period')],
    ['last quarter, segment Software, by rep', f(quarter, 'rep', { segment: 'Software' })],
  ];
  const leadReport = (
    report: 'funnel' | 'velocity' | 'quality' | 'pipeline' | 'sla' | 'influence',
    queries: (q: Queryable, ws: string, filters: ReportFilters) => Promise<unknown>,
    only: typeof variants = variants,
  ): ReportCase[] =>
    only.map(([label, filters]) => ({
      report,
      label,
      service: (deps, ws) => runReport(deps, report, ws, filters),
      queries: (q, ws) => queries(q, ws, filters),
    }));
  // Stages timed in business hours by the default agreement come back as rows for the calendar maths.
  const business: VelocityStage[] = ['mql', 'sal'];
  const calendar = VELOCITY_STAGES.filter((s) => !business.includes(s));
  const measured = measurementPeriod(now);
  return [
    ...leadReport('funnel', (q, ws, filters) => funnelCounts(q, ws, filters, 90)),
    ...leadReport('velocity', (q, ws, filters) =>
      Promise.all([
        stageDurations(q, ws, filters, calendar),
        stays(q, ws, filters, business),
        cycleTimes(q, ws, filters),
      ]),
    ),
    ...leadReport('quality', (q, ws, filters) =>
      Promise.all([
        qualityCounts(q, ws, filters),
        qualityRejections(q, ws, filters),
        qualityDisputes(q, ws, filters),
      ]),
    ),
    ...leadReport('pipeline', (q, ws, filters) =>
      Promise.all([
        openPipeline(q, ws, filters),
        periodPipeline(q, ws, filters),
        wonCycleTimes(q, ws, filters),
      ]),
    ),
    ...leadReport('sla', (q, ws, filters) =>
      Promise.all([
        slaClockRecords(q, ws, filters),
        commitmentActuals(
          q,
          ws,
          filters,
          {
            start: new Date(`${filters.period.from}-01T00:00:00Z`),
            end: new Date(`${addMonths(filters.period.to, 1)}-01T00:00:00Z`),
          },
          'month',
        ),
      ]),
    ),
    ...leadReport('influence', (q, ws, filters) => influenceCounts(q, ws, filters), [
      ['last month', f({ from: last, to: last })],
      ['last quarter', f(quarter)],
      ['last quarter by source', f(quarter, 'source')],
      ['last month, territory EMEA', f({ from: last, to: last }, null, { territory: 'EMEA' })],
    ]),
    ...[quarter, year].map((period, i): ReportCase => ({
      report: 'goals',
      label: i === 0 ? 'last quarter' : '12 months',
      service: (deps, ws) => goalAttainment(deps, ws, f(period)),
      queries: (q, ws) => Promise.all([listGoals(q, ws, []), monthlyActuals(q, ws, period)]),
    })),
    ...[quarter, year].map((period, i): ReportCase => ({
      report: 'spend',
      label: i === 0 ? 'last quarter' : '12 months',
      service: (deps, ws) => spendAndReturn(deps, ws, f(period)),
      queries: (q, ws) => Promise.all([spendRows(q, ws, period), channelMonthCounts(q, ws, period)]),
    })),
    {
      report: 'planner',
      label: 'next quarter from the last 12 months',
      service: (deps, ws) =>
        planner(deps, ws, {
          revenueGoal: 5_000_000,
          period: { from: addMonths(monthOf(now), 1), to: addMonths(monthOf(now), 3) },
        }),
      queries: (q, ws) => {
        const filters = f(measured);
        return Promise.all([
          funnelCounts(q, ws, filters, 90),
          stageDurations(q, ws, filters, ['lead', 'mql', 'sal', 'sql', 'opportunity']),
          wonDeals(q, ws, filters),
          spendRows(q, ws, measured),
          channelMonthCounts(q, ws, measured),
        ]);
      },
    },
  ];
}
