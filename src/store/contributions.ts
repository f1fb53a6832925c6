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
  return {
    sql: `insert into score_contributions (workspace_id, lead_id, rule_id, label, event_id, points, at, agreement_version)
     select $1, v.* from json_to_recordset($${first}::json)
            as v(lead_id uuid, rule_id text, label text, event_id text, points float8, at timestamptz,
                 agreement_version int)`,
    params: [
      JSON.stringify(
        rows.map((c) => ({
          lead_id: c.leadId,
          rule_id: c.ruleId,
          label: c.label,
          event_id: c.activityId,
          points: c.points,
          at: c.at,
          agreement_version: c.agreementVersion,
        })),
      ),
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
