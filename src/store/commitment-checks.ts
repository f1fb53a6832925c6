// Commitment periods already judged, one row per workspace and period: the key makes the judgement
// (and the event it may emit) happen once, however many nodes run the job.
import type { Queryable } from './db.js';

export interface WorkspaceClock {
  workspaceId: string;
  timeZone: string;
  createdAt: Date;
}

export async function workspacesToJudge(q: Queryable): Promise<WorkspaceClock[]> {
  return q.query<WorkspaceClock>(
    `select workspace_id as "workspaceId", time_zone as "timeZone", created_at as "createdAt"
       from workspaces order by workspace_id`,
  );
}

export async function isPeriodJudged(q: Queryable, workspaceId: string, period: string): Promise<boolean> {
  const rows = await q.query(`select 1 from commitment_checks where workspace_id = $1 and period = $2`, [
    workspaceId,
    period,
  ]);
  return rows.length > 0;
}

/** Records the judgement; false when another transaction recorded this period first. */
export async function recordJudgement(
  q: Queryable,
  workspaceId: string,
  j: { period: string; committed: number; delivered: number; isMissed: boolean },
  now: Date,
): Promise<boolean> {
  const rows = await q.query(
    `insert into commitment_checks (workspace_id, period, committed, delivered, is_missed, checked_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, period) do nothing returning period`,
    [workspaceId, j.period, j.committed, j.delivered, j.isMissed, now.toISOString()],
  );
  return rows.length > 0;
}

/** Active members with one of these roles. */
export async function activeMembersWithRoles(
  q: Queryable,
  workspaceId: string,
  roles: readonly string[],
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from users where workspace_id = $1 and role = any($2::text[]) and disabled_at is null order by id`,
    [workspaceId, roles],
  );
  return rows.map((r) => r.id);
}
