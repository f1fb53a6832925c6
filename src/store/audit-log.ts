// The audit log: who changed what (users, keys, settings, agreements), append-only.
import type { Queryable } from './db.js';

export interface Actor {
  type: 'user' | 'api_key' | 'system' | 'cli';
  id: string | null;
  label: string;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: Actor;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

export async function recordAudit(
  q: Queryable,
  workspaceId: string,
  actor: Actor,
  action: string,
  target: { type: string; id: string | null },
  details: Record<string, unknown> = {},
): Promise<void> {
  await q.query(
    `insert into audit_log (workspace_id, actor_type, actor_id, actor_label, action, target_type, target_id, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [workspaceId, actor.type, actor.id, actor.label, action, target.type, target.id, JSON.stringify(details)],
  );
}

interface AuditRow {
  id: number;
  at: Date;
  actor_type: Actor['type'];
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

export async function listAudit(
  q: Queryable,
  workspaceId: string,
  opts: { limit: number; beforeId: number | null },
): Promise<AuditEntry[]> {
  const rows = await q.query<AuditRow>(
    `select * from audit_log where workspace_id = $1 and ($2::bigint is null or id < $2)
      order by id desc limit $3`,
    [workspaceId, opts.beforeId, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
  }));
}
