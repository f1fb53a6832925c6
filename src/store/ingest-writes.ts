// The few statements one ingestion request needs, each doing several tables' work at once
// (data-modifying CTEs), because on both drivers a round trip costs more than the rows in it.
import type { KnownIdentities } from '../domain/identity-resolution.js';
import type { Queryable } from './db.js';
import type { EventInsert } from './events.js';

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
  /** Existing leads an identify gives an e-mail no lead has: the key is claimed now, the profile by the fold. */
  emailClaims: readonly { leadId: string; email: string }[];
  /** messageIds of identifies whose e-mail belongs to another lead (the fold keeps it off this one). */
  ignoredEmailMessages: readonly string[];
  /** Leads that absorbed another (alias): the fold rescores them from all their events. */
  mergedInto: readonly string[];
}

export interface BatchWritten {
  inserted: { id: number; messageId: string }[];
  /** Queue rows written for the fold (0: nothing for it to do). */
  queued: number;
}

/**
 * In one statement: new bare leads, identity links (and e-mails claimed), earlier anonymous events
 * attached to their leads, the events themselves (a messageId already stored is skipped: only what
 * was really inserted comes back), and the fold's work queued, in the order it must be folded
 * (attached history first, then the request's events). Other nodes hear of it after the commit
 * (`notifyFoldWork`): a NOTIFY inside this transaction would serialise every accepting commit.
 */
export async function writeBatch(q: Queryable, workspaceId: string, w: BatchWrite): Promise<BatchWritten> {
  const rows = await q.query<{ result: { inserted: [number, string][]; queued: number } }>(
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
      emails as (
        update leads l set email = v.email from unnest($13::uuid[], $14::text[]) as v(id, email)
         where l.workspace_id = $1 and l.id = v.id and l.email is distinct from v.email
        returning l.id),
      attached as (
        update events e set lead_id = v.lead_id
          from unnest($8::text[], $9::uuid[]) as v(anonymous_id, lead_id)
         where e.workspace_id = $1 and e.anonymous_id = any($8::text[]) and e.lead_id is null
           and e.anonymous_id = v.anonymous_id
        returning e.id, e.lead_id, e.occurred_at),
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
        returning id, message_id, lead_id),
      queued as (
        insert into fold_queue (workspace_id, lead_id, event_id, is_new_lead, is_attached, ignores_email, is_merge)
        select $1, u.lead_id, u.event_id, u.lead_id = any($2::uuid[]), u.ord = 0, u.ignores_email, u.ord = 2
          from (select 0 as ord, a.occurred_at as at, a.id as event_id, a.lead_id, false as ignores_email from attached a
                union all
                select 1, null, i.id, i.lead_id, i.message_id = any($11::text[]) from inserted i where i.lead_id is not null
                union all
                select 2, null, null, m.id, false from unnest($12::uuid[]) as m(id)) u
         order by u.ord, u.at, u.event_id
        returning 1)
     select json_build_object(
        'inserted', coalesce((select json_agg(json_build_array(id, message_id)) from inserted), '[]'::json),
        'queued', (select count(*) from queued),
        'written', (select count(*) from new_leads) + (select count(*) from identities) + (select count(*) from emails)
      ) as result`,
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
      w.ignoredEmailMessages,
      w.mergedInto,
      w.emailClaims.map((c) => c.leadId),
      w.emailClaims.map((c) => c.email),
    ],
  );
  const result = rows[0]!.result;
  return {
    inserted: result.inserted.map(([id, messageId]) => ({ id: Number(id), messageId })),
    queued: Number(result.queued),
  };
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
