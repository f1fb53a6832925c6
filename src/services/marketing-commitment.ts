// Marketing's side of the agreement: a committed number of MQLs per period and a minimum share of
// them that sales accepts, tracked from the transitions (the same rows every report reads).
import { AppError } from '../domain/errors.js';
import { attainment } from '../domain/goals.js';
import { addMonths, type ReportPeriod } from '../domain/report-months.js';
import {
  type CommitmentPeriodKind,
  type CommitmentTerms,
  commitmentReport,
  termsInForce,
} from '../domain/report-sla.js';
import type { ReportFilters } from '../domain/reports.js';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import { commitmentActuals } from '../store/report-sla.js';
import { rejectionReasons } from '../store/transitions.js';
import { agreementsInForce } from './agreements.js';
import type { Deps } from './deps.js';

export interface CommitmentStatus {
  period: string;
  from: Date;
  to: Date;
  /** What the agreement in force for the period promised; null for a period before the first agreement. */
  commitment: { mqls: number; minAcceptanceRate: number } | null;
  mqls: number;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected): of the leads sales decided on, the share it took. */
  acceptanceRate: number | null;
  /** Where the MQL count should be by now if the period runs evenly (0 with nothing committed). */
  expectedByNow: number;
  /** Share of the period gone by now, 0–1. */
  elapsed: number;
  /** Where the period ends at the pace so far (null until a day has gone by): a period just begun reads as a pace, not a bare 0. */
  projected: number | null;
  /** Null with nothing committed. */
  isVolumeOnTrack: boolean | null;
  isAcceptanceOnTrack: boolean | null;
  /** The parts committed per segment or territory, each with what it delivered so far. */
  segments: {
    dimension: 'segment' | 'territory';
    value: string;
    committed: number;
    mqls: number;
    expectedByNow: number;
  }[];
  rejectionReasons: { reason: string; count: number }[];
}

/** The years a period may name: its end must still have a four-digit year (PostgreSQL reads +10000-01-01 as garbage). */
const FIRST_YEAR = 1970;
const LAST_YEAR = 9998;

/** `2026-11` (a month) or `2026-Q4` (a quarter) → its bounds in UTC. */
export function periodBounds(period: string): { from: Date; to: Date } {
  const year = Number(/^(\d{4})-/.exec(period)?.[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new AppError('validation_failed', `period: the year must be from ${FIRST_YEAR} to ${LAST_YEAR}`, [
      { field: 'period', message: `must be in a year from ${FIRST_YEAR} to ${LAST_YEAR}` },
    ]);
  }
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]) - 1;
    return { from: new Date(Date.UTC(y, m, 1)), to: new Date(Date.UTC(y, m + 1, 1)) };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]) - 1;
    return { from: new Date(Date.UTC(y, q * 3, 1)), to: new Date(Date.UTC(y, q * 3 + 3, 1)) };
  }
  throw new AppError('validation_failed', 'period: use YYYY-MM or YYYY-Qn', [
    { field: 'period', message: 'use YYYY-MM or YYYY-Qn' },
  ]);
}

export function currentPeriod(kind: CommitmentPeriodKind, now: Date): string {
  const y = now.getUTCFullYear();
  return kind === 'quarter'
    ? `${y}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`
    : `${y}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The period's MQLs against what the agreement in force then promised, counted and judged by the
 * same functions as the SLA report's commitment rows, and each segment's or territory's part.
 */
export async function marketingCommitment(
  deps: Deps,
  workspaceId: string,
  period?: string,
): Promise<CommitmentStatus> {
  const now = deps.clock();
  const history = (await agreementsInForce(deps.db, workspaceId)).map((h): CommitmentTerms => ({
    since: h.since,
    ...h.agreement.marketing,
  }));
  const current = termsInForce(history, now) ?? history[0];
  const name = period ?? currentPeriod(current?.period ?? 'month', now);
  const { from, to } = periodBounds(name);
  const kind: CommitmentPeriodKind = name.includes('Q') ? 'quarter' : 'month';
  const first = from.toISOString().slice(0, 7);
  const span: ReportPeriod = { from: first, to: addMonths(first, kind === 'quarter' ? 2 : 0) };
  const whole: ReportFilters = { period: span, where: {}, by: null };
  const range = { start: from, end: to };
  const terms = termsInForce(history, new Date(Math.min(to.getTime() - 1, now.getTime())));
  const parts = terms?.segments ?? [];
  const dimensions = [...new Set(parts.map((p) => p.dimension))];
  const [counts, reasons, ...byDimension] = await Promise.all([
    commitmentActuals(deps.db, workspaceId, whole, range, kind),
    rejectionReasons(deps.db, workspaceId, from, to, QUALIFIED_STAGES),
    ...dimensions.map((by) => commitmentActuals(deps.db, workspaceId, { ...whole, by }, range, kind)),
  ]);
  const [total] = commitmentReport(counts, whole, kind, history, now);
  if (!total) throw new Error(`no commitment row for ${name}`);
  const segments = parts.map((p) => {
    const mine = (byDimension[dimensions.indexOf(p.dimension)] ?? []).filter(
      (c) => c.group?.toLowerCase() === p.value.toLowerCase(),
    );
    const [row] = commitmentReport(mine, { ...whole, where: { [p.dimension]: p.value } }, kind, history, now);
    return {
      dimension: p.dimension,
      value: p.value,
      committed: row?.committed ?? 0,
      mqls: row?.mqls ?? 0,
      expectedByNow: row?.expectedByNow ?? 0,
    };
  });
  // The same pace as the shared goals' (src/domain/goals.ts): a commitment period is a goal period.
  const { elapsed, projected } = attainment(name, 'mqls', total.committed ?? 0, total.mqls, now);
  return {
    period: name,
    from,
    to,
    commitment:
      total.committed === null ? null : { mqls: total.committed, minAcceptanceRate: total.minAcceptanceRate },
    mqls: total.mqls,
    accepted: total.accepted,
    rejected: total.rejected,
    acceptanceRate: total.acceptanceRate,
    expectedByNow: total.expectedByNow ?? 0,
    elapsed,
    projected: projected === null ? null : Math.round(projected),
    isVolumeOnTrack: total.expectedByNow === null ? null : total.mqls >= total.expectedByNow,
    isAcceptanceOnTrack:
      total.acceptanceRate === null || total.committed === null
        ? null
        : total.acceptanceRate >= total.minAcceptanceRate,
    segments,
    rejectionReasons: reasons,
  };
}
