// SQL the fold's tests read and poke with (kept out of src/services, where SQL does not live).
import { createHash } from 'node:crypto';
import type { Db } from '../../src/store/db.js';

/** Each lead's state, ledger and transitions, keyed by what the stream calls it (not by ids). */
export async function foldOutcome(db: Db, workspaceId: string): Promise<unknown> {
  const leads = await db.query(
    `select i.value as who, email, stage, stage_entered_at, fit_grade, fit_points,
            round(engagement_s::numeric, 6)::text as s, last_contribution_at, title, last_activity_at
       from leads l join lead_identities i on i.workspace_id = l.workspace_id and i.lead_id = l.id and i.kind = 'user'
      where l.workspace_id = $1 order by who`,
    [workspaceId],
  );
  const ledger = await db.query(
    `select e.user_id as who, c.rule_id, e.message_id, c.points, c.at from score_contributions c
       join events e on e.workspace_id = c.workspace_id and e.id::text = c.event_id
      where c.workspace_id = $1 order by who, e.message_id, c.rule_id`,
    [workspaceId],
  );
  const transitions = await db.query(
    `select i.value as who, t.from_stage, t.to_stage, t.at, t.reason from transitions t
       join lead_identities i on i.workspace_id = t.workspace_id and i.lead_id = t.lead_id and i.kind = 'user'
      where t.workspace_id = $1 order by who, t.id`,
    [workspaceId],
  );
  const [unscored] = await db.query<{ n: number }>(
    `select count(*)::int as n from events where workspace_id = $1 and lead_id is not null and scored_at is null`,
    [workspaceId],
  );
  return { leads, ledger, transitions, unscored: unscored!.n };
}

export async function ledgerSize(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from score_contributions where workspace_id = $1`,
    [workspaceId],
  );
  return row!.n;
}

/** Queues every event of the workspace again, as a bug or a replay might. */
export async function requeueEvents(db: Db, workspaceId: string): Promise<void> {
  await db.query(
    `insert into fold_queue (workspace_id, lead_id, event_id)
     select workspace_id, lead_id, id from events where workspace_id = $1 and lead_id is not null`,
    [workspaceId],
  );
}

/** Tries to write every ledger row of the workspace a second time. */
export function duplicateLedger(db: Db, workspaceId: string): Promise<unknown> {
  return db.query(
    `insert into score_contributions (workspace_id, lead_id, rule_id, label, event_id, points, at, agreement_version)
     select workspace_id, lead_id, rule_id, label, event_id, points, at, agreement_version
       from score_contributions where workspace_id = $1`,
    [workspaceId],
  );
}

/** The lead a Segment userId belongs to. */
export async function leadOfUser(db: Db, workspaceId: string, userId: string): Promise<string> {
  const [row] = await db.query<{ lead_id: string }>(
    `select lead_id from lead_identities where workspace_id = $1 and kind = 'user' and value = $2`,
    [workspaceId, userId],
  );
  return row!.lead_id;
}

/**
 * Makes every fold of the lead with this e-mail fail (a trigger refuses the lead's update), as a
 * bug in one lead's data would. Returns what lifts it. Keyed by e-mail so it can be set before the
 * lead exists, and touches no other test's leads on a shared database.
 */
export async function poisonLeadByEmail(db: Db, email: string): Promise<() => Promise<void>> {
  const name = `poison_${createHash('sha1').update(email).digest('hex').slice(0, 12)}`;
  await db.exec(`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if new.email = '${email.replace(/'/g, "''")}' then raise exception 'poisoned lead for the test'; end if;
      return new;
    end $$;
    create trigger ${name} before update on leads for each row execute function ${name}();`);
  return async () => {
    await db.exec(`drop trigger if exists ${name} on leads; drop function if exists ${name}();`);
  };
}

/** The lead's rows still queued for the fold, with their attempts and when they may be retried. */
export async function queuedRowsOf(
  db: Db,
  workspaceId: string,
  leadId: string,
): Promise<{ attempts: number; retryAt: Date | null; lastError: string | null }[]> {
  return db.query(
    `select attempts, retry_at as "retryAt", last_error as "lastError"
       from fold_queue where workspace_id = $1 and lead_id = $2 order by id`,
    [workspaceId, leadId],
  );
}

/**
 * Who is who in a workspace, without ids: each lead as its e-mail, identities and events (by
 * messageId), plus the events that belong to nobody yet. Two workspaces fed the same messages compare.
 */
export async function identityPartition(db: Db, workspaceId: string): Promise<unknown> {
  const leads = await db.query<{
    email: string | null;
    identities: string[] | null;
    events: string[] | null;
  }>(
    `select l.email,
            (select array_agg(i.kind || ':' || i.value order by i.kind, i.value) from lead_identities i
              where i.workspace_id = l.workspace_id and i.lead_id = l.id) as identities,
            (select array_agg(e.message_id order by e.message_id) from events e
              where e.workspace_id = l.workspace_id and e.lead_id = l.id) as events
       from leads l where l.workspace_id = $1`,
    [workspaceId],
  );
  const nobody = await db.query<{ message_id: string }>(
    `select message_id from events where workspace_id = $1 and lead_id is null order by message_id`,
    [workspaceId],
  );
  return {
    leads: leads.map((l) => JSON.stringify(l)).sort(),
    nobody: nobody.map((e) => e.message_id),
  };
}

/**
 * Makes the database refuse any event with this name (a trigger on insert), as a bug or a value it
 * cannot store would. Returns what lifts it.
 */
export async function poisonEventNamed(db: Db, event: string): Promise<() => Promise<void>> {
  const name = `poison_event_${createHash('sha1').update(event).digest('hex').slice(0, 12)}`;
  await db.exec(`
    create function ${name}() returns trigger language plpgsql as $$
    begin
      if new.event = '${event.replace(/'/g, "''")}' then raise exception 'poisoned event for the test'; end if;
      return new;
    end $$;
    create trigger ${name} before insert on events for each row execute function ${name}();`);
  return async () => {
    await db.exec(`drop trigger if exists ${name} on events; drop function if exists ${name}();`);
  };
}

/** The stored event with this messageId (its lead, null for a visitor nobody knows yet), if any. */
export async function storedEvent(
  db: Db,
  workspaceId: string,
  messageId: string,
): Promise<{ lead_id: string | null } | undefined> {
  const rows = await db.query<{ lead_id: string | null }>(
    `select lead_id from events where workspace_id = $1 and message_id = $2`,
    [workspaceId, messageId],
  );
  return rows[0];
}

/** How many leads the workspace has. */
export async function leadCount(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from leads where workspace_id = $1`,
    [workspaceId],
  );
  return row!.n;
}
