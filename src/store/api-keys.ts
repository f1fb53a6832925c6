// API keys: secret keys (hashed, each with a role) and public write keys for event ingestion.
import type { Role } from '../domain/roles.js';
import type { Queryable, Row } from './db.js';
import { rowReader } from './rows.js';
import { type ApiKeyType, apiKeys } from './schema/index.js';

export type { ApiKeyType } from './schema/index.js';

/** The member who created a key; a secret key stops working while its creator is deactivated. */
export interface ApiKeyCreator {
  id: string;
  name: string;
  email: string;
  isActive: boolean;
}

/** A key as its owners see it: never its hash; its creator named, not just referred to. */
export type ApiKey = Omit<typeof apiKeys.$inferSelect, 'keyHash' | 'createdBy'> & {
  /** Null for keys made by the CLI or the system: nobody's, so nobody's deactivation ends them. */
  creator: ApiKeyCreator | null;
};

const keyRow = rowReader(apiKeys) as (row: Row) => typeof apiKeys.$inferSelect & {
  creatorName: string | null;
  creatorEmail: string | null;
  creatorActive: boolean | null;
};

function toApiKey(r: Row): ApiKey {
  const { keyHash: _hash, createdBy, creatorName, creatorEmail, creatorActive, ...key } = keyRow(r);
  const creator = createdBy
    ? { id: createdBy, name: creatorName ?? '', email: creatorEmail ?? '', isActive: creatorActive === true }
    : null;
  return { ...key, creator };
}

// Every read names the key's creator and whether they are still active (a missing member is not).
const WITH_CREATOR = `k.*, u.name as creator_name, u.email as creator_email,
  (u.id is not null and u.disabled_at is null) as creator_active`;
const JOIN_CREATOR = `left join users u on u.workspace_id = k.workspace_id and u.id = k.created_by`;

export async function insertApiKey(
  q: Queryable,
  input: {
    workspaceId: string;
    type: ApiKeyType;
    role: Role | null;
    name: string;
    keyPrefix: string;
    keyHash: string;
    publicKey: string | null;
    createdBy: string | null;
  },
): Promise<ApiKey> {
  const rows = await q.query(
    `with k as (
       insert into api_keys (workspace_id, type, role, name, key_prefix, key_hash, public_key, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning *)
     select ${WITH_CREATOR} from k ${JOIN_CREATOR}`,
    [
      input.workspaceId,
      input.type,
      input.role,
      input.name,
      input.keyPrefix,
      input.keyHash,
      input.publicKey,
      input.createdBy,
    ],
  );
  return toApiKey(rows[0]!);
}

export async function findActiveKeyByHash(q: Queryable, keyHash: string): Promise<ApiKey | null> {
  const rows = await q.query(
    `select ${WITH_CREATOR} from api_keys k ${JOIN_CREATOR} where k.key_hash = $1 and k.revoked_at is null`,
    [keyHash],
  );
  return rows[0] ? toApiKey(rows[0]) : null;
}

export async function listApiKeys(q: Queryable, workspaceId: string): Promise<ApiKey[]> {
  const rows = await q.query(
    `select ${WITH_CREATOR} from api_keys k ${JOIN_CREATOR}
      where k.workspace_id = $1 order by k.created_at desc, k.id`,
    [workspaceId],
  );
  return rows.map(toApiKey);
}

export async function revokeApiKey(
  q: Queryable,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<ApiKey | null> {
  const rows = await q.query(
    `with k as (
       update api_keys set revoked_at = coalesce(revoked_at, $3) where workspace_id = $1 and id = $2 returning *)
     select ${WITH_CREATOR} from k ${JOIN_CREATOR}`,
    [workspaceId, id, now],
  );
  return rows[0] ? toApiKey(rows[0]) : null;
}

// Recorded at most once a minute per key so the hot path does not write on every request.
export async function touchApiKey(q: Queryable, workspaceId: string, id: string, now: Date): Promise<void> {
  await q.query(
    `update api_keys set last_used_at = $3::timestamptz
      where workspace_id = $1 and id = $2 and (last_used_at is null or last_used_at < $3::timestamptz - interval '1 minute')`,
    [workspaceId, id, now],
  );
}
