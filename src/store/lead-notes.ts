// Comments on a lead and sales' "good lead" flags: rows people add, never change.
import type { Queryable } from './db.js';

export interface NoteAuthor {
  type: 'user' | 'api_key';
  id: string;
  label: string;
}

export async function insertComment(
  q: Queryable,
  workspaceId: string,
  c: { leadId: string; author: NoteAuthor; body: string; mentions: readonly string[]; at: Date },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `insert into lead_comments (workspace_id, lead_id, author_type, author_id, author_label, body, mentions, at)
     values ($1, $2, $3, $4, $5, $6, $7::uuid[], $8) returning id`,
    [
      workspaceId,
      c.leadId,
      c.author.type,
      c.author.id,
      c.author.label,
      c.body,
      c.mentions,
      c.at.toISOString(),
    ],
  );
  return rows[0]!.id;
}

export async function insertFlag(
  q: Queryable,
  workspaceId: string,
  f: { leadId: string; actor: NoteAuthor; note: string | null; stage: string; at: Date },
): Promise<string> {
  const rows = await q.query<{ id: string }>(
    `insert into lead_flags (workspace_id, lead_id, actor_type, actor_id, actor_label, note, stage, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [workspaceId, f.leadId, f.actor.type, f.actor.id, f.actor.label, f.note, f.stage, f.at.toISOString()],
  );
  return rows[0]!.id;
}

/** One thing said or done on a lead, for its conversation: a logged touch, a comment or a flag. */
export interface NoteRecord {
  kind: 'touch' | 'comment' | 'flag';
  id: string;
  at: Date;
  byType: string;
  byId: string | null;
  byLabel: string;
  /** For a touch: call, email, meeting, linkedin or note. */
  touchKind: string | null;
  text: string | null;
  mentions: string[];
}

interface NoteRow {
  kind: NoteRecord['kind'];
  id: string;
  at: Date;
  by_type: string;
  by_id: string | null;
  by_label: string;
  touch_kind: string | null;
  text: string | null;
  mentions: string[];
}

/**
 * The lead's touches (with the name of who logged them), comments and flags, newest first. A touch
 * without a person was logged by an API key.
 */
export async function leadNotes(q: Queryable, workspaceId: string, leadId: string): Promise<NoteRecord[]> {
  const rows = await q.query<NoteRow>(
    `select 'touch' as kind, a.id, a.at, case when a.user_id is null then 'api_key' else 'user' end as by_type,
            a.user_id::text as by_id, coalesce(u.name, 'API key') as by_label, a.kind as touch_kind, a.note as text,
            '{}'::uuid[] as mentions
       from activities a left join users u on u.workspace_id = a.workspace_id and u.id = a.user_id
      where a.workspace_id = $1 and a.lead_id = $2
     union all
     select 'comment', c.id, c.at, c.author_type, c.author_id, c.author_label, null, c.body, c.mentions
       from lead_comments c where c.workspace_id = $1 and c.lead_id = $2
     union all
     select 'flag', f.id, f.at, f.actor_type, f.actor_id, f.actor_label, null, f.note, '{}'::uuid[]
       from lead_flags f where f.workspace_id = $1 and f.lead_id = $2
     order by at desc, id desc`,
    [workspaceId, leadId],
  );
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    at: r.at,
    byType: r.by_type,
    byId: r.by_id,
    byLabel: r.by_label,
    touchKind: r.touch_kind,
    text: r.text,
    mentions: r.mentions,
  }));
}
