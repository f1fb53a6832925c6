// Who acts on a lead, named as people read it: a member by their name (not their e-mail or id), an
// API key by its name. Notifications and the lead's conversation show this label.
import type { Role } from '../domain/roles.js';
import type { Queryable } from '../store/db.js';
import { getUser } from '../store/users.js';
import type { Principal } from './principal.js';

export interface NamedActor {
  type: 'user' | 'api_key';
  id: string;
  label: string;
  role: Role;
  userId: string | null;
}

export async function namedActor(q: Queryable, p: Principal): Promise<NamedActor> {
  if (p.kind === 'api_key')
    return { type: 'api_key', id: p.keyId, label: p.label, role: p.role, userId: null };
  const user = await getUser(q, p.workspaceId, p.userId);
  return { type: 'user', id: p.userId, label: user?.name ?? p.label, role: p.role, userId: p.userId };
}
