// Lead rows mapped to the engine's aggregate (src/domain/engine-lead.ts): locked, updated set-based.
import { PROFILE_FIELDS } from '../domain/conditions.js';
import type { EngineLead } from '../domain/engine-lead.js';
import type { LeadProfile } from '../domain/lead-profile.js';
import type { LeadScoringState } from '../domain/lifecycle.js';
import type { Queryable, Row } from './db.js';
import { arrayRecordset, jsonRecordset, rowReader } from './rows.js';
import { leads } from './schema/index.js';

export type { EngineLead } from '../domain/engine-lead.js';

type LeadRecord = typeof leads.$inferSelect;

const PROFILE_KEYS = [...PROFILE_FIELDS, 'traits'] as const satisfies readonly (keyof LeadProfile &
  keyof LeadRecord)[];

const SCORING_KEYS = [
  'stage',
  'stageEnteredAt',
  'fitGrade',
  'fitPoints',
  'engagementS',
  'lastContributionAt',
  'freshS',
  'recycledAt',
  'recyclable',
  'rejectReason',
] as const satisfies readonly (keyof LeadScoringState & keyof LeadRecord)[];

const pickKeys = <T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;

const leadRow = rowReader(leads);

/** A `leads` row (as read, or as JSON from `json_agg`) as the engine's aggregate. */
export function toEngineLead(row: Row): EngineLead {
  const r = leadRow(row);
  return {
    id: r.id,
    profile: { ...pickKeys(r, PROFILE_KEYS), traits: r.traits ?? {} } satisfies LeadProfile,
    phone: r.phone,
    website: r.website,
    accountId: r.accountId,
    ownerId: r.ownerId,
    state: pickKeys(r, SCORING_KEYS) satisfies LeadScoringState,
    counters: { daily: {}, lifetime: {}, ...r.capCounters },
    usage: r.pqlUsage ?? {},
    createdAt: r.createdAt,
    lastActivityAt: r.lastActivityAt,
    scoredVersion: r.scoredVersion,
    fallOutAt: r.fallOutAt,
  };
}

/** One lead, not locked (null when there is none, or it was deleted). */
export async function getEngineLead(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<EngineLead | null> {
  const rows = await q.query(`select * from leads where workspace_id = $1 and id = $2 and not is_deleted`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? toEngineLead(rows[0]) : null;
}

/** Whether a lead with this id was ever stored (its history outlives a deletion). */
export async function leadExists(q: Queryable, workspaceId: string, id: string): Promise<boolean> {
  const rows = await q.query(`select 1 from leads where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows.length > 0;
}

/** Reads and row-locks the leads (in id order, so two batches never deadlock on each other). */
export async function lockEngineLeads(
  q: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<EngineLead[]> {
  if (ids.length === 0) return [];
  const rows = await q.query(
    `select * from leads where workspace_id = $1 and id = any($2::uuid[]) and not is_deleted order by id for update`,
    [workspaceId, ids],
  );
  return rows.map(toEngineLead);
}

/** A statement part: SQL whose parameters start at `first`, and their values. */
export interface StatementPart {
  sql: string;
  params: unknown[];
}

/** The columns the engine writes back: the profile, the scoring state, the engine's bookkeeping. */
const STATE_KEYS = [
  ...PROFILE_KEYS,
  'phone',
  'website',
  'accountId',
  ...SCORING_KEYS,
  'capCounters',
  'pqlUsage',
  'lastActivityAt',
  'fallOutAt',
] as const satisfies readonly (keyof LeadRecord)[];

type LeadStateRow = Pick<LeadRecord, 'id' | (typeof STATE_KEYS)[number]>;

function stateRow(l: EngineLead): LeadStateRow {
  return {
    id: l.id,
    ...l.profile,
    employees: l.profile.employees === null ? null : Math.round(l.profile.employees),
    phone: l.phone,
    website: l.website,
    accountId: l.accountId,
    ...l.state,
    capCounters: l.counters,
    pqlUsage: l.usage,
    lastActivityAt: l.lastActivityAt,
    fallOutAt: l.fallOutAt,
  };
}

const STATE = jsonRecordset(leads, ['id', ...STATE_KEYS]);
const STATE_SETS = jsonRecordset(leads, STATE_KEYS).sets('v');

/**
 * The UPDATE writing profile and scoring state of many leads (one row each); $1 is the workspace
 * id, its own parameters start at `first`. The rows travel as one JSON array (json_to_recordset):
 * one value to serialise and parse, and the JSON columns arrive as JSON, not as text in text arrays.
 */
export function leadStateUpdate(
  first: number,
  engineLeads: readonly EngineLead[],
  version: number,
): StatementPart {
  return {
    sql: `update leads l set ${STATE_SETS}, scored_version = $${first}, updated_at = now()
       from json_to_recordset($${first + 1}::json) as v(${STATE.definition})
      where l.workspace_id = $1 and l.id = v."id"`,
    params: [version, JSON.stringify(engineLeads.map(stateRow))],
  };
}

/** A lead the engine made before it was ever stored (an import's): its id is chosen by the caller. */
export type NewEngineLead = EngineLead & { externalId: string | null };

const NEW_LEAD = arrayRecordset(leads, ['id', ...STATE_KEYS, 'externalId', 'scoredVersion', 'createdAt']);
const PROFILE_KEY_SET = new Set<string>(PROFILE_KEYS);
const SCORING_KEY_SET = new Set<string>(SCORING_KEYS);

/**
 * How a column of a new lead is read from the aggregate: what stateRow would put there, without
 * building that 45-key object for every lead of a bulk import first.
 */
function newLeadColumn(key: string, version: number): (l: NewEngineLead) => unknown {
  if (key === 'employees')
    return (l) => (l.profile.employees === null ? null : Math.round(l.profile.employees));
  if (key === 'capCounters') return (l) => l.counters;
  if (key === 'pqlUsage') return (l) => l.usage;
  if (key === 'scoredVersion') return () => version;
  if (SCORING_KEY_SET.has(key)) return (l) => (l.state as unknown as Record<string, unknown>)[key];
  if (PROFILE_KEY_SET.has(key)) return (l) => (l.profile as unknown as Record<string, unknown>)[key];
  return (l) => (l as unknown as Record<string, unknown>)[key];
}

/**
 * The INSERT of leads as the engine made them, state and all (written once, never inserted bare and
 * then updated); $1 is the workspace id, its own parameters start at `first`. The rows travel as
 * one array per column (`unnest`): a bulk import writes thousands at a time.
 */
export function newLeadsInsert(
  first: number,
  engineLeads: readonly NewEngineLead[],
  version: number,
): StatementPart {
  return {
    sql: `insert into leads (workspace_id, ${NEW_LEAD.names})
     select $1, ${NEW_LEAD.values('r')} from ${NEW_LEAD.from(first, 'r')}`,
    params: NEW_LEAD.arraysBy(engineLeads, (key) => newLeadColumn(key, version)),
  };
}
