// Marketing's side of the agreement: a committed number of MQLs per period and a minimum share of
// them that sales accepts, tracked from the transitions (the same rows every report reads).
import type { Agreement } from '../domain/agreement.js';
import { AppError } from '../domain/errors.js';
import { attainment } from '../domain/goals.js';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import { commitmentCounts, rejectionReasons } from '../store/transitions.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';

export interface CommitmentStatus {
  period: string;
  from: Date;
  to: Date;
  commitment: { mqls: number; minAcceptanceRate: number };
  mqls: number;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected): of the leads sales decided on, the share it took. */
  acceptanceRate: number | null;
  /** Where the MQL count should be by now if the period runs evenly. */
  expectedByNow: number;
  /** Share of the period gone by now, 0–1. */
  elapsed: number;
  /** Where the period ends at the pace so far (null until a day has gone by): a period just begun reads as a pace, not a bare 0. */
  projected: number | null;
  isVolumeOnTrack: boolean;
  isAcceptanceOnTrack: boolean | null;
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

export function currentPeriod(agreement: Agreement, now: Date): string {
  const y = now.getUTCFullYear();
  return agreement.marketing.period === 'quarter'
    ? `${y}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`
    : `${y}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

export async function marketingCommitment(
  deps: Deps,
  workspaceId: string,
  period?: string,
): Promise<CommitmentStatus> {
  const now = deps.clock();
  const { agreement } = await loadActiveAgreement(deps.db, workspaceId);
  const name = period ?? currentPeriod(agreement, now);
  const { from, to } = periodBounds(name);
  const { mqls, accepted, rejected } = await commitmentCounts(
    deps.db,
    workspaceId,
    from,
    to,
    QUALIFIED_STAGES,
  );
  const reasons = await rejectionReasons(deps.db, workspaceId, from, to, QUALIFIED_STAGES);
  const decided = accepted + rejected;
  const acceptanceRate = decided === 0 ? null : accepted / decided;
  // The same pace as the shared goals' (src/domain/goals.ts): a commitment period is a goal period.
  const { elapsed, projected } = attainment(name, 'mqls', agreement.marketing.mqlCommitment, mqls, now);
  const expectedByNow = Math.round(agreement.marketing.mqlCommitment * elapsed);
  return {
    period: name,
    from,
    to,
    commitment: {
      mqls: agreement.marketing.mqlCommitment,
      minAcceptanceRate: agreement.marketing.minAcceptanceRate,
    },
    mqls,
    accepted,
    rejected,
    acceptanceRate,
    expectedByNow,
    elapsed,
    projected: projected === null ? null : Math.round(projected),
    isVolumeOnTrack: mqls >= expectedByNow,
    isAcceptanceOnTrack:
      acceptanceRate === null ? null : acceptanceRate >= agreement.marketing.minAcceptanceRate,
    rejectionReasons: reasons,
  };
}
