// The few statements one ingestion request needs, each doing several tables' work at once
// (data-modifying CTEs), because on both drivers a round trip costs more than the rows in it.
import type { KnownIdentities } from '../domain/identity-resolution.js';
import type { Queryable } from './db.js';
import type { EventInsert, StoredEvent } from './events.js';
import { type EngineLead, toEngineLead } from './lead-state.js';

/**
 * The identities a batch names that already belong to leads, and the active agreement's version
 * and epoch, in one statement. No lock is taken: only identities a batch would create need one
 * (see `lockIdentities`), so batches about known people never wait for each other.
 */
export async function lookupIdentitiesAndAgreement(
  q: Queryable,
  workspaceId: string,
  ids: { users: string[]; anonymous: string[]; emails: string[] },
): Promise<{ known: KnownIdentities; version: number; epoch: Date }> {
  const rows = await q.query<{ k: string; v: string; id: string }>(
    `select kind as k, value as v, lead_id::text as id from lead_identities
      where workspace_id = $1 and ((kind = 'user' and value = any($2::text[])) or (kind = 'anonymous' and value = any($3::text[])))
     union all
     select 'email', email, id::text from leads where workspace_id = $1 and email = any($4::text[]) and not is_deleted
     union all
     select 'agreement', version::text, epoch::text from agreements where workspace_id = $1 and status = 'active'`,
    [workspaceId, ids.users, ids.anonymous, ids.emails],
  );
  const known = {
    users: new Map<string, string>(),
    anonymous: new Map<string, string>(),
    emails: new Map<string, string>(),
  };
  let head: { version: number; epoch: Date } | null = null;
  for (const r of rows) {
    if (r.k === 'agreement') head = { version: Number(r.v), epoch: new Date(r.id) };
    else (r.k === 'user' ? known.users : r.k === 'anonymous' ? known.anonymous : known.emails).set(r.v, r.id);
  }
  if (!head) throw new Error(`workspace ${workspaceId} has no active agreement`);
  return { known, ...head };
}

export interface BatchWrite {
  newLeads: readonly { id: string; email: string | null; createdAt: Date }[];
  identities: readonly { kind: 'user' | 'anonymous'; value: string; leadId: string }[];
  attach: readonly { anonymousId: string; leadId: string }[];
  events: readonly EventInsert[];
  /** Existing leads the batch touches: returned row-locked (in id order) with their state. */
  lockLeadIds: readonly string[];
}

export interface BatchWritten {
  inserted: { id: number; messageId: string }[];
  attached: Pick<StoredEvent, 'id' | 'leadId' | 'type' | 'event' | 'properties' | 'occurredAt'>[];
  locked: EngineLead[];
}

/**
 * In one statement: new bare leads, identity links, earlier anonymous events attached to their
 * leads, the events themselves (a messageId already stored is skipped: only what was really
 * inserted comes back), and the touched existing leads, locked.
 */
