// Writing a hand-off plan in ONE statement, whatever the batch's size: team routing states, lead
// owners, assignments, clocks stopped and started, webhook deliveries and notifications.
import { randomBytes } from 'node:crypto';
import type { HandoffPlan } from '../domain/handoff-types.js';
import type { Queryable } from './db.js';
import { nextFireAt } from './sla-clocks.js';

/** A Standard Webhooks message id (`webhook-id`): the same on every attempt of a delivery. */
const webhookId = (): string => `msg_${randomBytes(16).toString('hex')}`;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * Every part reads its rows from one JSON array (json_to_recordset) and runs as a data-modifying
 * CTE; rows keep their order (ids of one insert grow in it). A lead owner is only set on rows the
 * caller has locked, and each lead and team appears once in the plan, so no row is written twice.
 */
export async function writeHandoffPlan(q: Queryable, workspaceId: string, plan: HandoffPlan): Promise<void> {
  const parts: { name: string; sql: string; rows: unknown[]; returning?: string }[] = [
    {
      name: 'states',
      rows: plan.routingStates.map((s) => ({ id: s.teamId, state: s.state })),
      sql: `update teams t set routing_state = v.state
              from json_to_recordset($$::json) as v(id uuid, state jsonb)
             where t.workspace_id = $1 and t.id = v.id`,
    },
    {
      name: 'owners',
      rows: plan.owners.map((o) => ({
        id: o.leadId,
        owner_id: o.ownerId,
        team_id: o.teamId,
        at: iso(o.at),
        expected_owner_id: o.expectedOwnerId,
      })),
      // Only while the lead still has the owner the plan started from (unassigned, for a new lead):
      // a lead is assigned exactly once even if a caller forgot its row lock.
      sql: `update leads l set owner_id = v.owner_id, team_id = v.team_id, assigned_at = v.at, updated_at = now()
              from json_to_recordset($$::json)
                   as v(id uuid, owner_id uuid, team_id uuid, at timestamptz, expected_owner_id uuid)
             where l.workspace_id = $1 and l.id = v.id and l.owner_id is not distinct from v.expected_owner_id`,
      returning: 'l.id',
    },
    {
      name: 'assigned',
      rows: plan.assignments.map((a) => ({
        lead_id: a.leadId,
        owner_id: a.ownerId,
        previous_owner_id: a.previousOwnerId,
        team_id: a.teamId,
        kind: a.kind,
        rule_id: a.ruleId,
        reason: a.reason,
        actor_type: a.actorType,
        actor_id: a.actorId,
        at: iso(a.at),
      })),
      sql: `insert into assignments (workspace_id, lead_id, owner_id, previous_owner_id, team_id, kind, rule_id, reason,
                                     actor_type, actor_id, at)
            select $1, v.lead_id, v.owner_id, v.previous_owner_id, v.team_id, v.kind, v.rule_id, v.reason,
                   v.actor_type, v.actor_id, v.at
              from rows from (json_to_recordset($$::json)
                     as (lead_id uuid, owner_id uuid, previous_owner_id uuid, team_id uuid, kind text, rule_id text,
                         reason text, actor_type text, actor_id text, at timestamptz)) with ordinality
                   as v(lead_id, owner_id, previous_owner_id, team_id, kind, rule_id, reason, actor_type, actor_id, at, n)
             where v.lead_id in (select id from owners)
             order by v.n`,
    },
    {
      name: 'stopped',
      rows: plan.clocks.stop.map((s) => ({
        id: s.id,
        status: s.status,
        reason: s.reason,
        at: iso(s.at),
        warned_at: iso(s.warnedAt ?? null),
        breached_at: iso(s.breachedAt ?? null),
      })),
      sql: `update sla_clocks c set status = v.status, stopped_at = v.at, stop_reason = v.reason, next_fire_at = null,
                   warned_at = coalesce(v.warned_at, c.warned_at), breached_at = coalesce(v.breached_at, c.breached_at)
              from json_to_recordset($$::json)
                   as v(id uuid, status text, reason text, at timestamptz, warned_at timestamptz, breached_at timestamptz)
             where c.workspace_id = $1 and c.id = v.id and c.status = 'running'`,
    },
    {
      name: 'marked',
      rows: plan.clocks.mark.map((m) => ({
        id: m.id,
        warned_at: iso(m.warnedAt ?? null),
        breached_at: iso(m.breachedAt ?? null),
      })),
      // The next moment the clock needs a worker, as nextFireAt (src/store/sla-clocks.ts) says.
      sql: `update sla_clocks c set warned_at = coalesce(v.warned_at, c.warned_at),
                   breached_at = coalesce(v.breached_at, c.breached_at),
                   next_fire_at = case
                     when coalesce(v.warned_at, c.warned_at) is null and c.warn_at < c.due_at then c.warn_at
                     when coalesce(v.breached_at, c.breached_at) is null then c.due_at end
              from json_to_recordset($$::json) as v(id uuid, warned_at timestamptz, breached_at timestamptz)
             where c.workspace_id = $1 and c.id = v.id`,
    },
    {
      name: 'started',
      rows: plan.clocks.start.map((c) => ({
        lead_id: c.leadId,
        policy_id: c.policyId,
        clock: c.clock,
        stage: c.stage,
        owner_id: c.ownerId,
        team_id: c.teamId,
        started_at: iso(c.startedAt),
        warn_at: iso(c.warnAt),
        due_at: iso(c.dueAt),
        status: c.stopped?.status ?? 'running',
        stopped_at: iso(c.stopped?.at ?? null),
        stop_reason: c.stopped?.reason ?? null,
        next_fire_at: iso(
          nextFireAt({ ...c, status: c.stopped ? 'cancelled' : 'running', warnedAt: null, breachedAt: null }),
        ),
        agreement_version: c.agreementVersion,
      })),
      sql: `insert into sla_clocks (workspace_id, lead_id, policy_id, clock, stage, owner_id, team_id, started_at, warn_at,
                                    due_at, status, stopped_at, stop_reason, next_fire_at, agreement_version)
            select $1, v.lead_id, v.policy_id, v.clock, v.stage, v.owner_id, v.team_id, v.started_at, v.warn_at,
                   v.due_at, v.status, v.stopped_at, v.stop_reason, v.next_fire_at, v.agreement_version
              from json_to_recordset($$::json)
                   as v(lead_id uuid, policy_id text, clock text, stage text, owner_id uuid, team_id uuid,
                        started_at timestamptz, warn_at timestamptz, due_at timestamptz, status text,
                        stopped_at timestamptz, stop_reason text, next_fire_at timestamptz, agreement_version int)`,
    },
    {
      name: 'delivered',
      rows: plan.deliveries.map((d) => ({
        id: webhookId(),
        subscription_id: d.subscriptionId,
        event_type: d.payload.type,
        payload: d.payload,
        at: iso(d.occurredAt),
      })),
      // Due at once: at the event's moment, or the database's now if that is earlier.
      sql: `insert into webhook_deliveries (workspace_id, id, subscription_id, event_type, payload, status, next_attempt_at,
                                            created_at)
            select $1, v.id, v.subscription_id, v.event_type, v.payload, 'pending', least(v.at, now()), v.at
              from rows from (json_to_recordset($$::json)
                     as (id text, subscription_id uuid, event_type text, payload jsonb, at timestamptz)) with ordinality
                   as v(id, subscription_id, event_type, payload, at, n)
             order by v.n`,
    },
    {
      name: 'notified',
      rows: plan.notifications.map((n) => ({
        user_id: n.userId,
        type: n.type,
        title: n.title,
        body: n.body,
        lead_id: n.leadId,
        data: n.data,
        created_at: iso(n.createdAt),
      })),
      sql: `insert into notifications (workspace_id, user_id, type, title, body, lead_id, data, created_at)
            select $1, v.user_id, v.type, v.title, v.body, v.lead_id, v.data, v.created_at
              from rows from (json_to_recordset($$::json)
                     as (user_id uuid, type text, title text, body text, lead_id uuid, data jsonb,
                         created_at timestamptz)) with ordinality
                   as v(user_id, type, title, body, lead_id, data, created_at, n)
             order by v.n`,
    },
  ];
  const used = parts.filter((p) => p.rows.length > 0);
  if (used.length === 0) return;
  // Data-modifying CTEs all run, referenced or not.
  const ctes = used.map(
    (p, i) => `${p.name} as (${p.sql.replace('$$', `$${i + 2}`)} returning ${p.returning ?? '1'})`,
  );
  await q.query(`with ${ctes.join(',\n')} select 1`, [
    workspaceId,
    ...used.map((p) => JSON.stringify(p.rows)),
  ]);
}
