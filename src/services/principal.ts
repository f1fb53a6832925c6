// Who is calling: a signed-in user, a secret API key, or a public write key (ingestion only).
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
  | { kind: 'api_key'; workspaceId: string; keyId: string; role: Role; label: string }
  | { kind: 'write_key'; workspaceId: string; keyId: string; label: string };

export function auditActorOf(p: Principal): AuditActor {
  switch (p.kind) {
    case 'user':
      return { type: 'user', id: p.userId, label: p.label };
    case 'api_key':
    case 'write_key':
      return { type: 'api_key', id: p.keyId, label: p.label };
  }
}

/** Throws `forbidden` unless the principal's role grants the permission. Write keys grant none. */
export function requirePermission(
  p: Principal,
  permission: Permission,
): asserts p is Exclude<Principal, { kind: 'write_key' }> {
  if (p.kind === 'write_key') {
    throw new AppError('forbidden', 'A write key can only send events; use a secret key or sign in to read.');
  }
  if (!can(p.role, permission)) {
    throw new AppError('forbidden', `The ${p.role} role may not ${permission.replace(':', ' ')}.`);
  }
}
