// SLA compliance over time, by rep and team: every clock started in a month, how it ended (met, met
// late, reassigned, cancelled, still running), the warnings and breaches it fired, the follow-up
// rate and the response-time distribution in business hours; and beside it marketing's MQL
// commitment against what was delivered, per period of the agreement. Pure arithmetic.
import { type BusinessCalendar, businessTimeBetween } from './business-hours.js';
import { type ReportPeriod, addMonths, monthsOf } from './report-months.js';
import { type Distribution, compareNullable, distributionOf, rate } from './reports.js';

export type SlaClockKind = 'response' | 'first_touch' | 'stage_exit';
export type SlaClockStatus = 'running' | 'met' | 'met_late' | 'reassigned' | 'cancelled';

/** One clock as the report needs it (the store reads clocks started in the period). */
export interface SlaClockRecord {
  month: string;
  group: string | null;
  clock: SlaClockKind;
  status: SlaClockStatus;
  startedAt: Date;
  dueAt: Date;
  stoppedAt: Date | null;
  warned: boolean;
  breached: boolean;
  /** The clock's team calendar; null: the workspace's business hours. */
  calendar: BusinessCalendar | null;
}

export interface SlaMonth {
  month: string;
  group: string | null;
  /** Clocks started in the month. */
  clocks: number;
  met: number;
  metLate: number;
  reassigned: number;
  cancelled: number;
  /** Still running, past due or not. */
  running: number;
  /** Clocks that fired their warning. */
  warnings: number;
  /** Clocks that breached: marked so, met late, or running past due (a worker may not have run yet). */
  breaches: number;
  /** met / (met + breaches): of the clocks decided, the share met on time. */
  compliance: number | null;
  /**
   * (met + metLate) / (met + metLate + reassigned + running past due): of the leads whose clock
   * should have been answered by now, the share a rep did follow up. Clocks still within their time
   * and cancelled ones (the lead left the stage for another reason) are left out.
   */
  followUpRate: number | null;
  /** Business hours from start to stop of the response and first-touch clocks that were answered. */
  responseHours: Distribution;
}

const RESPONSE_CLOCKS: ReadonlySet<SlaClockKind> = new Set(['response', 'first_touch']);

export function isBreached(c: SlaClockRecord, now: Date): boolean {
  return c.breached || c.status === 'met_late' || (c.status === 'running' && c.dueAt <= now);
}

