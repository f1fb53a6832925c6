// What a lead needs next to it to be read by a person: its engagement now, and the names of its
// owner and account (one query each for a whole page of leads).
import type { Queryable } from '../store/db.js';
import { accountNames } from '../store/accounts.js';
import type { Lead } from '../store/leads.js';
import { userNames } from '../store/users.js';
import { engagementReader } from './agreements.js';

export interface NamedRef {
  id: string;
  name: string;
}

export interface LeadView {
  engagement(s: number): number;
  owner(id: string | null): NamedRef | null;
  account(id: string | null): NamedRef | null;
}

export async function leadView(
  q: Queryable,
  workspaceId: string,
  leads: readonly Lead[],
  now: Date,
): Promise<LeadView> {
  const ownerIds = [...new Set(leads.map((l) => l.ownerId).filter((id): id is string => id !== null))];
  const accountIds = [...new Set(leads.map((l) => l.accountId).filter((id): id is string => id !== null))];
  const [engagement, owners, accounts] = await Promise.all([
    engagementReader(q, workspaceId, now),
    ownerIds.length ? userNames(q, workspaceId, ownerIds) : Promise.resolve([]),
    accountIds.length ? accountNames(q, workspaceId, accountIds) : Promise.resolve([]),
  ]);
  const ownerById = new Map(owners.map((o) => [o.id, o]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  return {
    engagement,
    owner: (id) => (id ? (ownerById.get(id) ?? null) : null),
    account: (id) => (id ? (accountById.get(id) ?? null) : null),
  };
}
