// Leads: people, with the fit attributes rules look at and their place in the funnel.
import { and, eq, not, sql } from 'drizzle-orm';
import { PROFILE_FIELDS } from '../domain/conditions.js';
import type { Queryable, Row } from './db.js';
import { pageOf } from './cursor.js';
import { columnList, pick, rowReader, runBuilt, sqlBuilder } from './rows.js';
import { leads } from './schema/index.js';
import { conflictOn } from './unique-violation.js';

/** A second lead with the same e-mail or external id is a 409 on that field. */
const leadConflict = conflictOn('lead', { leads_email_key: 'email', leads_external_id_key: 'externalId' });

type LeadRecord = typeof leads.$inferSelect;

/** The fields a person or an API client sets on a lead (the rest is the engine's). */
const LEAD_FIELDS = [
  ...PROFILE_FIELDS,
  'phone',
  'website',
  'ownerId',
  'accountId',
  'externalId',
  'traits',
] as const satisfies readonly (keyof LeadRecord)[];

export type LeadFieldsRecord = Pick<LeadRecord, (typeof LEAD_FIELDS)[number]>;

const LEAD_KEYS = [
  'workspaceId',
  'id',
  ...LEAD_FIELDS,
  'stage',
  'stageEnteredAt',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
  'fitGrade',
  'fitPoints',
  /** The engagement sum against the active agreement's epoch (see domain/engagement.ts). */
  'engagementS',
] as const satisfies readonly (keyof LeadRecord)[];

/** A lead as people see it: its fields and place in the funnel (the engine's state is in lead-state.ts). */
export type Lead = Pick<LeadRecord, (typeof LEAD_KEYS)[number]>;

/** The SELECT list of a `Lead`, optionally under a table alias. */
const leadColumns = (alias?: string) => columnList(leads, LEAD_KEYS, alias);
const LEAD_SELECT = leadColumns();
const toLead = rowReader(leads) as (row: Row) => Lead;

export async function insertLead(
  q: Queryable,
  workspaceId: string,
  fields: Partial<LeadFieldsRecord>,
): Promise<Lead> {
  const rows = await runBuilt(
    q,
    sqlBuilder
      .insert(leads)
      .values({ ...fields, workspaceId })
      .returning(pick(leads, LEAD_KEYS)),
  ).catch(leadConflict);
  return toLead(rows[0]!);
}

export async function getLead(q: Queryable, workspaceId: string, id: string): Promise<Lead | null> {
  const rows = await q.query(
    `select ${LEAD_SELECT} from leads where workspace_id = $1 and id = $2 and not is_deleted`,
    [workspaceId, id],
  );
  return rows[0] ? toLead(rows[0]) : null;
}

export async function updateLead(
  q: Queryable,
  workspaceId: string,
  id: string,
  patch: Partial<LeadFieldsRecord>,
): Promise<Lead | null> {
  const rows = await runBuilt(
    q,
    sqlBuilder
      .update(leads)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id), not(leads.isDeleted)))
      .returning(pick(leads, LEAD_KEYS)),
  ).catch(leadConflict);
  return rows[0] ? toLead(rows[0]) : null;
}

export interface LeadFilter {
  q?: string;
  stage?: string[];
  /** A user id, or 'none' for unassigned leads. */
  ownerId?: string;
  accountId?: string;
  source?: string;
  email?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** Newest first, by keyset on (created_at, id). */
export async function listLeads(
  q: Queryable,
  workspaceId: string,
  filter: LeadFilter,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<{ data: Lead[]; nextCursor: string | null }> {
  const where = ['workspace_id = $1', 'not is_deleted'];
  const params: unknown[] = [workspaceId];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.q) {
    add(
      (p) =>
        `(email ilike ${p} or company ilike ${p} or (coalesce(first_name,'') || ' ' || coalesce(last_name,'')) ilike ${p})`,
      `%${filter.q}%`,
    );
  }
  if (filter.stage?.length) add((p) => `stage = any(${p}::text[])`, filter.stage);
  if (filter.ownerId === 'none') where.push('owner_id is null');
  else if (filter.ownerId) add((p) => `owner_id = ${p}::uuid`, filter.ownerId);
  if (filter.accountId) add((p) => `account_id = ${p}::uuid`, filter.accountId);
  if (filter.source) add((p) => `lower(source) = lower(${p})`, filter.source);
  if (filter.email) add((p) => `email = ${p}`, filter.email.toLowerCase());
  if (filter.createdAfter) add((p) => `created_at >= ${p}`, filter.createdAfter);
  if (filter.createdBefore) add((p) => `created_at < ${p}`, filter.createdBefore);
  if (page.after) {
    params.push(page.after.at, page.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit + 1);
  const rows = await q.query(
    `select ${LEAD_SELECT} from leads where ${where.join(' and ')} order by created_at desc, id desc limit $${params.length}`,
    params,
  );
  return pageOf(rows.map(toLead), page.limit, (l) => [l.createdAt, l.id]);
}

/** An owner's open leads in the given stages, the longest-assigned first. */
export async function openLeadsOfOwner(
  q: Queryable,
  workspaceId: string,
  ownerId: string,
  stages: readonly string[],
  limit: number,
): Promise<Lead[]> {
  const rows = await q.query(
    `select ${LEAD_SELECT} from leads where workspace_id = $1 and owner_id = $2 and stage = any($4::text[]) and not is_deleted
      order by assigned_at nulls last limit $3`,
    [workspaceId, ownerId, limit, stages],
  );
  return rows.map(toLead);
}

/** Leads in the given stages that nobody owns yet, the longest-waiting first (at most 200). */
export async function unownedLeads(
  q: Queryable,
  workspaceId: string,
  stages: readonly string[],
): Promise<Lead[]> {
  const rows = await q.query(
    `select ${LEAD_SELECT} from leads where workspace_id = $1 and owner_id is null and stage = any($2::text[]) and not is_deleted
      order by stage_entered_at limit 200`,
    [workspaceId, stages],
  );
  return rows.map(toLead);
}

/** Leads with a running SLA clock that has warned or breached (at most 200). */
export async function alertingLeads(q: Queryable, workspaceId: string): Promise<Lead[]> {
  const rows = await q.query(
    `select ${leadColumns('l')} from leads l where l.workspace_id = $1 and not l.is_deleted and exists (
        select 1 from sla_clocks c where c.workspace_id = l.workspace_id and c.lead_id = l.id and c.status = 'running'
           and (c.warned_at is not null or c.breached_at is not null))
      limit 200`,
    [workspaceId],
  );
  return rows.map(toLead);
}

/** The next page of live lead ids after `after` (null: from the start), in id order. */
export async function leadIdsAfter(
  q: Queryable,
  workspaceId: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from leads where workspace_id = $1 and not is_deleted and ($2::uuid is null or id > $2)
      order by id limit $3`,
    [workspaceId, after, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Leads of any workspace whose fall-out moment has come, the earliest first; locked, skipping rows
 * another node holds, so two nodes never act on the same lead.
 */
export async function lockLeadsDueToFallOut(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<{ workspaceId: string; id: string }[]> {
  const rows = await q.query<{ workspace_id: string; id: string }>(
    `select workspace_id, id from leads where fall_out_at <= $1 and not is_deleted
        order by fall_out_at limit $2 for update skip locked`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
}