export async function writeBatch(q: Queryable, workspaceId: string, w: BatchWrite): Promise<BatchWritten> {
  const rows = await q.query<{
    result: {
      inserted: [number, string][];
      attached: Record<string, unknown>[];
      locked: Record<string, unknown>[];
    };
  }>(
    `with new_leads as (
        insert into leads (workspace_id, id, email, created_at, updated_at, stage, stage_entered_at)
        select $1, v.id, v.email, v.created_at, v.created_at, 'lead', v.created_at
          from unnest($2::uuid[], $3::text[], $4::timestamptz[]) as v(id, email, created_at)
        returning id),
      identities as (
        insert into lead_identities (workspace_id, kind, value, lead_id)
        select $1, v.kind, v.value, v.lead_id from unnest($5::text[], $6::text[], $7::uuid[]) as v(kind, value, lead_id)
        on conflict (workspace_id, kind, value) do nothing
        returning lead_id),
      attached as (
        update events e set lead_id = v.lead_id
          from unnest($8::text[], $9::uuid[]) as v(anonymous_id, lead_id)
         where e.workspace_id = $1 and e.anonymous_id = any($8::text[]) and e.lead_id is null
           and e.anonymous_id = v.anonymous_id
        returning e.id, e.lead_id, e.type, e.event, e.properties, e.occurred_at),
      inserted as (
        insert into events (workspace_id, message_id, type, event, lead_id, user_id, anonymous_id, group_id,
                            occurred_at, received_at, sent_at, original_timestamp, properties, traits, context)
        select $1, v.message_id, v.type, v.event, v.lead_id, v.user_id, v.anonymous_id, v.group_id, v.occurred_at,
               v.received_at, v.sent_at, v.original_timestamp, v.properties, v.traits, v.context
          from json_to_recordset($10::json)
               as v(message_id text, type text, event text, lead_id uuid, user_id text, anonymous_id text,
                    group_id text, occurred_at timestamptz, received_at timestamptz, sent_at timestamptz,
                    original_timestamp timestamptz, properties jsonb, traits jsonb, context jsonb)
        on conflict (workspace_id, message_id) do nothing
        returning id, message_id),
      locked as (
        select * from leads where workspace_id = $1 and id = any($11::uuid[]) and not is_deleted
         order by id for update)
     select json_build_object(
        'inserted', coalesce((select json_agg(json_build_array(id, message_id)) from inserted), '[]'::json),
        'attached', coalesce((select json_agg(a order by a.occurred_at, a.id) from attached a), '[]'::json),
        'locked', coalesce((select json_agg(l) from locked l), '[]'::json),
        'written', (select count(*) from new_leads) + (select count(*) from identities)) as result`,
    [
      workspaceId,
      w.newLeads.map((l) => l.id),
      w.newLeads.map((l) => l.email),
      w.newLeads.map((l) => l.createdAt.toISOString()),
      w.identities.map((i) => i.kind),
      w.identities.map((i) => i.value),
      w.identities.map((i) => i.leadId),
      w.attach.map((a) => a.anonymousId),
      w.attach.map((a) => a.leadId),
      // The events as one JSON array: each value is serialised once, and the JSON columns arrive
      // as JSON rather than as text inside a text array (escaped twice, parsed twice).
      JSON.stringify(
        w.events.map((e) => ({
          message_id: e.messageId,
          type: e.type,
          event: e.event,
          lead_id: e.leadId,
          user_id: e.userId,
          anonymous_id: e.anonymousId,
          group_id: e.groupId,
          occurred_at: e.occurredAt,
          received_at: e.receivedAt,
          sent_at: e.sentAt,
          original_timestamp: e.originalTimestamp,
          properties: e.properties,
          traits: e.traits,
          context: e.context,
        })),
      ),
      w.lockLeadIds,
    ],
  );
  const result = rows[0]!.result;
  return {
    inserted: result.inserted.map(([id, messageId]) => ({ id: Number(id), messageId })),
    attached: result.attached.map((a) => ({
      id: Number(a.id),
      leadId: a.lead_id as string,
      type: a.type as string,
      event: (a.event as string | null) ?? null,
      properties: (a.properties as Record<string, unknown>) ?? {},
      occurredAt: new Date(a.occurred_at as string),
    })),
    locked: result.locked.map((r) => toEngineLead(r as Record<string, unknown>)),
  };
}

/** A new lead as `writeBatch` inserted it (what `select *` would return for it). */
export function bareLead(id: string, email: string | null, createdAt: Date): EngineLead {
  return toEngineLead({
    id,
    email,
    stage: 'lead',
    stage_entered_at: createdAt,
    created_at: createdAt,
    fit_grade: 'D',
    fit_points: 0,
    engagement_s: 0,
    fresh_s: 0,
    recyclable: false,
    cap_counters: {},
    pql_usage: {},
    traits: {},
    scored_version: 0,
  });
}

/**
 * The accounts of a batch's Segment `group` calls, in one statement: found by groupId (traits fill
 * what is still empty) or created. A website domain is only taken when no account has it yet.
 */
export async function upsertGroupAccounts(
  q: Queryable,
  workspaceId: string,
  groups: readonly {
    groupId: string;
    name: string | null;
    domain: string | null;
    industry: string | null;
    employees: number | null;
    traits: Record<string, unknown>;
  }[],
): Promise<Map<string, string>> {
  const byGroup = new Map<string, string>();
  if (groups.length === 0) return byGroup;
  const rows = await q.query<{ id: string; group_id: string }>(
    `insert into accounts as a (workspace_id, name, domain, industry, employees, group_id, traits)
     select $1, coalesce(v.name, v.domain, v.group_id),
            case when v.domain is null or exists (select 1 from accounts d where d.workspace_id = $1 and d.domain = v.domain)
                 then null else v.domain end,
            v.industry, v.employees, v.group_id, v.traits::jsonb
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])
            as v(group_id, name, domain, industry, employees, traits)
     on conflict (workspace_id, group_id) do update set
        name = coalesce(excluded.name, a.name), industry = coalesce(a.industry, excluded.industry),
        employees = coalesce(a.employees, excluded.employees), traits = a.traits || excluded.traits, updated_at = now()
     returning a.id, a.group_id`,
    [
      workspaceId,
      groups.map((g) => g.groupId),
      groups.map((g) => g.name),
      groups.map((g) => g.domain),
      groups.map((g) => g.industry),
      groups.map((g) => (g.employees === null ? null : Math.round(g.employees))),
      groups.map((g) => JSON.stringify(g.traits)),
    ],
  );
  for (const r of rows) byGroup.set(r.group_id, r.id);
  return byGroup;
}
