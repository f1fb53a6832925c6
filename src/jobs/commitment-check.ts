// When a commitment period ends (in the workspace's time zone), judge marketing's commitment once:
// fewer MQLs than committed, or too small a share accepted, emits `marketing.commitment_missed` to
// webhooks and notifies marketing and the sales managers. The judgement row's key
// (workspace, period) is written in the same transaction as the event, so it happens once.
import { commitmentMissedEvent, judgeCommitment, periodToJudge } from '../domain/commitment-check.js';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import { type CommitmentTerms, restatedCommitment as restated, termsInForce } from '../domain/report-sla.js';
import { agreementsInForce } from '../services/agreements.js';
import type { Deps } from '../services/deps.js';
import { emitEvents } from '../services/outbox.js';
import {
  activeMembersWithRoles,
  isPeriodJudged,
  recordJudgement,
  workspacesToJudge,
} from '../store/commitment-checks.js';
import { commitmentCounts } from '../store/transitions.js';

export interface CommitmentCheckResult {
  workspaceId: string;
  period: string;
  isMissed: boolean;
}

/** Judges every workspace's last ended period not judged yet; returns the judgements it made. */
export async function commitmentCheckTick(
  deps: Deps,
  opts: { workspaceId?: string } = {},
): Promise<CommitmentCheckResult[]> {
  const now = deps.clock();
  const results: CommitmentCheckResult[] = [];
  const workspaces = (await workspacesToJudge(deps.db)).filter(
    (w) => !opts.workspaceId || w.workspaceId === opts.workspaceId,
  );
  for (const ws of workspaces) {
    const result = await deps.db.transaction(async (tx) => {
      const history = (await agreementsInForce(tx, ws.workspaceId)).map((h): CommitmentTerms => ({
        since: h.since,
        ...h.agreement.marketing,
      }));
      const current = termsInForce(history, now);
      if (!current) return null;
      const period = periodToJudge(current.period, now, ws.timeZone, ws.createdAt);
      // The period is judged by what was promised while it ran: the terms in force as it ended.
      const terms = period && termsInForce(history, new Date(period.to.getTime() - 1));
      if (!period || !terms || (await isPeriodJudged(tx, ws.workspaceId, period.name))) return null;
      const counts = await commitmentCounts(tx, ws.workspaceId, period.from, period.to, QUALIFIED_STAGES);
      const judgement = judgeCommitment({
        committed: restated(terms, current.period),
        minAcceptanceRate: terms.minAcceptanceRate,
        ...counts,
      });
      const isFirst = await recordJudgement(tx, ws.workspaceId, { period: period.name, ...judgement }, now);
      if (!isFirst) return null;
      if (judgement.isMissed) {
        const notify = await activeMembersWithRoles(tx, ws.workspaceId, ['marketing', 'sales_manager']);
        await emitEvents(tx, ws.workspaceId, [commitmentMissedEvent(period, judgement, notify, now)]);
      }
      return { workspaceId: ws.workspaceId, period: period.name, isMissed: judgement.isMissed };
    });
    if (result) results.push(result);
  }
  return results;
}
