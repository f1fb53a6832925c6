// Accounts: companies, matched to leads by e-mail domain or by Segment `group` calls.
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { pageOf } from './cursor.js';
import { rowReader, runBuilt, sqlBuilder } from './rows.js';
import { accounts } from './schema/index.js';
import { conflictOn } from './unique-violation.js';

/** A second account with the same domain, external id or group id is a 409 on that field. */
const accountConflict = conflictOn('account', {
  accounts_domain_key: 'domain',
  accounts_external_id_key: 'externalId',
  accounts_group_id_key: 'groupId',
});

/** An account as stored: every column of `accounts`. */
export type Account = typeof accounts.$inferSelect;
/** What a person or an import sets on an account. */
export type AccountFields = Omit<Account, 'workspaceId' | 'id' | 'createdAt' | 'updatedAt'>;

const toAccount = rowReader(accounts);

export async function insertAccount(
  q: Queryable,
  workspaceId: string,
  fields: Partial<AccountFields> & { name: string },
): Promise<Account> {
  const rows = await runBuilt(
    q,
    sqlBuilder
      .insert(accounts)
      .values({ ...fields, workspaceId })
      .returning(),
  ).catch(accountConflict);
  return toAccount(rows[0]!);
}

export async function getAccount(q: Queryable, workspaceId: string, id: string): Promise<Account | null> {
  const rows = await q.query(`select * from accounts where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function updateAccount(
  q: Queryable,
  workspaceId: string,
  id: string,
  patch: Partial<AccountFields>,
): Promise<Account | null> {
  const rows = await runBuilt(
    q,
    sqlBuilder
      .update(accounts)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)))
      .returning(),
  ).catch(accountConflict);
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
  const rows = await q.query(
    `select * from accounts where ${where.join(' and ')} order by created_at desc, id desc limit $${params.length}`,
    params,
  );
  return pageOf(rows.map(toAccount), page.limit, (a) => [a.createdAt, a.id]);
}

/**
 * Accounts for these business domains, created where missing: named after a lead's company and
 * given its firmographics (industry, size, country), so a new account is not an empty shell.
 */
export async function accountsForDomains(
  q: Queryable,
  workspaceId: string,
  wanted: readonly {
    domain: string;
    name: string;
    industry?: string | null;
    employees?: number | null;
    country?: string | null;
    region?: string | null;
  }[],
): Promise<Map<string, string>> {
  const byDomain = new Map<string, string>();
  if (wanted.length === 0) return byDomain;
  const unique = [...new Map(wanted.map((w) => [w.domain, w])).values()];
  // Rows a CTE inserts are invisible to the rest of the statement, hence the union.
  const rows = await q.query<{ id: string; domain: string }>(
    `with v as (
        select * from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
               as v(domain, name, industry, employees, country, region)),
      ins as (
        insert into accounts (workspace_id, name, domain, industry, employees, country, region)
        select $1, v.name, v.domain, v.industry, v.employees, v.country, v.region from v
        on conflict (workspace_id, domain) do nothing
        returning id, domain)
     select id, domain from ins
     union all
     select a.id, a.domain from accounts a join v on a.domain = v.domain where a.workspace_id = $1`,
    [
      workspaceId,
      unique.map((w) => w.domain),
      unique.map((w) => w.name),
      unique.map((w) => w.industry ?? null),
      unique.map((w) => (w.employees == null ? null : Math.round(w.employees))),
      unique.map((w) => w.country ?? null),
      unique.map((w) => w.region ?? null),
    ],
  );
  for (const r of rows) byDomain.set(r.domain, r.id);
  return byDomain;
}

/** Names of the workspace's accounts among `ids` (unknown ids are left out). */
export async function accountNames(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  return q.query<{ id: string; name: string }>(
    `select id, name from accounts where workspace_id = $1 and id = any($2::uuid[])`,
    [workspaceId, ids],
  );
}
