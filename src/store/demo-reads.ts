// What the demo generator (src/demo) reads back while it plays a workspace's history: the
// qualifications to answer, a lead's owner, the next SLA moment, the teams that exist.
import type { Queryable } from './db.js';

/** Running SLA clocks in workspaces other than this one (the SLA worker's claim spans workspaces). */
export async function countRunningClocksElsewhere(q: Queryable, workspaceId: string): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `select count(*)::int as n from sla_clocks where workspace_id <> $1 and status = 'running'`,
    [workspaceId],
  );
  return row?.n ?? 0;
}

/** The earliest moment a running clock of the workspace needs the SLA worker, or null. */
export async function nextRunningClockFire(q: Queryable, workspaceId: string): Promise<Date | null> {
  const [row] = await q.query<{ at: Date | null }>(
    `select min(next_fire_at) as at from sla_clocks where workspace_id = $1 and status = 'running'`,
    [workspaceId],
  );
  return row?.at ?? null;
}

export async function countLiveLeads(q: Queryable, workspaceId: string): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `select count(*)::int as n from leads where workspace_id = $1 and not is_deleted`,
    [workspaceId],
  );
  return row?.n ?? 0;
}

export interface QualificationSeen {
  id: number;
  leadId: string;
  toStage: 'mql' | 'pql';
  at: Date;
  ruleId: string | null;
  /** The lead's (first) user id, as the generator knows its people. */
  userId: string | null;
}

/** MQL and PQL transitions at or after `since` with an id above `afterId`, in id order. */
export async function listQualificationsSince(
  q: Queryable,
  workspaceId: string,
  since: Date,
  afterId: number,
): Promise<QualificationSeen[]> {
  // By time first (the stage index answers it), then by id: what is new since the last look.
  const rows = await q.query<{
    id: number;
    lead_id: string;
    to_stage: 'mql' | 'pql';
    at: Date;
    rule_id: string | null;
    user_id: string | null;
  }>(
    `select t.id, t.lead_id, t.to_stage, t.at, t.rule_id,
            (select i.value from lead_identities i
              where i.workspace_id = t.workspace_id and i.lead_id = t.lead_id and i.kind = 'user'
              order by i.value limit 1) as user_id
       from transitions t
      where t.workspace_id = $1 and t.to_stage in ('mql', 'pql') and t.at >= $2 and t.id > $3
      order by t.id`,
    [workspaceId, since.toISOString(), afterId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    leadId: r.lead_id,
    toStage: r.to_stage,
    at: r.at,
    ruleId: r.rule_id,
    userId: r.user_id,
  }));
}

export interface LeadOwnership {
  ownerId: string | null;
  accountId: string | null;
  /** When the lead was last assigned (null: never). */
  assignedAt: Date | null;
}

/** Who owns each of these leads, its account, and when it was last assigned; absent ids are not leads. */
export async function findLeadOwnerships(
  q: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<Map<string, LeadOwnership>> {
  if (leadIds.length === 0) return new Map();
  const rows = await q.query<{
    id: string;
    owner_id: string | null;
    account_id: string | null;
    assigned_at: Date | null;
  }>(
    `select l.id, l.owner_id, l.account_id,
            (select max(a.at) from assignments a
              where a.workspace_id = l.workspace_id and a.lead_id = l.id) as assigned_at
       from leads l where l.workspace_id = $1 and l.id = any($2::uuid[])`,
    [workspaceId, [...new Set(leadIds)]],
  );
  return new Map(
    rows.map((r) => [r.id, { ownerId: r.owner_id, accountId: r.account_id, assignedAt: r.assigned_at }]),
  );
}

export async function listTeamKeys(q: Queryable, workspaceId: string): Promise<string[]> {
  const rows = await q.query<{ key: string }>(`select key from teams where workspace_id = $1`, [workspaceId]);
  return rows.map((r) => r.key);
}
