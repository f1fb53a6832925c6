// Status changes a CRM reported: the leads they name, and the log of each with its outcome.
import type { Queryable } from './db.js';

type LeadRef = { id?: string; externalId?: string; email?: string };

/**
 * The lead each reference names (null: none), in one read: by our id, else its external id, else
 * its e-mail, in that order of preference.
 */
export async function findCrmLeadIds(
  q: Queryable,
  workspaceId: string,
  refs: readonly LeadRef[],
): Promise<(string | null)[]> {
  if (refs.length === 0) return [];
  const rows = await q.query<{ n: number; id: string | null }>(
    `select r.n, (select l.id from leads l
                   where l.workspace_id = $1 and not l.is_deleted
                     and ((r.id is not null and l.id = r.id) or (r.external_id is not null and l.external_id = r.external_id)
                          or (r.email is not null and l.email = lower(r.email)))
                   order by (l.id = r.id) desc nulls last, (l.external_id = r.external_id) desc nulls last
                   limit 1) as id
       from rows from (json_to_recordset($2::json) as (id uuid, external_id text, email text)) with ordinality
            as r(id, external_id, email, n)`,
    [
      workspaceId,
      JSON.stringify(
        refs.map((r) => ({ id: r.id ?? null, external_id: r.externalId ?? null, email: r.email ?? null })),
      ),
    ],
  );
  const byN = new Map(rows.map((r) => [Number(r.n), r.id]));
  return refs.map((_, i) => byN.get(i + 1) ?? null);
}

export interface CrmStatusRecord {
  leadId: string | null;
  system: string;
  object: string;
  status: string;
  at: Date;
  outcome: string;
  transitionId: number | null;
}

/** Logs the status changes, in order, in one statement. */
export async function recordCrmStatusChanges(
  q: Queryable,
  workspaceId: string,
  records: readonly CrmStatusRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await q.query(
    `insert into crm_status_changes (workspace_id, lead_id, system, object, status, occurred_at, outcome, transition_id)
     select $1, v.lead_id, v.system, v.object, v.status, v.occurred_at, v.outcome, v.transition_id
       from rows from (json_to_recordset($2::json)
              as (lead_id uuid, system text, object text, status text, occurred_at timestamptz, outcome text,
                  transition_id bigint)) with ordinality
            as v(lead_id, system, object, status, occurred_at, outcome, transition_id, n)
      order by v.n`,
    [
      workspaceId,
      JSON.stringify(
        records.map((r) => ({
          lead_id: r.leadId,
          system: r.system,
          object: r.object,
          status: r.status,
          occurred_at: r.at.toISOString(),
          outcome: r.outcome,
          transition_id: r.transitionId,
        })),
      ),
    ],
  );
}
