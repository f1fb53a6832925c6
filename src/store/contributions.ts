// The engagement ledger: one row per (rule, event) grant; its decayed sum is the lead's score.
import type { Contribution } from '../domain/engagement.js';
import type { Queryable } from './db.js';
import type { StatementPart } from './lead-state.js';

export interface LeadContribution extends Contribution {
  leadId: string;
  agreementVersion: number;
}

/** The INSERT of ledger rows; $1 is the workspace id, its own parameters start at `first`. */
export function contributionsInsert(first: number, rows: readonly LeadContribution[]): StatementPart {
  const p = (n: number) => `$${first + n - 1}`;
  const col = <T>(f: (c: LeadContribution) => T): T[] => rows.map(f);
  return {
    sql: `insert into score_contributions (workspace_id, lead_id, rule_id, label, event_id, points, at, agreement_version)
     select $1, v.* from unnest(${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::float8[],
                               ${p(6)}::timestamptz[], ${p(7)}::int[])
            as v(lead_id, rule_id, label, event_id, points, at, agreement_version)`,
    params: [
      col((c) => c.leadId),
      col((c) => c.ruleId),
      col((c) => c.label),
      col((c) => c.activityId),
      col((c) => c.points),
      col((c) => c.at.toISOString()),
      col((c) => c.agreementVersion),
    ],
  };
}

/** Replaces the ledgers of these leads (after a rescore under a new agreement). */
export async function deleteContributions(
  q: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<void> {
  if (leadIds.length === 0) return;
  await q.query(`delete from score_contributions where workspace_id = $1 and lead_id = any($2::uuid[])`, [
    workspaceId,
    leadIds,
  ]);
}

export async function leadContributions(
  q: Queryable,
  workspaceId: string,
  leadId: string,
): Promise<LeadContribution[]> {
  const rows = await q.query<{
    lead_id: string;
    rule_id: string;
    label: string;
    event_id: string;
    points: number;
    at: Date;
    agreement_version: number;
  }>(
    `select lead_id, rule_id, label, event_id, points, at, agreement_version from score_contributions
      where workspace_id = $1 and lead_id = $2 order by at, id`,
    [workspaceId, leadId],
  );
  return rows.map((r) => ({
    leadId: r.lead_id,
    ruleId: r.rule_id,
    label: r.label,
    activityId: r.event_id,
    points: r.points,
    at: r.at,
    agreementVersion: r.agreement_version,
  }));
}
