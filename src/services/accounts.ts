// Accounts through the API, and matching a lead's e-mail domain to its account.
import { accountDomainFromWebsite } from '../domain/email-domain.js';
import { AppError, notFound } from '../domain/errors.js';
import { countryFields } from '../domain/country.js';
import {
  type Account,
  type AccountFields,
  type AccountFilter,
  accountsForDomains,
  getAccount,
  insertAccount,
  listAccounts,
  updateAccount,
} from '../store/accounts.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { decodeCursor } from '../store/cursor.js';
import { getUser } from '../store/users.js';
import type { Deps } from './deps.js';

export type AccountInput = Partial<Omit<AccountFields, 'region'>>;

function deriveAccountFields(input: AccountInput): Partial<AccountFields> {
  const out: Partial<AccountFields> = { ...input };
  if (input.domain !== undefined) {
    const domain = input.domain ? accountDomainFromWebsite(input.domain) : null;
    if (input.domain && !domain) {
      throw new AppError('validation_failed', `domain: "${input.domain}" is not a domain`, [
        { field: 'domain', message: 'is not a domain name' },
      ]);
    }
    out.domain = domain;
  }
  if (input.country !== undefined) Object.assign(out, countryFields(input.country));
  return out;
}

async function checkOwner(
  tx: Queryable,
  workspaceId: string,
  ownerId: string | null | undefined,
): Promise<void> {
  if (ownerId && !(await getUser(tx, workspaceId, ownerId))) {
    throw new AppError('validation_failed', 'ownerId: no such member in this workspace', [
      { field: 'ownerId', message: 'is not a member of this workspace' },
    ]);
  }
}

export async function createAccount(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: AccountInput & { name: string },
): Promise<Account> {
  const fields = deriveAccountFields(input) as Partial<AccountFields> & { name: string };
  return deps.db.transaction(async (tx) => {
    await checkOwner(tx, workspaceId, input.ownerId);
    const account = await insertAccount(tx, workspaceId, fields);
    await recordAudit(tx, workspaceId, actor, 'account.created', { type: 'account', id: account.id });
    return account;
  });
}

export async function changeAccount(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  id: string,
  input: AccountInput,
): Promise<Account> {
  const fields = deriveAccountFields(input);
  return deps.db.transaction(async (tx) => {
    await checkOwner(tx, workspaceId, input.ownerId);
    const account = await updateAccount(tx, workspaceId, id, fields);
    if (!account) throw notFound('Account');
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'account.updated',
      { type: 'account', id },
      { fields: Object.keys(input) },
    );
    return account;
  });
}

export async function readAccount(deps: Deps, workspaceId: string, id: string): Promise<Account> {
  const account = await getAccount(deps.db, workspaceId, id);
  if (!account) throw notFound('Account');
  return account;
}

export function findAccounts(
  deps: Deps,
  workspaceId: string,
  filter: AccountFilter,
  page: { limit: number; cursor?: string },
): Promise<{ data: Account[]; nextCursor: string | null }> {
  return listAccounts(deps.db, workspaceId, filter, {
    limit: page.limit,
    after: decodeCursor(page.cursor, { at: 'timestamp', id: 'uuid' }),
  });
}

/**
 * The account for a business e-mail domain, created on first sight (named after the lead's
 * company, else the domain) as HubSpot and Salesforce's lead-to-account matching do.
 */
export async function matchAccountForDomain(
  tx: Queryable,
  workspaceId: string,
  lead: {
    emailDomain: string;
    company?: string | null;
    industry?: string | null;
    employees?: number | null;
    country?: string | null;
    region?: string | null;
  },
): Promise<string> {
  const ids = await accountsForDomains(tx, workspaceId, [
    { ...lead, domain: lead.emailDomain, name: lead.company || lead.emailDomain },
  ]);
  const id = ids.get(lead.emailDomain);
  if (!id) throw new Error(`account for ${lead.emailDomain} vanished`);
  return id;
}
