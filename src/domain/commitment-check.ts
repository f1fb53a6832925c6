// Marketing's commitment judged when a period ends: the period in the workspace's time zone, whether
// it was missed (fewer MQLs than committed, or sales accepted too small a share), and the event.
import { DateTime } from 'luxon';
import type { OutboxEvent } from './handoff-events.js';

export type PeriodKind = 'month' | 'quarter';

export interface CommitmentPeriod {
  /** `2026-11` or `2026-Q4`, as the Marketing page and `GET …/commitment?period=` name it. */
  name: string;
  /** Local midnight of the first day, as an instant. */
  from: Date;
  /** Local midnight after the last day. */
  to: Date;
}

/** The period of `kind` that contains `at`, with the workspace's local midnights as bounds. */
export function periodContaining(kind: PeriodKind, at: Date, timeZone: string): CommitmentPeriod {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  const start = local.startOf(kind);
  const end = start.plus(kind === 'month' ? { months: 1 } : { months: 3 });
  const name =
    kind === 'month'
      ? `${start.year}-${String(start.month).padStart(2, '0')}`
      : `${start.year}-Q${Math.floor((start.month - 1) / 3) + 1}`;
  return { name, from: start.toJSDate(), to: end.toJSDate() };
}

/** The last period that has ended by `now`; null when it began before the workspace existed. */
export function periodToJudge(
  kind: PeriodKind,
  now: Date,
  timeZone: string,
  workspaceCreatedAt: Date,
): CommitmentPeriod | null {
  const current = periodContaining(kind, now, timeZone);
  const last = periodContaining(kind, new Date(current.from.getTime() - 1), timeZone);
  return last.from < workspaceCreatedAt ? null : last;
}

export type MissReason = 'mql_volume' | 'acceptance_rate';

export interface CommitmentJudgement {
  isMissed: boolean;
  reasons: MissReason[];
  committed: number;
  delivered: number;
  shortfall: number;
  acceptanceRate: number | null;
  minAcceptanceRate: number;
}

/** Missed: fewer MQLs than committed, or of the leads sales decided on, a smaller share accepted. */
export function judgeCommitment(input: {
  committed: number;
  minAcceptanceRate: number;
  mqls: number;
  accepted: number;
  rejected: number;
}): CommitmentJudgement {
  const decided = input.accepted + input.rejected;
  const acceptanceRate = decided === 0 ? null : input.accepted / decided;
  const reasons: MissReason[] = [];
  if (input.mqls < input.committed) reasons.push('mql_volume');
  if (acceptanceRate !== null && acceptanceRate < input.minAcceptanceRate) reasons.push('acceptance_rate');
  return {
    isMissed: reasons.length > 0,
    reasons,
    committed: input.committed,
    delivered: input.mqls,
    shortfall: Math.max(0, input.committed - input.mqls),
    acceptanceRate,
    minAcceptanceRate: input.minAcceptanceRate,
  };
}

const percent = (r: number): string => `${Math.round(r * 100)}%`;

/** The webhook event and the notice to marketing and the managers. */
export function commitmentMissedEvent(
  period: CommitmentPeriod,
  j: CommitmentJudgement,
  notify: string[],
  at: Date,
): OutboxEvent {
  const parts = [
    j.reasons.includes('mql_volume')
      ? `${j.delivered} of ${j.committed} committed MQLs (${j.shortfall} short)`
      : `${j.delivered} MQLs, ${j.committed} committed`,
    ...(j.reasons.includes('acceptance_rate') && j.acceptanceRate !== null
      ? [`sales accepted ${percent(j.acceptanceRate)}, below the agreed ${percent(j.minAcceptanceRate)}`]
      : []),
  ];
  return {
    type: 'marketing.commitment_missed',
    occurredAt: at,
    data: {
      period: { name: period.name, from: period.from.toISOString(), to: period.to.toISOString() },
      reasons: j.reasons,
      committed: j.committed,
      delivered: j.delivered,
      shortfall: j.shortfall,
      acceptanceRate: j.acceptanceRate,
      minAcceptanceRate: j.minAcceptanceRate,
    },
    notify: notify.length
      ? {
          userIds: notify,
          title: `Marketing commitment missed for ${period.name}`,
          body: `${parts.join('; ')}.`,
          leadId: null,
        }
      : null,
  };
}
