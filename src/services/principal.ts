// Who is calling /api: a signed-in user or a secret API key. A public write key only sends events to
// /v1 and has a type of its own, so nothing under /api ever has to refuse one.
import { can, type Permission, type Role } from '../domain/roles.js';
import { AppError } from '../domain/errors.js';
import type { AuditActor } from '../store/audit-log.js';

export type Principal =
  | {
      kind: 'user';
      workspaceId: string;
      userId: string;
      role: Role;
      label: string;
      sessionId: string;
      csrfToken: string;
    }
  | { kind: 'api_key'; workspaceId: string; keyId: string; role: Role; label: string };

/** A workspace's public write key, as /v1 ingestion authenticates it: events only, never /api. */
export interface WriteKeyPrincipal {
  kind: 'write_key';
  workspaceId: string;
  keyId: string;
  label: string;
}

export function auditActorOf(p: Principal): AuditActor {
  return p.kind === 'user'
    ? { type: 'user', id: p.userId, label: p.label }
    : { type: 'api_key', id: p.keyId, label: p.label };
}

/** Throws `forbidden` unless the principal's role grants the permission. */
export function requirePermission(p: Principal, permission: Permission): void {
  if (!can(p.role, permission)) {
    throw new AppError('forbidden', `The ${p.role} role may not ${permission.replace(':', ' ')}.`);
  }
}
