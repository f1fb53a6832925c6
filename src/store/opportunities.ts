// Opportunities: deals in the CRM's pipeline, each of an account and usually of the lead that produced it.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { pageOf } from './cursor.js';
import { rowReader, runBuilt, sqlBuilder } from './rows.js';
import { opportunities } from './schema/index.js';
import { conflictOn } from './unique-violation.js';

const opportunityConflict = conflictOn('opportunity', { opportunities_external_id_key: 'externalId' });

/** An opportunity as stored: every column of `opportunities`. */
export type Opportunity = typeof opportunities.$inferSelect;
/** What the API, a CRM status change or the generator sets on an opportunity. */
export type OpportunityFields = Omit<Opportunity, 'workspaceId' | 'id' | 'updatedAt' | 'product'> & {
  /** What is sold (unset: none named). */
  product?: string | null;
};

const toOpportunity = rowReader(opportunities);

/** An opportunity as lists and pages show it: with the names of its account, lead and owner. */
export type OpportunityView = Opportunity & {
  accountName: string | null;
  leadName: string | null;
  ownerName: string | null;
};

// The view's SELECT: the opportunity `o` and the names people read instead of ids.
const VIEW = `select o.*, a.name as account_name,
         coalesce(nullif(trim(concat_ws(' ', l.first_name, l.last_name)), ''), l.email) as lead_name,
         u.name as owner_name
    from opportunities o
    left join accounts a on a.workspace_id = o.workspace_id and a.id = o.account_id
    left join leads l on l.workspace_id = o.workspace_id and l.id = o.lead_id
    left join users u on u.workspace_id = o.workspace_id and u.id = o.owner_id`;
const toView = (row: Parameters<typeof toOpportunity>[0]): OpportunityView =>
  toOpportunity(row) as OpportunityView;

/** One opportunity with its names (null when there is none). */
export async function getOpportunityView(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<OpportunityView | null> {
  const rows = await q.query(`${VIEW} where o.workspace_id = $1 and o.id = $2`, [workspaceId, id]);
  return rows[0] ? toView(rows[0]) : null;
}

export async function insertOpportunity(
  q: Queryable,
  workspaceId: string,
  fields: OpportunityFields,
): Promise<Opportunity> {
  const rows = await runBuilt(
    q,
    sqlBuilder
      .insert(opportunities)
      .values({ ...fields, workspaceId, updatedAt: fields.createdAt })
      .returning(),
  ).catch(opportunityConflict);
  return toOpportunity(rows[0]!);
}

export async function updateOpportunity(
  q: Queryable,
  workspaceId: string,
  id: string,
  patch: Partial<OpportunityFields>,
  now: Date,
): Promise<Opportunity | null> {
  const rows = await runBuilt(
    q,
    sqlBuilder
      .update(opportunities)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(opportunities.workspaceId, workspaceId), eq(opportunities.id, id)))
      .returning(),
  ).catch(opportunityConflict);
  return rows[0] ? toOpportunity(rows[0]) : null;
}

export async function getOpportunity(
  q: Queryable,
  workspaceId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Opportunity | null> {
  const rows = await q.query(
    `select * from opportunities where workspace_id = $1 and id = $2${options.lock ? ' for update' : ''}`,
    [workspaceId, id],
  );
  return rows[0] ? toOpportunity(rows[0]) : null;
}

/** The opportunity a CRM status change is about: by the CRM's id, else the lead's newest open one. */
export async function findLeadOpportunity(
  q: Queryable,
  workspaceId: string,
  leadId: string,
  external: { system: string; id: string } | null,
): Promise<Opportunity | null> {
  const rows = external
    ? await q.query(
        `select * from opportunities
          where workspace_id = $1 and external_system = $2 and external_id = $3 for update`,
        [workspaceId, external.system, external.id],
      )
    : await q.query(
        `select * from opportunities
          where workspace_id = $1 and lead_id = $2
          order by is_closed, created_at desc, id desc limit 1 for update`,
        [workspaceId, leadId],
      );
  return rows[0] ? toOpportunity(rows[0]) : null;
}

export interface OpportunityFilter {
  stage?: string;
  status?: 'open' | 'won' | 'lost';
  ownerId?: string;
  accountId?: string;
  leadId?: string;
  /** Close date on or after / before (exclusive). */
  closeFrom?: Date;
  closeBefore?: Date;
  source?: string;
  product?: string;
}

/** A page of opportunities, newest first (keyset on created_at, id). */
export async function listOpportunities(
  q: Queryable,
  workspaceId: string,
  filter: OpportunityFilter,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<{ data: OpportunityView[]; nextCursor: string | null }> {
  const where = ['o.workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.stage) add((p) => `lower(o.stage) = lower(${p})`, filter.stage);
  if (filter.status === 'open') where.push('not o.is_closed');
  if (filter.status === 'won') where.push('o.is_closed and o.is_won');
  if (filter.status === 'lost') where.push('o.is_closed and not o.is_won');
  if (filter.ownerId) add((p) => `o.owner_id = ${p}::uuid`, filter.ownerId);
  if (filter.accountId) add((p) => `o.account_id = ${p}::uuid`, filter.accountId);
  if (filter.leadId) add((p) => `o.lead_id = ${p}::uuid`, filter.leadId);
  if (filter.closeFrom) add((p) => `o.close_date >= ${p}::timestamptz`, filter.closeFrom.toISOString());
  if (filter.closeBefore) add((p) => `o.close_date < ${p}::timestamptz`, filter.closeBefore.toISOString());
  if (filter.source) add((p) => `lower(o.source) = lower(${p})`, filter.source);
  if (filter.product) add((p) => `lower(o.product) = lower(${p})`, filter.product);
  if (page.after) {
    params.push(page.after.at, page.after.id);
    where.push(`(o.created_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit + 1);
  const rows = await q.query(
    `${VIEW} where ${where.join(' and ')}
      order by o.created_at desc, o.id desc limit $${params.length}`,
    params,
  );
  return pageOf(rows.map(toView), page.limit, (o) => [o.createdAt, o.id]);
}