/** Every month of the period gets a row per breakdown value; a month with no clock has null rates. */
export function slaReport(
  records: readonly SlaClockRecord[],
  period: ReportPeriod,
  workspaceCalendar: BusinessCalendar,
  now: Date,
): SlaMonth[] {
  const groups = [...new Set(records.map((r) => r.group))].sort(compareNullable);
  if (groups.length === 0) groups.push(null);
  const byKey = new Map<string, SlaClockRecord[]>();
  for (const r of records) {
    const key = `${r.month}\u0000${r.group ?? ''}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const out: SlaMonth[] = [];
  for (const group of groups) {
    for (const month of monthsOf(period)) {
      const mine = byKey.get(`${month}\u0000${group ?? ''}`) ?? [];
      const n = (f: (c: SlaClockRecord) => boolean) => mine.filter(f).length;
      const met = n((c) => c.status === 'met');
      const metLate = n((c) => c.status === 'met_late');
      const reassigned = n((c) => c.status === 'reassigned');
      const overdue = n((c) => c.status === 'running' && c.dueAt <= now);
      const breaches = n((c) => isBreached(c, now));
      const hours = mine
        .filter(
          (c) =>
            RESPONSE_CLOCKS.has(c.clock) &&
            (c.status === 'met' || c.status === 'met_late') &&
            c.stoppedAt !== null,
        )
        .map(
          (c) =>
            businessTimeBetween(c.startedAt, c.stoppedAt as Date, c.calendar ?? workspaceCalendar) /
            3_600_000,
        );
      out.push({
        month,
        group,
        clocks: mine.length,
        met,
        metLate,
        reassigned,
        cancelled: n((c) => c.status === 'cancelled'),
        running: n((c) => c.status === 'running'),
        warnings: n((c) => c.warned),
        breaches,
        compliance: rate(met, met + breaches),
        followUpRate: rate(met + metLate, met + metLate + reassigned + overdue),
        responseHours: distributionOf(hours),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Marketing's commitment against actual

export type CommitmentPeriodKind = 'month' | 'quarter';

/** `2026-03` or `2026-Q1`: the agreement's commitment period an instant falls in. */
export function commitmentPeriodOf(month: string, kind: CommitmentPeriodKind): string {
  if (kind === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The commitment periods that overlap the report's months, and the months they span. */
export function commitmentPeriods(
  period: ReportPeriod,
  kind: CommitmentPeriodKind,
): { name: string; from: string; to: string }[] {
  const names = [...new Set(monthsOf(period).map((m) => commitmentPeriodOf(m, kind)))];
  return names.map((name) => {
    if (kind === 'month') return { name, from: name, to: name };
    const first = `${name.slice(0, 4)}-${String((Number(name.slice(6)) - 1) * 3 + 1).padStart(2, '0')}`;
    return { name, from: first, to: addMonths(first, 2) };
  });
}

/** What the store counts per commitment period and breakdown value (the Marketing page's counts). */
export interface CommitmentActualCounts {
  period: string;
  group: string | null;
  /** Transitions into mql or pql. */
  mqls: number;
  /** Qualified leads sales accepted (to sal). */
  accepted: number;
  /** … and rejected by a person with a reason. */
  rejected: number;
}

/** `closed`: the period is over and nothing was committed for the row (a breakdown value, a filter). */
export type CommitmentState = 'upcoming' | 'in_progress' | 'met' | 'missed' | 'closed';

export interface CommitmentRow extends CommitmentActualCounts {
  /** The whole workspace's (or filter's) row of the period, rather than one breakdown value's. */
  isTotal: boolean;
  /** The MQLs the agreement commits for the period; null for a breakdown row or a filtered report. */
  committed: number | null;
  /** mqls / committed. */
  attainment: number | null;
  /** Where the count should be by now if the period ran evenly (the committed number once it is over). */
  expectedByNow: number | null;
  /** accepted / (accepted + rejected). */
  acceptanceRate: number | null;
  minAcceptanceRate: number;
  /** Over (met, missed, or closed without a commitment), under way or not begun; never a bare "0 of n" for a period just begun. */
  state: CommitmentState;
}

/**
 * One row per commitment period for the whole (group null: the sum of the breakdown values), with
 * the commitment; and, with a breakdown, one row per value and period without one (the agreement
 * commits one number for the workspace). `committed` is null when the report is filtered: a filtered
 * count cannot be held against the workspace's commitment.
 */
export function commitmentReport(
  counts: readonly CommitmentActualCounts[],
  period: ReportPeriod,
  agreement: { period: CommitmentPeriodKind; mqlCommitment: number; minAcceptanceRate: number } | null,
  options: { filtered: boolean; brokenDown: boolean },
  now: Date,
): CommitmentRow[] {
  const kind = agreement?.period ?? 'month';
  const periods = commitmentPeriods(period, kind);
  const groups = [...new Set(counts.map((c) => c.group))].sort(compareNullable);
  const breakdown = options.brokenDown ? groups : [];
  const rows: CommitmentRow[] = [];
  for (const p of periods) {
    const start = Date.UTC(Number(p.from.slice(0, 4)), Number(p.from.slice(5, 7)) - 1, 1);
    const end = Date.UTC(Number(p.to.slice(0, 4)), Number(p.to.slice(5, 7)), 1);
    const elapsed = Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
    const state = (mqls: number, committed: number | null): CommitmentState => {
      if (elapsed === 0) return 'upcoming';
      if (elapsed < 1) return 'in_progress';
      if (committed === null) return 'closed';
      return mqls >= committed ? 'met' : 'missed';
    };
    const mine = counts.filter((c) => c.period === p.name);
    const sum = (f: (c: CommitmentActualCounts) => number) => mine.reduce((n, c) => n + f(c), 0);
    const whole = {
      mqls: sum((c) => c.mqls),
      accepted: sum((c) => c.accepted),
      rejected: sum((c) => c.rejected),
    };
    const committed = agreement && !options.filtered ? agreement.mqlCommitment : null;
    const row = (
      group: string | null,
      c: typeof whole,
      commit: number | null,
      isTotal: boolean,
    ): CommitmentRow => ({
      period: p.name,
      group,
      isTotal,
      ...c,
      committed: commit,
      attainment: commit === null ? null : rate(c.mqls, commit),
      expectedByNow: commit === null ? null : Math.round(commit * elapsed),
      acceptanceRate: rate(c.accepted, c.accepted + c.rejected),
      minAcceptanceRate: agreement?.minAcceptanceRate ?? 0,
      state: state(c.mqls, commit),
    });
    rows.push(row(null, whole, committed, true));
    for (const g of breakdown) {
      const c = mine.find((x) => x.group === g);
      rows.push(
        row(g, { mqls: c?.mqls ?? 0, accepted: c?.accepted ?? 0, rejected: c?.rejected ?? 0 }, null, false),
      );
    }
  }
  return rows;
}
