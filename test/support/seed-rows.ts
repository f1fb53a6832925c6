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

/** A lead with only the columns reports filter and break down by; returns its id. */
export async function insertLead(
  q: Queryable,
  workspaceId: string,
  lead: {
    source?: string | null;
    medium?: string | null;
    campaign?: string | null;
    industry?: string | null;
    region?: string | null;
    ownerId?: string | null;
    teamId?: string | null;
  } = {},
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `insert into leads (workspace_id, source, medium, campaign, industry, region, owner_id, team_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      workspaceId,
      lead.source ?? null,
      lead.medium ?? null,
      lead.campaign ?? null,
      lead.industry ?? null,
      lead.region ?? null,
      lead.ownerId ?? null,
      lead.teamId ?? null,
    ],
  );
  return rows[0]!.id;
}

/**
 * A lead's walk through the stages, one transition per step (`[stage, at, reason code?, actor type?]`,
 * the first from nowhere; the system's unless told), as the engine would have written it: what the
 * reports read.
 */
export async function insertTransitions(
  q: Queryable,
  workspaceId: string,
  leadId: string,
  walk: readonly (readonly [string, string | Date, (string | null)?, string?])[],
): Promise<void> {
  if (walk.length === 0) return;
  const from = walk.map((_, i) => (i === 0 ? null : walk[i - 1]![0]));
  await q.query(
    `insert into transitions (workspace_id, lead_id, from_stage, to_stage, at, actor_type, actor_label, reason,
                              reason_code, agreement_version)
     select $1, $2, v.from_stage, v.to_stage, v.at, v.actor_type, 'test', 'seeded', v.reason_code, 1
       from unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[]) with ordinality
            as v(from_stage, to_stage, at, reason_code, actor_type, n)
      order by v.n`,
    [
      workspaceId,
      leadId,
      from,
      walk.map((w) => w[0]),
      walk.map((w) => new Date(w[1]).toISOString()),
      walk.map((w) => w[2] ?? null),
      walk.map((w) => w[3] ?? 'system'),
    ],
  );
}

/** An event of a lead, stored as ingestion stores it (folded or not is the caller's business). */
export async function insertEvent(
  q: Queryable,
  workspaceId: string,
  e: {
    messageId: string;
    leadId: string;
    at: string | Date;
    type: 'page' | 'track' | 'identify';
    event?: string | null;
    properties?: object;
    context?: object;
  },
): Promise<void> {
  const at = new Date(e.at).toISOString();
  await q.query(
    `insert into events (workspace_id, message_id, type, event, lead_id, occurred_at, received_at, properties, context)
     values ($1, $2, $3, $4, $5, $6, $6, $7, $8)`,
    [
      workspaceId,
      e.messageId,
      e.type,
      e.event ?? null,
      e.leadId,
      at,
      JSON.stringify(e.properties ?? {}),
      JSON.stringify(e.context ?? {}),
    ],
  );
}

/**
 * Plants an asset download a day before first qualifying for three of every four won leads, and for
 * one in forty of the rest: a touch that precedes wins, for the content influence report to find.
 */
export async function plantAssetBeforeQualifying(
  q: Queryable,
  workspaceId: string,
  asset: string,
): Promise<{ n: number; won: number }> {
  const rows = await q.query<{ n: number; won: number }>(
    `with firsts as (
       select t.lead_id,
              min(t.at) filter (where t.to_stage in ('mql', 'pql')) as mql_at,
              min(t.at) filter (where t.to_stage = 'customer') as won_at,
              row_number() over (partition by (min(t.at) filter (where t.to_stage = 'customer')) is null
                                 order by t.lead_id) as n
         from transitions t where t.workspace_id = $1 group by t.lead_id
     ), chosen as (
       select * from firsts where (won_at is not null and n % 4 <> 0) or (won_at is null and n % 40 = 0)
     ), ins as (
       insert into events (workspace_id, message_id, type, event, lead_id, occurred_at, received_at, properties)
       select $1, 'plant-' || lead_id, 'track', 'Content Downloaded', lead_id,
              coalesce(mql_at, won_at, now()) - interval '1 day', now(),
              jsonb_build_object('asset', $2::text, 'asset_type', 'battlecard')
         from chosen
       returning lead_id
     )
     select count(*)::int as n, (select count(*)::int from chosen where won_at is not null) as won from ins`,
    [workspaceId, asset],
  );
  return rows[0]!;
}
