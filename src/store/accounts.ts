// Accounts: companies, matched to leads by e-mail domain or by Segment `group` calls.
import type { Queryable } from './db.js';
import { type ColumnMap, insertPieces, setPieces } from './columns.js';
import { pageOf } from './cursor.js';

export interface AccountFields {
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  region: string | null;
  ownerId: string | null;
  externalId: string | null;
  groupId: string | null;
  traits: Record<string, unknown>;
}

export interface Account extends AccountFields {
  workspaceId: string;
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS: ColumnMap<AccountFields> = {
  name: { column: 'name' },
  domain: { column: 'domain' },
  industry: { column: 'industry' },
  employees: { column: 'employees' },
  annualRevenue: { column: 'annual_revenue' },
  country: { column: 'country' },
  region: { column: 'region' },
  ownerId: { column: 'owner_id', cast: 'uuid' },
  externalId: { column: 'external_id' },
  groupId: { column: 'group_id' },
  traits: { column: 'traits', cast: 'jsonb' },
};

interface AccountRow {
  workspace_id: string;
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  country: string | null;
  region: string | null;
  owner_id: string | null;
  external_id: string | null;
  group_id: string | null;
  traits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const toAccount = (r: AccountRow): Account => ({
  workspaceId: r.workspace_id,
  id: r.id,
  name: r.name,
  domain: r.domain,
  industry: r.industry,
  employees: r.employees,
  annualRevenue: r.annual_revenue,
  country: r.country,
  region: r.region,
  ownerId: r.owner_id,
  externalId: r.external_id,
  groupId: r.group_id,
  traits: r.traits,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertAccount(
  q: Queryable,
  workspaceId: string,
  fields: Partial<AccountFields> & { name: string },
): Promise<Account> {
  const { columns, placeholders, params } = insertPieces(COLUMNS, fields, 2);
  const rows = await q.query<AccountRow>(
    `insert into accounts (workspace_id, ${columns.join(', ')}) values ($1, ${placeholders.join(', ')}) returning *`,
    [workspaceId, ...params],
  );
  return toAccount(rows[0]!);
}

export async function getAccount(q: Queryable, workspaceId: string, id: string): Promise<Account | null> {
  const rows = await q.query<AccountRow>(`select * from accounts where workspace_id = $1 and id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccountByDomain(
  q: Queryable,
  workspaceId: string,
  domain: string,
): Promise<Account | null> {
  const rows = await q.query<AccountRow>(`select * from accounts where workspace_id = $1 and domain = $2`, [
    workspaceId,
    domain,
  ]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function updateAccount(
  q: Queryable,
  workspaceId: string,
  id: string,
  patch: Partial<AccountFields>,
): Promise<Account | null> {
  const { sets, params } = setPieces(COLUMNS, patch, 3);
  const rows = await q.query<AccountRow>(
    `update accounts set ${[...sets, 'updated_at = now()'].join(', ')}
      where workspace_id = $1 and id = $2 returning *`,
    [workspaceId, id, ...params],
  );
  return rows[0] ? toAccount(rows[0]) : null;
}

export interface AccountFilter {
  q?: string;
  domain?: string;
  industry?: string;
  ownerId?: string;
  country?: string;
}

export async function listAccounts(
  q: Queryable,
  workspaceId: string,
  filter: AccountFilter,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<{ data: Account[]; nextCursor: string | null }> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.q) add((p) => `(name ilike ${p} or domain ilike ${p})`, `%${filter.q}%`);
  if (filter.domain) add((p) => `domain = ${p}`, filter.domain.toLowerCase());
  if (filter.industry) add((p) => `lower(industry) = lower(${p})`, filter.industry);
  if (filter.ownerId) add((p) => `owner_id = ${p}::uuid`, filter.ownerId);
  if (filter.country) add((p) => `country = ${p}`, filter.country);
  if (page.after) {
    params.push(page.after.at, page.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit + 1);
  const rows = await q.query<AccountRow>(
    `select * from accounts where ${where.join(' and ')} order by created_at desc, id desc limit $${params.length}`,
    params,
  );
  return pageOf(rows.map(toAccount), page.limit, (a) => [a.createdAt, a.id]);
}
