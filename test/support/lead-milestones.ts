// The check that lead_milestones (kept by triggers on transitions) says what the transitions say:
// each lead's first transition, and its first into mql/pql, sql and customer, recomputed here.
import type { Queryable } from '../../src/store/db.js';

/** The leads of the workspace whose stored milestones differ from a recomputation (none when right). */
export async function milestoneDrift(q: Queryable, workspaceId: string): Promise<unknown[]> {
  return q.query(
    `with recomputed as (
       select t.lead_id, min(t.at) as entered_at,
              min(t.at) filter (where t.to_stage in ('mql', 'pql')) as mql_at,
              min(t.at) filter (where t.to_stage = 'sql') as sql_at,
              min(t.at) filter (where t.to_stage = 'customer') as won_at
         from transitions t where t.workspace_id = $1 group by t.lead_id
     ), stored as (
       select lead_id, entered_at, mql_at, sql_at, won_at from lead_milestones where workspace_id = $1
     )
     select r.lead_id as recomputed_lead, s.lead_id as stored_lead,
            r.entered_at::text as entered, s.entered_at::text as stored_entered,
            r.mql_at::text as mql, s.mql_at::text as stored_mql,
            r.sql_at::text as sql, s.sql_at::text as stored_sql,
            r.won_at::text as won, s.won_at::text as stored_won
       from recomputed r full join stored s on s.lead_id = r.lead_id
      where r.lead_id is null or s.lead_id is null
         or r.entered_at is distinct from s.entered_at or r.mql_at is distinct from s.mql_at
         or r.sql_at is distinct from s.sql_at or r.won_at is distinct from s.won_at`,
    [workspaceId],
  );
}

/** How many leads of the workspace have milestones (so a test can show it checked some). */
export async function milestoneCount(q: Queryable, workspaceId: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `select count(*)::int as n from lead_milestones where workspace_id = $1`,
    [workspaceId],
  );
  return rows[0]?.n ?? 0;
}
