// Leads: people, with the fit attributes rules look at and their place in the funnel.
import { and, eq, not, sql } from 'drizzle-orm';
import { PROFILE_FIELDS } from '../domain/conditions.js';
import type { Queryable, Row } from './db.js';
import { invalid } from '../domain/errors.js';
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
  campaign?: string;
  email?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** What the lead list sorts by; `-` first means newest first. Each has an index leading with workspace_id. */
export const LEAD_SORTS = [
  '-createdAt',
  'createdAt',
  '-stageEnteredAt',
  'stageEnteredAt',
  '-lastActivityAt',
  'lastActivityAt',
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

/** The sort key as SQL (never null: a lead without activity counts from its creation). */
const SORT_KEYS: Record<string, (l: Lead) => Date> = {
  createdAt: (l) => l.createdAt,
  stageEnteredAt: (l) => l.stageEnteredAt,
  lastActivityAt: (l) => l.lastActivityAt ?? l.createdAt,
};
const SORT_SQL: Record<string, string> = {
  createdAt: 'created_at',
  stageEnteredAt: 'stage_entered_at',
  lastActivityAt: 'coalesce(last_activity_at, created_at)',
};

/** Sorted (newest created first by default), by keyset on (sort key, id). */
export async function listLeads(
  q: Queryable,
  workspaceId: string,
  filter: LeadFilter,
  page: { limit: number; after: { at: string; id: string } | null; sort?: LeadSort },
): Promise<{ data: Lead[]; nextCursor: string | null }> {
  const sort = page.sort ?? '-createdAt';
  const isDesc = sort.startsWith('-');
  const field = sort.replace(/^-/, '');
  const key = SORT_SQL[field] ?? 'created_at';
  const keyOf = SORT_KEYS[field] ?? SORT_KEYS['createdAt']!;
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
  if (filter.campaign) add((p) => `lower(campaign) = lower(${p})`, filter.campaign);
  if (filter.email) add((p) => `email = ${p}`, filter.email.toLowerCase());
  if (filter.createdAfter) add((p) => `created_at >= ${p}`, filter.createdAfter);
  if (filter.createdBefore) add((p) => `created_at < ${p}`, filter.createdBefore);
  if (page.after) {
    // The cursor's id is `<sort key in µs since the epoch>.<lead id>`: PostgreSQL keeps microseconds,
    // so a keyset on the millisecond `at` alone would return a row again (ascending) or skip one.
    const m = /^(\d{1,19})\.([0-9a-f-]{36})$/i.exec(page.after.id);
    if (!m) throw invalid('cursor', 'is not a cursor this API returned');
    params.push(m[1], m[2]);
    where.push(
      `(${key}, id) ${isDesc ? '<' : '>'} ('epoch'::timestamptz + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`,
    );
  }
  params.push(page.limit + 1);
  const dir = isDesc ? 'desc' : 'asc';
  const rows = await q.query<Row & { sort_us: string }>(
    `select ${LEAD_SELECT}, (extract(epoch from ${key}) * 1000000)::bigint::text as sort_us
       from leads where ${where.join(' and ')} order by ${key} ${dir}, id ${dir} limit $${params.length}`,
    params,
  );
  const page_ = pageOf(
    rows.map((r) => ({ lead: toLead(r), us: r.sort_us })),
    page.limit,
    (x) => [keyOf(x.lead), `${x.us}.${x.lead.id}`],
  );
  return { data: page_.data.map((x) => x.lead), nextCursor: page_.nextCursor };
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

/** Ids of the member's open leads (in the given stages), for handing them back to routing. */
export async function openLeadIdsOwnedBy(
  q: Queryable,
  workspaceId: string,
  ownerId: string,
  stages: readonly string[],
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from leads where workspace_id = $1 and owner_id = $2 and stage = any($3::text[]) and not is_deleted
      order by id`,
    [workspaceId, ownerId, stages],
  );
  return rows.map((r) => r.id);
}
