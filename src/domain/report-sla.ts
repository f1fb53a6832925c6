// SLA compliance over time, by rep and team: every clock started in a month, how it ended (met, met
// late, reassigned, cancelled, still running), the warnings and breaches it fired, the follow-up
// rate and the response-time distribution in business hours; and beside it marketing's MQL
// commitment against what was delivered, per period of the agreement. Pure arithmetic.
import type { SegmentCommitment } from './agreement.js';
import { type BusinessCalendar, businessTimeBetween } from './business-hours.js';
import { type ReportPeriod, addMonths, monthsOf } from './report-months.js';
import { type Distribution, type ReportFilters, compareNullable, distributionOf, rate } from './reports.js';

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

/** One version of marketing's side of the agreement, from the moment it came into force. */
export interface CommitmentTerms {
  since: Date;
  period: CommitmentPeriodKind;
  mqlCommitment: number;
  minAcceptanceRate: number;
  segments?: readonly SegmentCommitment[] | undefined;
}

/** The terms in force at `at`: the version activated last at or before it; null before the first. */
export function termsInForce(history: readonly CommitmentTerms[], at: Date): CommitmentTerms | null {
  let found: CommitmentTerms | null = null;
  for (const t of history) if (t.since <= at && (!found || t.since >= found.since)) found = t;
  return found;
}

/** A commitment made per month or per quarter, restated for a period of the other kind. */
function restated(mqls: number, from: CommitmentPeriodKind, to: CommitmentPeriodKind): number {
  if (from === to) return mqls;
  return from === 'month' ? mqls * 3 : Math.round(mqls / 3);
}

/** The whole commitment of `terms`, for a period of `kind`. */
export function restatedCommitment(terms: CommitmentTerms, kind: CommitmentPeriodKind): number {
  return restated(terms.mqlCommitment, terms.period, kind);
}

/**
 * What one row can be held against: the whole commitment for an unfiltered total, a segment's or
 * territory's for a total filtered to that one value or for that value's row of a breakdown by it,
 * and nothing otherwise (a count filtered by source cannot be held against any promise).
 */
function committedFor(
  terms: CommitmentTerms,
  filters: Pick<ReportFilters, 'where' | 'by'>,
  group: { isTotal: boolean; value: string | null },
): number | null {
  const where = Object.entries(filters.where).filter(([, v]) => v !== undefined);
  const part = (dimension: string, value: string | null): number | null => {
    const found = (terms.segments ?? []).find(
      (c) => c.dimension === dimension && c.value.toLowerCase() === value?.toLowerCase(),
    );
    return found ? found.mqlCommitment : null;
  };
  if (group.isTotal) {
    if (where.length === 0) return terms.mqlCommitment;
    const [only] = where;
    return where.length === 1 && only ? part(only[0], only[1] ?? null) : null;
  }
  const by = filters.by;
  if (by !== 'segment' && by !== 'territory') return null;
  if (where.some(([d, v]) => d !== by || v?.toLowerCase() !== group.value?.toLowerCase())) return null;
  return part(by, group.value);
}

/**
 * One row per commitment period for the whole (group null: the sum of the breakdown values), and,
 * with a breakdown, one row per value. Each period is held against the terms in force when it ended
 * (or now, while it runs): a period before the first agreement has no commitment, so it is never
 * "missed". Segment and territory rows carry their own commitment where the agreement makes one.
 */
export function commitmentReport(
  counts: readonly CommitmentActualCounts[],
  filters: ReportFilters,
  kind: CommitmentPeriodKind,
  history: readonly CommitmentTerms[],
  now: Date,
): CommitmentRow[] {
  const periods = commitmentPeriods(filters.period, kind);
  const groups = [...new Set(counts.map((c) => c.group))].sort(compareNullable);
  const breakdown = filters.by !== null ? groups : [];
  const rows: CommitmentRow[] = [];
  for (const p of periods) {
    const start = Date.UTC(Number(p.from.slice(0, 4)), Number(p.from.slice(5, 7)) - 1, 1);
    const end = Date.UTC(Number(p.to.slice(0, 4)), Number(p.to.slice(5, 7)), 1);
    const elapsed = Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
    const terms = termsInForce(history, new Date(Math.min(end - 1, now.getTime())));
    const state = (mqls: number, committed: number | null): CommitmentState => {
      if (elapsed === 0) return 'upcoming';
      if (elapsed < 1) return 'in_progress';
      if (committed === null) return 'closed';
      return mqls >= committed ? 'met' : 'missed';
    };
    const mine = counts.filter((c) => c.period === p.name);
    const sum = (f: (c: CommitmentActualCounts) => number) => mine.reduce((n, c) => n + f(c), 0);
    const row = (
      group: string | null,
      c: Pick<CommitmentActualCounts, 'mqls' | 'accepted' | 'rejected'>,
      isTotal: boolean,
    ): CommitmentRow => {
      const own = terms ? committedFor(terms, filters, { isTotal, value: group }) : null;
      const commit = own === null || !terms ? null : restated(own, terms.period, kind);
      return {
        period: p.name,
        group,
        isTotal,
        ...c,
        committed: commit,
        attainment: commit === null ? null : rate(c.mqls, commit),
        expectedByNow: commit === null ? null : Math.round(commit * elapsed),
        acceptanceRate: rate(c.accepted, c.accepted + c.rejected),
        minAcceptanceRate: terms?.minAcceptanceRate ?? 0,
        state: state(c.mqls, commit),
      };
    };
    rows.push(
      row(
        null,
        { mqls: sum((c) => c.mqls), accepted: sum((c) => c.accepted), rejected: sum((c) => c.rejected) },
        true,
      ),
    );
    for (const g of breakdown) {
      const c = mine.find((x) => x.group === g);
      rows.push(
        row(g, { mqls: c?.mqls ?? 0, accepted: c?.accepted ?? 0, rejected: c?.rejected ?? 0 }, false),
      );
    }
  }
  return rows;
}
