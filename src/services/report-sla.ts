// SLA compliance over time as a use-case: the clocks' history and marketing's commitment beside it.
import {
  type CommitmentRow,
  type CommitmentTerms,
  type SlaMonth,
  commitmentPeriods,
  commitmentReport,
  slaReport,
  termsInForce,
} from '../domain/report-sla.js';
import { monthStart, addMonths } from '../domain/report-months.js';
import { type ReportFilters, assertReportDimensions } from '../domain/reports.js';
import { workspaceCalendar } from '../domain/workspace-setup.js';
import { commitmentActuals, slaClockRecords } from '../store/report-sla.js';
import { getWorkspace } from '../store/workspaces.js';
import { agreementsInForce } from './agreements.js';
import { type Deps, reportReader } from './deps.js';

export interface SlaResult {
  report: 'sla';
  filters: ReportFilters;
  generatedAt: Date;
  months: SlaMonth[];
  /** The agreement's commitment period (month or quarter), and each period's commitment against actual. */
  commitmentPeriod: 'month' | 'quarter';
  commitment: CommitmentRow[];
}

export async function slaCompliance(
  deps: Deps,
  workspaceId: string,
  filters: ReportFilters,
): Promise<SlaResult> {
  assertReportDimensions('sla', filters);
  const now = deps.clock();
  const [history, workspace] = await Promise.all([
    agreementsInForce(reportReader(deps), workspaceId),
    getWorkspace(reportReader(deps), workspaceId),
  ]);
  const terms: CommitmentTerms[] = history.map((h) => ({ since: h.since, ...h.agreement.marketing }));
  const kind = termsInForce(terms, now)?.period ?? 'month';
  const periods = commitmentPeriods(filters.period, kind);
  const range = {
    start: monthStart(periods[0]?.from ?? filters.period.from),
    end: monthStart(addMonths(periods.at(-1)?.to ?? filters.period.to, 1)),
  };
  const [records, actuals] = await Promise.all([
    slaClockRecords(reportReader(deps), workspaceId, filters),
    commitmentActuals(reportReader(deps), workspaceId, filters, range, kind),
  ]);
  const calendar = workspaceCalendar(workspace?.settings ?? {}, workspace?.timeZone ?? 'UTC');
  return {
    report: 'sla',
    filters,
    generatedAt: now,
    months: slaReport(records, filters.period, calendar, now),
    commitmentPeriod: kind,
    commitment: commitmentReport(actuals, filters, kind, terms, now),
  };
}

/** The months' SLA figures, then the commitment rows, in one table (`part` says which). */
export function slaTable(result: SlaResult): (string | number | null)[][] {
  return [
    [
      'part',
      'period',
      'group',
      'clocks',
      'met',
      'met_late',
      'reassigned',
      'cancelled',
      'running',
      'warnings',
      'breaches',
      'compliance',
      'follow_up_rate',
      'responses',
      'response_median_bh',
      'response_p75_bh',
      'response_p90_bh',
      'committed_mqls',
      'mqls',
      'attainment',
      'accepted',
      'rejected',
      'acceptance_rate',
      'min_acceptance_rate',
      'state',
    ],
    ...result.months.map((m) => [
      'sla',
      m.month,
      m.group,
      m.clocks,
      m.met,
      m.metLate,
      m.reassigned,
      m.cancelled,
      m.running,
      m.warnings,
      m.breaches,
      m.compliance,
      m.followUpRate,
      m.responseHours.count,
      m.responseHours.median,
      m.responseHours.p75,
      m.responseHours.p90,
      ...Array.from({ length: 8 }, () => null),
    ]),
    ...result.commitment.map((c) => [
      c.isTotal ? 'commitment' : 'commitment_group',
      c.period,
      c.group,
      ...Array.from({ length: 14 }, () => null),
      c.committed,
      c.mqls,
      c.attainment,
      c.accepted,
      c.rejected,
      c.acceptanceRate,
      c.minAcceptanceRate,
      c.state,
    ]),
  ];
}
