// The audit log: who changed what (users, keys, settings, agreements), append-only.
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { type AuditActorType, auditLog } from './schema/index.js';

/** Who wrote an audit entry (a person, an API key, the system, the CLI), as the entry names them. */
export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  label: string;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

export async function recordAudit(
  q: Queryable,
  workspaceId: string,
  actor: AuditActor,
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

const auditRow = rowReader(auditLog);

export async function listAudit(
  q: Queryable,
  workspaceId: string,
  opts: { limit: number; beforeId: number | null },
): Promise<AuditEntry[]> {
  const rows = await q.query(
    `select * from audit_log where workspace_id = $1 and ($2::bigint is null or id < $2)
      order by id desc limit $3`,
    [workspaceId, opts.beforeId, opts.limit],
  );
  return rows.map((row) => {
    const { workspaceId: _ws, actorType, actorId, actorLabel, ...entry } = auditRow(row);
    return { ...entry, actor: { type: actorType, id: actorId, label: actorLabel } };
  });
}
