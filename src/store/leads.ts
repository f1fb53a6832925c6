// Leads: people, with the fit attributes rules look at and their place in the funnel.
import type { Queryable } from './db.js';
import { type ColumnMap, insertPieces, setPieces } from './columns.js';
import { invalid } from '../domain/errors.js';
import { pageOf } from './cursor.js';
import { conflictOn } from './unique-violation.js';

/** A second lead with the same e-mail or external id is a 409 on that field. */
const leadConflict = conflictOn('lead', { leads_email_key: 'email', leads_external_id_key: 'externalId' });

export interface LeadFieldsRecord {
  email: string | null;
  emailDomain: string | null;
  emailDomainType: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  titleFunction: string | null;
  titleSeniority: string | null;
  company: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  region: string | null;
  phone: string | null;
  website: string | null;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  ownerId: string | null;
  accountId: string | null;
  externalId: string | null;
  traits: Record<string, unknown>;
}

export interface Lead extends LeadFieldsRecord {
  workspaceId: string;
  id: string;
  stage: string;
  stageEnteredAt: Date;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date | null;
  fitGrade: string;
  fitPoints: number;
  /** The engagement sum against the active agreement's epoch (see domain/engagement.ts). */
  engagementS: number;
}

export const LEAD_COLUMNS: ColumnMap<LeadFieldsRecord> = {
  email: { column: 'email' },
  emailDomain: { column: 'email_domain' },
  emailDomainType: { column: 'email_domain_type' },
  firstName: { column: 'first_name' },
  lastName: { column: 'last_name' },
  title: { column: 'title' },
  titleFunction: { column: 'title_function' },
  titleSeniority: { column: 'title_seniority' },
  company: { column: 'company' },
  industry: { column: 'industry' },
  employees: { column: 'employees' },
  annualRevenue: { column: 'annual_revenue' },
  country: { column: 'country' },
  region: { column: 'region' },
  phone: { column: 'phone' },
  website: { column: 'website' },
  source: { column: 'source' },
  medium: { column: 'medium' },
  campaign: { column: 'campaign' },
  ownerId: { column: 'owner_id', cast: 'uuid' },
  accountId: { column: 'account_id', cast: 'uuid' },
  externalId: { column: 'external_id' },
  traits: { column: 'traits', cast: 'jsonb' },
};

export type LeadRow = Record<string, unknown> & { id: string; workspace_id: string };

export function toLead(r: LeadRow): Lead {
  const lead = {
    workspaceId: r.workspace_id,
    id: r.id,
    stage: r.stage as string,
    stageEnteredAt: r.stage_entered_at as Date,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
    lastActivityAt: (r.last_activity_at as Date | null) ?? null,
    fitGrade: r.fit_grade as string,
    fitPoints: Number(r.fit_points),
    engagementS: Number(r.engagement_s),
  } as Lead;
  for (const [key, { column }] of Object.entries(LEAD_COLUMNS) as [
    keyof LeadFieldsRecord,
    { column: string },
  ][]) {
    (lead as unknown as Record<string, unknown>)[key] = r[column] ?? (key === 'traits' ? {} : null);
  }
  return lead;
}

export async function insertLead(
  q: Queryable,
  workspaceId: string,
  fields: Partial<LeadFieldsRecord>,
): Promise<Lead> {
  const { columns, placeholders, params } = insertPieces(LEAD_COLUMNS, fields, 2);
  const cols = columns.length ? `, ${columns.join(', ')}` : '';
  const vals = placeholders.length ? `, ${placeholders.join(', ')}` : '';
  const rows = await q
    .query<LeadRow>(`insert into leads (workspace_id${cols}) values ($1${vals}) returning *`, [
      workspaceId,
      ...params,
    ])
    .catch(leadConflict);
  return toLead(rows[0]!);
}

export async function getLead(q: Queryable, workspaceId: string, id: string): Promise<Lead | null> {
  const rows = await q.query<LeadRow>(
    `select * from leads where workspace_id = $1 and id = $2 and not is_deleted`,
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
  const { sets, params } = setPieces(LEAD_COLUMNS, patch, 3);
  const rows = await q
    .query<LeadRow>(
      `update leads set ${[...sets, 'updated_at = now()'].join(', ')}
        where workspace_id = $1 and id = $2 and not is_deleted returning *`,
      [workspaceId, id, ...params],
    )
    .catch(leadConflict);
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
  const rows = await q.query<LeadRow & { sort_us: string }>(
    `select *, (extract(epoch from ${key}) * 1000000)::bigint::text as sort_us
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
  const rows = await q.query<LeadRow>(
    `select * from leads where workspace_id = $1 and owner_id = $2 and stage = any($4::text[]) and not is_deleted
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
  const rows = await q.query<LeadRow>(
    `select * from leads where workspace_id = $1 and owner_id is null and stage = any($2::text[]) and not is_deleted
      order by stage_entered_at limit 200`,
    [workspaceId, stages],
  );
  return rows.map(toLead);
}

/** Leads with a running SLA clock that has warned or breached (at most 200). */
export async function alertingLeads(q: Queryable, workspaceId: string): Promise<Lead[]> {
  const rows = await q.query<LeadRow>(
    `select l.* from leads l where l.workspace_id = $1 and not l.is_deleted and exists (
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
