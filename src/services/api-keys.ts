// API keys: create (shown once), authenticate, list and revoke.
import type { Role } from '../domain/roles.js';
import { AppError, notFound } from '../domain/errors.js';
import {
  type ApiKey,
  type ApiKeyType,
  findActiveKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from '../store/api-keys.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import type { Deps } from './deps.js';
import { hashToken, randomToken } from './credentials.js';
import type { Principal, WriteKeyPrincipal } from './principal.js';

const PREFIX: Record<ApiKeyType, string> = { secret: 'tdm_sk_', write: 'tdm_wk_' };

export interface CreatedKey {
  key: ApiKey;
  /** The full key: shown once, never stored in the clear (except public write keys). */
  secret: string;
}

export async function createApiKey(
  tx: Queryable,
  actor: AuditActor,
  input: { workspaceId: string; type: ApiKeyType; role: Role | null; name: string },
): Promise<CreatedKey> {
  if (input.type === 'secret' && !input.role) {
    throw new AppError('validation_failed', 'role: a secret key needs a role', [
      { field: 'role', message: 'a secret key needs a role' },
    ]);
  }
  if (input.type === 'write' && input.role) {
    throw new AppError('validation_failed', 'role: a write key only ingests events and takes no role', [
      { field: 'role', message: 'a write key only ingests events and takes no role' },
    ]);
  }
  const secret = PREFIX[input.type] + randomToken(24);
  const key = await insertApiKey(tx, {
    workspaceId: input.workspaceId,
    type: input.type,
    role: input.role,
    name: input.name,
    keyPrefix: secret.slice(0, 11),
    keyHash: hashToken(secret),
    publicKey: input.type === 'write' ? secret : null,
    createdBy: actor.type === 'user' ? actor.id : null,
  });
  await recordAudit(
    tx,
    input.workspaceId,
    actor,
    'api_key.created',
    { type: 'api_key', id: key.id },
    {
      type: key.type,
      role: key.role,
      name: key.name,
    },
  );
  return { key, secret };
}

/**
 * The key a presented secret is, when it is active and of the expected type. A secret key is its
 * creator's: while they are deactivated it is refused (write keys only send events and belong to
 * the site they are embedded in, so they keep working).
 */
async function activeKey(deps: Deps, presented: string, expected: ApiKeyType): Promise<ApiKey | null> {
  if (!presented.startsWith(PREFIX[expected])) return null;
  const hash = hashToken(presented);
  if (expected !== 'write') return lookUpKey(deps, hash, expected);
  const cache = writeKeyCache(deps);
  const hit = cache.get(hash);
  const now = Date.now();
  if (hit && hit.until > now) return hit.key;
  const key = await lookUpKey(deps, hash, expected);
  if (cache.size >= WRITE_KEY_CACHE_MAX) cache.clear();
  cache.set(hash, { key, until: now + WRITE_KEY_TTL_MS });
  return key;
}

/**
 * Write keys are presented on every /v1 call (analytics.js sends one event a request), so this
 * node remembers each answer, valid or not, for a few seconds instead of reading the key twice
 * per event. A revocation on this node forgets the key at once; other nodes refuse it within
 * `WRITE_KEY_TTL_MS`. Secret keys and sessions are always read afresh.
 */
export const WRITE_KEY_TTL_MS = 5_000;
const WRITE_KEY_CACHE_MAX = 10_000;
type WriteKeyCache = Map<string, { key: ApiKey | null; until: number }>;
const writeKeyCaches = new WeakMap<object, WriteKeyCache>();
function writeKeyCache(deps: Deps): WriteKeyCache {
  let cache = writeKeyCaches.get(deps.db);
  if (!cache) writeKeyCaches.set(deps.db, (cache = new Map()));
  return cache;
}

async function lookUpKey(deps: Deps, hash: string, expected: ApiKeyType): Promise<ApiKey | null> {
  const key = await findActiveKeyByHash(deps.db, hash);
  if (!key || key.type !== expected) return null;
  if (key.type === 'secret' && key.creator && !key.creator.isActive) {
    throw new AppError(
      'unauthenticated',
      `This API key was created by ${key.creator.email}, who has been deactivated, so it no longer works; ask an admin for a new key.`,
    );
  }
  await touchApiKey(deps.db, key.workspaceId, key.id, deps.clock());
  return key;
}

/** The /api principal for a presented secret key, or null when it is unknown, revoked or a write key. */
export async function authenticateSecretKey(deps: Deps, presented: string): Promise<Principal | null> {
  const key = await activeKey(deps, presented, 'secret');
  if (!key) return null;
  return {
    kind: 'api_key',
    workspaceId: key.workspaceId,
    keyId: key.id,
    role: key.role ?? 'sales_rep',
    label: `key ${key.name} (${key.keyPrefix}…)`,
  };
}

/** The ingestion principal for a presented write key, or null when it is unknown, revoked or secret. */
export async function authenticateWriteKey(deps: Deps, presented: string): Promise<WriteKeyPrincipal | null> {
  const key = await activeKey(deps, presented, 'write');
  if (!key) return null;
  return {
    kind: 'write_key',
    workspaceId: key.workspaceId,
    keyId: key.id,
    label: `write key ${key.keyPrefix}…`,
  };
}

export const listKeys = (deps: Deps, workspaceId: string): Promise<ApiKey[]> =>
  listApiKeys(deps.db, workspaceId);

export async function revokeKey(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
): Promise<ApiKey> {
  return deps.db.transaction(async (tx) => {
    const key = await revokeApiKey(tx, workspaceId, id, deps.clock());
    if (!key) throw notFound('API key');
    for (const [hash, entry] of writeKeyCache(deps))
      if (entry.key?.id === id) writeKeyCache(deps).delete(hash);
    await recordAudit(tx, workspaceId, actor, 'api_key.revoked', { type: 'api_key', id });
    return key;
  });
}
