// Status changes a CRM reported: the lead they name, and the log of each with its outcome.
import type { Queryable } from './db.js';

/** The lead a CRM names by our id, its external id or its e-mail, in that order of preference. */
export async function findCrmLeadId(
  q: Queryable,
  workspaceId: string,
  ref: { id?: string; externalId?: string; email?: string },
): Promise<string | null> {
  const rows = await q.query<{ id: string }>(
    `select id from leads where workspace_id = $1 and not is_deleted
        and (($2::uuid is not null and id = $2::uuid) or ($3::text is not null and external_id = $3)
             or ($4::text is not null and email = lower($4)))
      order by (id = $2::uuid) desc nulls last, (external_id = $3) desc nulls last limit 1`,
    [workspaceId, ref.id ?? null, ref.externalId ?? null, ref.email ?? null],
  );
  return rows[0]?.id ?? null;
}

export async function recordCrmStatusChange(
  q: Queryable,
  workspaceId: string,
  c: {
    leadId: string | null;
    system: string;
    object: string;
    status: string;
    at: Date;
    outcome: string;
    transitionId: number | null;
  },
): Promise<void> {
  await q.query(
    `insert into crm_status_changes (workspace_id, lead_id, system, object, status, occurred_at, outcome, transition_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [workspaceId, c.leadId, c.system, c.object, c.status, c.at.toISOString(), c.outcome, c.transitionId],
  );
}
