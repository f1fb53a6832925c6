// The fold's work queue: accepted events waiting to be scored, claimed per lead with SKIP LOCKED.
import pg from 'pg';
import type { Db, Queryable } from './db.js';
import { type EngineLead, toEngineLead } from './lead-state.js';

/** The channel an accepting node notifies, after its commit, to wake other nodes' folders. */
export const FOLD_CHANNEL = 'tandem_fold';

/**
 * Tells other nodes' folders there is work (PostgreSQL; PGlite is one node). Its own short
 * transaction, after the accepting one committed: PostgreSQL holds one database-wide lock from a
 * notifying transaction's pre-commit until its commit is flushed, so a NOTIFY inside every accept
 * would serialise them all. A crash before it is sent leaves the work to the sweep.
 */
export async function notifyFoldWork(db: Db): Promise<void> {
  if (db.kind !== 'postgres') return;
  await db.query(`select pg_notify($1, '')`, [FOLD_CHANNEL]);
}

/** One claimed row: an event of a lead (with what the fold reads of it), or a merge marker. */
export interface FoldItem {
  leadId: string;
  isNewLead: boolean;
  isAttached: boolean;
  ignoresEmail: boolean;
  isMerge: boolean;
  event: {
    id: number;
    type: string;
    event: string | null;
    groupId: string | null;
    occurredAt: Date;
    properties: Record<string, unknown>;
    traits: Record<string, unknown>;
    context: Record<string, unknown>;
  } | null;
}

export interface ClaimedWork {
  /** The claimed leads, row-locked, with their workspace. */
  leads: { workspaceId: string; lead: EngineLead; isDeleted: boolean }[];
  /** Their queued rows, in the order they were accepted (queue id, which follows event id per lead). */
  items: (FoldItem & { workspaceId: string })[];
}

/**
 * Claims the queued work of up to `maxLeads` leads, those of the oldest `maxEvents` rows (all of each lead's rows):
 * locks those lead rows (SKIP LOCKED: a lead another folder holds is left to it), deletes all their
 * queued rows and marks their events scored, in one statement. An event already scored is not
 * returned, so nothing is folded twice even if it were queued twice. Leads backing off after a
 * failed fold (`retry_at` after `now`) are left alone; `only` claims these leads' work whatever its backoff.
 */
export async function claimFoldWork(
  q: Queryable,
  limits: { maxLeads: number; maxEvents: number },
  at: { now: Date; only?: { workspaceId: string; leadIds: readonly string[] } },
): Promise<ClaimedWork> {
  const only = at.only;
  const oldest = only
    ? `select workspace_id, lead_id, id from fold_queue where workspace_id = $3 and lead_id = any($4::uuid[]) limit $2`
    : `select f.workspace_id, f.lead_id, f.id from fold_queue f
        where not exists (select 1 from fold_queue p where p.retry_at is not null and p.retry_at > $3::timestamptz
                             and p.workspace_id = f.workspace_id and p.lead_id = f.lead_id)
        order by f.id limit $2`;
  const rows = await q.query<{
    result: { leads: Record<string, unknown>[]; items: Record<string, unknown>[] };
  }>(
    `with oldest as (${oldest}),
      bounded as (
        select workspace_id, lead_id from oldest group by workspace_id, lead_id order by min(id) limit $1),
      locked as (
        select l.* from leads l join bounded b on b.workspace_id = l.workspace_id and b.lead_id = l.id
         order by l.id for update of l skip locked),
      claimed as (
        delete from fold_queue f using locked l where f.workspace_id = l.workspace_id and f.lead_id = l.id
        returning f.*),
      scored as (
        update events e set scored_at = now() from claimed c
         where e.workspace_id = c.workspace_id and e.id = c.event_id and e.scored_at is null
        returning e.workspace_id, e.id, e.type, e.event, e.group_id, e.occurred_at, e.properties, e.traits, e.context)
     select json_build_object(
        'leads', coalesce((select json_agg(l) from locked l), '[]'::json),
        'items', coalesce((select json_agg(json_build_object(
            'workspace_id', c.workspace_id, 'lead_id', c.lead_id, 'is_new_lead', c.is_new_lead,
            'is_attached', c.is_attached, 'ignores_email', c.ignores_email, 'is_merge', c.is_merge,
            'event', case when s.id is null then null else row_to_json(s) end) order by c.id)
          from claimed c left join scored s on s.workspace_id = c.workspace_id and s.id = c.event_id), '[]'::json)
      ) as result`,
    only
      ? [limits.maxLeads, limits.maxEvents, only.workspaceId, only.leadIds]
      : [limits.maxLeads, limits.maxEvents, at.now],
  );
  const { leads, items } = rows[0]!.result;
  return {
    leads: leads.map((r) => ({
      workspaceId: r.workspace_id as string,
      lead: toEngineLead(r),
      isDeleted: Boolean(r.is_deleted),
    })),
    items: items.map((r) => {
      const e = r.event as Record<string, unknown> | null;
      return {
        workspaceId: r.workspace_id as string,
        leadId: r.lead_id as string,
        isNewLead: Boolean(r.is_new_lead),
        isAttached: Boolean(r.is_attached),
        ignoresEmail: Boolean(r.ignores_email),
        isMerge: Boolean(r.is_merge),
        event: e && {
          id: Number(e.id),
          type: e.type as string,
          event: (e.event as string | null) ?? null,
          groupId: (e.group_id as string | null) ?? null,
          occurredAt: new Date(e.occurred_at as string),
          properties: (e.properties as Record<string, unknown>) ?? {},
          traits: (e.traits as Record<string, unknown>) ?? {},
          context: (e.context as Record<string, unknown>) ?? {},
        },
      };
    }),
  };
}

