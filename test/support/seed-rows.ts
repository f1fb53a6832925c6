// Rows written straight into the tables, for store tests that need history to read back (the
// product writes assignments and clocks only through the hand-off plan, src/store/handoff-writes.ts).
import type { Queryable } from '../../src/store/db.js';
import type { AssignmentInsert } from '../../src/store/assignments.js';
import { type SlaClockRow, nextFireAt } from '../../src/store/sla-clocks.js';

export async function recordAssignment(
  q: Queryable,
  workspaceId: string,
  a: AssignmentInsert,
): Promise<void> {
  await q.query(
    `insert into assignments (workspace_id, lead_id, owner_id, previous_owner_id, team_id, kind, rule_id, reason,
                              actor_type, actor_id, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      a.leadId,
      a.ownerId,
      a.previousOwnerId,
      a.teamId,
      a.kind,
      a.ruleId,
      a.reason,
      a.actorType,
      a.actorId,
      a.at.toISOString(),
    ],
  );
}

export async function insertClocks(
  q: Queryable,
  workspaceId: string,
  clocks: readonly Omit<
    SlaClockRow,
    'workspaceId' | 'id' | 'status' | 'warnedAt' | 'breachedAt' | 'stoppedAt' | 'stopReason'
  >[],
): Promise<void> {
  if (clocks.length === 0) return;
  const col = <T>(f: (c: (typeof clocks)[number]) => T): T[] => clocks.map(f);
  await q.query(
    `insert into sla_clocks (workspace_id, lead_id, policy_id, clock, stage, owner_id, team_id, started_at, warn_at, due_at,
                             status, next_fire_at, agreement_version)
     select $1, v.lead_id, v.policy_id, v.clock, v.stage, v.owner_id, v.team_id, v.started_at, v.warn_at, v.due_at,
            'running', v.next_fire_at, v.agreement_version
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::timestamptz[],
                   $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::int[])
            as v(lead_id, policy_id, clock, stage, owner_id, team_id, started_at, warn_at, due_at, next_fire_at,
                 agreement_version)`,
    [
      workspaceId,
      col((c) => c.leadId),
      col((c) => c.policyId),
      col((c) => c.clock),
      col((c) => c.stage),
      col((c) => c.ownerId),
      col((c) => c.teamId),
      col((c) => c.startedAt.toISOString()),
      col((c) => c.warnAt.toISOString()),
      col((c) => c.dueAt.toISOString()),
      col(
        (c) =>
          nextFireAt({ ...c, status: 'running', warnedAt: null, breachedAt: null })?.toISOString() ?? null,
      ),
      col((c) => c.agreementVersion),
    ],
  );
}

export async function markClock(
  q: Queryable,
  clock: SlaClockRow,
  patch: { warnedAt?: Date; breachedAt?: Date },
): Promise<SlaClockRow> {
  const next = {
    ...clock,
    warnedAt: patch.warnedAt ?? clock.warnedAt,
    breachedAt: patch.breachedAt ?? clock.breachedAt,
  };
  await q.query(
    `update sla_clocks set warned_at = $3, breached_at = $4, next_fire_at = $5 where workspace_id = $1 and id = $2`,
    [
      clock.workspaceId,
      clock.id,
      next.warnedAt?.toISOString() ?? null,
      next.breachedAt?.toISOString() ?? null,
      nextFireAt(next)?.toISOString() ?? null,
    ],
  );
  return next;
}
