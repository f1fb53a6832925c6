// Stage changes: append-only rows (a trigger refuses updates and deletes). Analytics read these.
import type { Queryable } from './db.js';
import type { StatementPart } from './lead-state.js';

export interface TransitionInsert {
  leadId: string;
  fromStage: string | null;
  toStage: string;
  at: Date;
  actorType: 'system' | 'user' | 'api_key' | 'crm' | 'import';
  actorId: string | null;
  actorLabel: string;
  reason: string;
  reasonCode: string | null;
  ruleId: string | null;
  note: string | null;
  agreementVersion: number;
  /** The lead's source when it moved, so per-source funnels need no join. */
  source: string | null;
  ownerId: string | null;
}

export interface Transition extends TransitionInsert {
  id: number;
  recordedAt: Date;
}

/**
 * The INSERT of transitions (returning id and recorded_at, in input order); $1 is the workspace id,
 * its own parameters start at `first`.
 */
export function transitionsInsert(first: number, rows: readonly TransitionInsert[]): StatementPart {
  return {
    sql: `insert into transitions (workspace_id, lead_id, from_stage, to_stage, at, actor_type, actor_id, actor_label,
                              reason, reason_code, rule_id, note, agreement_version, source, owner_id)
     select $1, v.lead_id, v.from_stage, v.to_stage, v.at, v.actor_type, v.actor_id, v.actor_label, v.reason,
            v.reason_code, v.rule_id, v.note, v.agreement_version, v.source, v.owner_id
       from rows from (json_to_recordset($${first}::json)
              as (lead_id uuid, from_stage text, to_stage text, at timestamptz, actor_type text, actor_id text,
                  actor_label text, reason text, reason_code text, rule_id text, note text, agreement_version int,
                  source text, owner_id uuid)) with ordinality
            as v(lead_id, from_stage, to_stage, at, actor_type, actor_id, actor_label, reason, reason_code, rule_id,
                 note, agreement_version, source, owner_id, n)
      order by v.n
     returning id, recorded_at`,
    params: [
      JSON.stringify(
        rows.map((t) => ({
          lead_id: t.leadId,
          from_stage: t.fromStage,
          to_stage: t.toStage,
          at: t.at,
          actor_type: t.actorType,
          actor_id: t.actorId,
          actor_label: t.actorLabel,
          reason: t.reason,
          reason_code: t.reasonCode,
          rule_id: t.ruleId,
          note: t.note,
          agreement_version: t.agreementVersion,
          source: t.source,
          owner_id: t.ownerId,
        })),
      ),
    ],
  };
}

type TransitionRow = {
  id: number;
  lead_id: string;
  from_stage: string | null;
  to_stage: string;
  at: Date;
  actor_type: TransitionInsert['actorType'];
  actor_id: string | null;
  actor_label: string;
  reason: string;
  reason_code: string | null;
  rule_id: string | null;
  note: string | null;
  agreement_version: number;
  source: string | null;
  owner_id: string | null;
  recorded_at: Date;
};

export async function leadTransitions(
  q: Queryable,
  workspaceId: string,
  leadId: string,
): Promise<Transition[]> {
  const rows = await q.query<TransitionRow>(
    `select * from transitions where workspace_id = $1 and lead_id = $2 order by at, id`,
    [workspaceId, leadId],
  );
  return rows.map((r) => ({
    id: r.id,
    leadId: r.lead_id,
    fromStage: r.from_stage,
    toStage: r.to_stage,
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    reason: r.reason,
    reasonCode: r.reason_code,
    ruleId: r.rule_id,
    note: r.note,
    agreementVersion: r.agreement_version,
    source: r.source,
    ownerId: r.owner_id,
    recordedAt: r.recorded_at,
  }));
}

/**
 * Marketing's commitment over [from, to): MQLs made (entered a qualified stage), accepted by sales
 * (qualified → sal) and rejected by a person with a reason (qualified → nurture or disqualified).
 */
export async function commitmentCounts(
  q: Queryable,
  workspaceId: string,
  from: Date,
  to: Date,
  qualified: readonly string[],
): Promise<{ mqls: number; accepted: number; rejected: number }> {
  const rows = await q.query<{ mqls: number; accepted: number; rejected: number }>(
    `select count(*) filter (where to_stage = any($4::text[]))::int as mqls,
            count(*) filter (where from_stage = any($4::text[]) and to_stage = 'sal')::int as accepted,
            count(*) filter (where from_stage = any($4::text[]) and to_stage in ('nurture', 'disqualified')
                               and reason_code is not null and actor_type in ('user', 'api_key'))::int as rejected
       from transitions where workspace_id = $1 and at >= $2 and at < $3`,
    [workspaceId, from.toISOString(), to.toISOString(), qualified],
  );
  return rows[0] ?? { mqls: 0, accepted: 0, rejected: 0 };
}

/** The reasons people gave for rejecting qualified leads over [from, to), the most frequent first. */
export async function rejectionReasons(
  q: Queryable,
  workspaceId: string,
  from: Date,
  to: Date,
  qualified: readonly string[],
): Promise<{ reason: string; count: number }[]> {
  return q.query<{ reason: string; count: number }>(
    `select reason_code as reason, count(*)::int as count from transitions
      where workspace_id = $1 and at >= $2 and at < $3 and from_stage = any($4::text[])
        and to_stage in ('nurture', 'disqualified') and reason_code is not null and actor_type in ('user', 'api_key')
      group by reason_code order by count desc, reason_code`,
    [workspaceId, from.toISOString(), to.toISOString(), qualified],
  );
}