/**
 * A lead whose fold failed even on its own: its rows stay queued, count the attempt, keep the error
 * and wait (10 s, 20 s, 40 s … up to 10 minutes from `now`) before a folder claims them again.
 * Returns the attempts so far.
 */
export async function recordFoldFailure(
  q: Queryable,
  lead: { workspaceId: string; leadId: string },
  error: string,
  now: Date,
): Promise<number> {
  const rows = await q.query<{ attempts: number }>(
    `with n as (select coalesce(max(attempts), 0) + 1 as attempts from fold_queue where workspace_id = $1 and lead_id = $2)
     update fold_queue f set attempts = n.attempts, last_error = $3,
            retry_at = $4::timestamptz + least(interval '10 seconds' * power(2, n.attempts - 1), interval '10 minutes')
       from n where f.workspace_id = $1 and f.lead_id = $2
     returning f.attempts`,
    [lead.workspaceId, lead.leadId, error.slice(0, 2000), now],
  );
  return Math.max(0, ...rows.map((r) => r.attempts));
}

/** An alias merged `from` into `into`: work queued for `from` is now `into`'s (rescored from all events). */
export async function moveQueuedWork(
  q: Queryable,
  workspaceId: string,
  from: string,
  into: string,
): Promise<void> {
  await q.query(`update fold_queue set lead_id = $3 where workspace_id = $1 and lead_id = $2`, [
    workspaceId,
    from,
    into,
  ]);
}

/** How far the fold is behind, across workspaces (for /healthz). */
export async function foldBacklog(q: Queryable): Promise<{ waiting: number; oldestWaitingSeconds: number }> {
  const rows = await q.query<{ waiting: number; oldest: number | null }>(
    `select count(*)::int as waiting, extract(epoch from now() - min(queued_at))::float8 as oldest from fold_queue`,
  );
  const r = rows[0];
  return { waiting: r?.waiting ?? 0, oldestWaitingSeconds: Math.max(0, r?.oldest ?? 0) };
}

/** Events of one lead still waiting to be scored. */
export async function eventsWaitingOf(q: Queryable, workspaceId: string, leadId: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `select count(*)::int as n from fold_queue where workspace_id = $1 and lead_id = $2 and event_id is not null`,
    [workspaceId, leadId],
  );
  return rows[0]?.n ?? 0;
}

export interface FoldListener {
  close(): Promise<void>;
}

/**
 * Calls `onWake` whenever another node commits events (PostgreSQL's LISTEN, on a connection of its
 * own, reconnecting after a loss; the sweep covers any gap). PGlite is one node: nothing to hear.
 */
export async function listenForFolds(
  db: Db,
  onWake: () => void,
  onError: (err: unknown) => void,
): Promise<FoldListener> {
  if (db.kind !== 'postgres' || !db.pool) return { close: async () => undefined };
  const options = db.pool.options;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client(options);
    c.on('notification', () => onWake());
    c.on('error', (err) => {
      onError(err);
      void c.end().catch(() => undefined);
      if (client === c) client = null;
      if (!closed) retry = setTimeout(() => void connect().catch(onError), 1000);
    });
    await c.connect();
    await c.query(`listen ${FOLD_CHANNEL}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    onWake(); // whatever was committed while no one listened
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
