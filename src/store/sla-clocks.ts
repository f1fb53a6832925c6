// SLA clock rows: the truth of every clock; next_fire_at is when a worker must look at it again.
import type { Queryable, Row } from './db.js';
import { rowReader } from './rows.js';
import { type ClockKind, slaClocks } from './schema/index.js';

export type { ClockKind, ClockStatus } from './schema/index.js';

/** An SLA clock: every column of `sla_clocks` but the worker's `next_fire_at`. */
export type SlaClockRow = Omit<typeof slaClocks.$inferSelect, 'nextFireAt'>;

const toClock = rowReader(slaClocks) as (row: Row) => SlaClockRow;

/** The next moment a running clock needs attention: its warning, else its breach, else never. */
export function nextFireAt(
  c: Pick<SlaClockRow, 'status' | 'warnAt' | 'dueAt' | 'warnedAt' | 'breachedAt'>,
): Date | null {
  if (c.status !== 'running') return null;
  if (!c.warnedAt && c.warnAt < c.dueAt) return c.warnAt;
  if (!c.breachedAt) return c.dueAt;
  return null;
}

/**
 * Stops the lead's running clocks that match: met, or met late when it was breached or is stopped
 * after its due time (the breach may not have been marked yet if no worker ran since).
 */
export async function stopClocks(
  q: Queryable,
  workspaceId: string,
  leadId: string,
  match: { stage?: string; clocks?: ClockKind[] },
  outcome: { status: 'met' | 'reassigned' | 'cancelled'; reason: string; at: Date },
): Promise<SlaClockRow[]> {
  const rows = await q.query(
    `update sla_clocks set
        status = case when $5 = 'met' and (breached_at is not null or due_at < $6::timestamptz) then 'met_late'
          else $5 end,
        stopped_at = $6, stop_reason = $7, next_fire_at = null
      where workspace_id = $1 and lead_id = $2 and status = 'running'
        and ($3::text is null or stage = $3) and ($4::text[] is null or clock = any($4::text[]))
      returning *`,
    [
      workspaceId,
      leadId,
      match.stage ?? null,
      match.clocks ?? null,
      outcome.status,
      outcome.at.toISOString(),
      outcome.reason,
    ],
  );
  return rows.map(toClock);
}

/** Claims clocks whose moment has come; locked until the claiming transaction ends. */
export async function claimDueClocks(q: Queryable, now: Date, limit: number): Promise<SlaClockRow[]> {
  const rows = await q.query(
    `select * from sla_clocks where next_fire_at <= $1 and status = 'running'
      order by next_fire_at limit $2 for update skip locked`,
    [now.toISOString(), limit],
  );
  return rows.map(toClock);
}

export async function runningClocksOfLeads(
  q: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<SlaClockRow[]> {
  if (leadIds.length === 0) return [];
  const rows = await q.query(
    `select * from sla_clocks where workspace_id = $1 and lead_id = any($2::uuid[]) and status = 'running' order by due_at`,
    [workspaceId, leadIds],
  );
  return rows.map(toClock);
}

export async function clocksOfLead(
  q: Queryable,
  workspaceId: string,
  leadId: string,
): Promise<SlaClockRow[]> {
  const rows = await q.query(
    `select * from sla_clocks where workspace_id = $1 and lead_id = $2 order by started_at, id`,
    [workspaceId, leadId],
  );
  return rows.map(toClock);
}

/** Per owner, how many of their running clocks are warning (not yet breached) and breached. */
export async function runningClockAlertsByOwner(
  q: Queryable,
  workspaceId: string,
): Promise<{ ownerId: string; warnings: number; breaches: number }[]> {
  const rows = await q.query<{ owner_id: string; warnings: number; breaches: number }>(
    `select owner_id, count(*) filter (where warned_at is not null and breached_at is null)::int as warnings,
            count(*) filter (where breached_at is not null)::int as breaches
       from sla_clocks where workspace_id = $1 and status = 'running' and owner_id is not null group by owner_id`,
    [workspaceId],
  );
  return rows.map((r) => ({ ownerId: r.owner_id, warnings: r.warnings, breaches: r.breaches }));
}
