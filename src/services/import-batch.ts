// One batch of an import inside one transaction: match the rows' records, plan, and (unless it is
// a dry run) write creates and updates set-based. Leads go through the engine like any new or
// changed lead: fit scored, qualification checked, a creation transition at the imported date.
import { randomUUID } from 'node:crypto';
import { PROFILE_FIELDS } from '../domain/conditions.js';
import { regionOf } from '../domain/country.js';
import type { LeadProfile } from '../domain/lead-profile.js';
import { unscoredLeadState } from '../domain/lifecycle.js';
import { type ImportKind } from '../domain/import-fields.js';
import {
  type ImportMapping,
  type MappedRow,
  isStageDateField,
  updatableFields,
} from '../domain/import-mapping.js';
import {
  type ClaimedKeys,
  type ImportPlan,
  type PlannedRow,
  planImportBatch,
} from '../domain/import-plan.js';
import { type LeadCreation, rescoreChangedLead } from '../domain/profile-change.js';
import type { AuditActor } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { lockIdentities } from '../store/identities.js';
import {
  type ImportEntity,
  ensureAccountsForDomains,
  findImportMatches,
  insertImportedRecords,
  insertScoredLeads,
  updateImportedRecords,
} from '../store/import-writes.js';
import type { ImportChange } from '../store/imports.js';
import { type NewEngineLead, lockEngineLeads } from '../store/lead-state.js';
import { loadActiveAgreement } from './agreements.js';
import { handOff } from './handoff.js';
import { type LeadInput, deriveLeadFields } from './leads.js';
import { commitLeadChanges, fallOutTimer } from './lead-engine.js';
import { kindHandler } from './import-kinds/index.js';
import { leadStageDates } from './import-kinds/lead-stage-dates.js';

export interface BatchContext {
  workspaceId: string;
  kind: ImportKind;
  actor: AuditActor;
  now: Date;
  /** The source column of the second key (e-mail or domain), for the error report. */
  secondColumn: string | null;
  /** Fields the mapping sets (the same for every row of the file). */
  mappedFields: readonly string[];
  /** The mapping itself: the other kinds' handlers name its columns and read its options. */
  mapping?: ImportMapping;
}

export type ChangeRow = Pick<ImportChange, 'entity' | 'entityId' | 'action' | 'previous'>;

export interface BatchResult {
  plan: ImportPlan;
  changes: ChangeRow[];
}

/** The columns a lead's fields derive (see deriveLeadFields), written with the fields they come from. */
const LEAD_DERIVED: Record<string, readonly string[]> = {
  email: ['emailDomain', 'emailDomainType'],
  title: ['titleFunction', 'titleSeniority'],
  country: ['region'],
};

function columnKeys(kind: ImportKind, fields: readonly string[]): string[] {
  const derived = kind === 'leads' ? LEAD_DERIVED : { country: ['region'] };
  return [
    ...new Set(fields.filter((f) => !isStageDateField(kind, f)).flatMap((f) => [f, ...(derived[f] ?? [])])),
  ];
}

/** A row's values with every key present (null when empty) and the derived columns filled. */
function storedValues(kind: ImportKind, keys: readonly string[], fields: MappedRow): Record<string, unknown> {
  const { createdAt, ...rest } = fields;
  const derived =
    kind === 'leads'
      ? deriveLeadFields(rest as LeadInput)
      : { ...rest, region: typeof rest.country === 'string' ? regionOf(rest.country) : null };
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (derived as Record<string, unknown>)[k] ?? null;
  if (keys.includes('createdAt')) out.createdAt = createdAt ?? null;
  return out;
}

/**
 * Plans one batch and, when `write` is set, applies it: records locked, inserts and updates in one
 * statement each, leads scored through the engine. `claimed` carries the keys earlier rows took.
 */
export async function runImportBatch(
  tx: Queryable,
  ctx: BatchContext,
  rows: readonly PlannedRow[],
  claimed: ClaimedKeys,
  write: boolean,
): Promise<BatchResult> {
  const { workspaceId, kind } = ctx;
  const handler = kindHandler(kind);
  if (handler) {
    const columns = ctx.mapping?.fields ?? {};
    const options = ctx.mapping?.options ?? {};
    return handler.runBatch(
      tx,
      { workspaceId, kind, actor: ctx.actor, now: ctx.now, columns, options },
      rows,
      claimed,
      write,
    );
  }
  const entity: ImportEntity = kind === 'leads' ? 'lead' : 'account';
  const secondField = kind === 'leads' ? 'email' : 'domain';
  const externalIds = rows.flatMap((r) =>
    typeof r.fields.externalId === 'string' ? [r.fields.externalId] : [],
  );
  const seconds = rows.flatMap((r) =>
    typeof r.fields[secondField] === 'string' ? [r.fields[secondField]] : [],
  );
  // The same locks ingestion takes for these e-mails, before the leads' rows, in its order.
  if (write && kind === 'leads')
    await lockIdentities(
      tx,
      workspaceId,
      seconds.map((e) => `e:${e}`),
    );
  const matches = await findImportMatches(tx, workspaceId, entity, { externalIds, seconds }, write);
  const plan = planImportBatch(
    kind,
    rows,
    matches.map((m) => m.record as typeof m.record & { id: string }),
    claimed,
    ctx.secondColumn,
  );
  if (!write) return { plan, changes: [] };

  const changes: ChangeRow[] = [];
  const createKeys = columnKeys(kind, ctx.mappedFields);
  // New leads are scored before they are written, and written once with their first history rows;
  // new accounts need no engine.
  const createdIds =
    kind === 'leads'
      ? await insertNewLeads(
          tx,
          ctx,
          plan.creates,
          new Map(
            rows.map((r) => [r.row, (r as PlannedRow & { prepared?: Record<string, unknown> }).prepared]),
          ),
          changes,
        )
      : await insertImportedRecords(
          tx,
          workspaceId,
          entity,
          createKeys,
          plan.creates.map((c) => storedValues(kind, createKeys, c.fields)),
        );
  for (const id of createdIds) changes.push({ entity, entityId: id, action: 'created', previous: null });

  const updateFields = Object.keys(
    updatableFields(kind, Object.fromEntries(ctx.mappedFields.map((f) => [f, null]))),
  );
  const updateKeys = columnKeys(kind, updateFields);
  const rawById = new Map(matches.map((m) => [m.record.id as string, m.raw]));
  await updateImportedRecords(
    tx,
    workspaceId,
    entity,
    updateKeys,
    plan.updates.map((u) => ({ id: u.id, ...storedValues(kind, updateKeys, u.fields) })),
  );
  for (const u of plan.updates) {
    changes.push({ entity, entityId: u.id, action: 'updated', previous: rawById.get(u.id) ?? null });
  }
  if (kind === 'leads') {
    await rescoreUpdatedLeads(
      tx,
      ctx,
      plan.updates.map((u) => u.id),
    );
    // HubSpot's "Became a … Date" columns: historical moves of the rows' leads, in stage order.
    const dated = [
      ...plan.creates.map((c, i) => ({ leadId: createdIds[i]!, fields: c.fields, created: true })),
      ...plan.updates.map((u) => ({ leadId: u.id, fields: u.fields, created: false })),
    ];
    changes.push(...(await leadStageDates(tx, ctx, dated)));
  }
  return { plan, changes };
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A new lead's columns derived from its row (e-mail domain, title function, region): pure, so the
 * import does it as the row is read ahead, while the previous batch is being written.
 */
export function prepareImportRow(kind: ImportKind, fields: MappedRow): Record<string, unknown> | undefined {
  return kind === 'leads' ? (deriveLeadFields(fields as LeadInput) as Record<string, unknown>) : undefined;
}

/** A row's lead as the engine's aggregate before anything scored it: fields derived, id chosen here. */
function unscoredLead(
  fields: MappedRow,
  now: Date,
  derived: Record<string, unknown> | undefined,
): NewEngineLead {
  const d = derived ?? (deriveLeadFields(fields as LeadInput) as Record<string, unknown>);
  const at = fields.createdAt instanceof Date ? fields.createdAt : now;
  const profile: Record<string, unknown> = { traits: {} };
  for (const f of PROFILE_FIELDS) profile[f] = d[f] ?? null;
  return {
    id: randomUUID(),
    externalId: text(d.externalId),
    profile: profile as unknown as LeadProfile,
    phone: text(d.phone),
    website: text(d.website),
    accountId: null,
    ownerId: null,
    state: unscoredLeadState(at),
    counters: { daily: {}, lifetime: {} },
    usage: {},
    createdAt: at,
    lastActivityAt: null,
    scoredVersion: 0,
    fallOutAt: null,
  };
}

/**
 * New leads as the engine's aggregate, scored as a lead the API creates is scored, then written
 * with their first history rows in one statement; a business e-mail finds (or founds) its account
 * first. The stage changes scoring made (a lead that qualifies on fit alone) are handed off as any
 * other. Answers the new ids in order; the accounts it created go into `changes`.
 */
async function insertNewLeads(
  tx: Queryable,
  ctx: BatchContext,
  creates: readonly PlannedRow[],
  prepared: ReadonlyMap<number, Record<string, unknown> | undefined>,
  changes: ChangeRow[],
): Promise<string[]> {
  if (creates.length === 0) return [];
  const fresh = creates.map((c) => unscoredLead(c.fields, ctx.now, prepared.get(c.row)));
  const wanted = fresh.flatMap(({ profile: p }) =>
    p.emailDomainType === 'business' && p.emailDomain
      ? [{ domain: p.emailDomain, name: p.company || p.emailDomain }]
      : [],
  );
  const found = await ensureAccountsForDomains(tx, ctx.workspaceId, wanted);
  const byDomain = new Map(found.map((a) => [a.domain, a.id]));
  for (const a of found) {
    if (a.created) changes.push({ entity: 'account', entityId: a.id, action: 'created', previous: null });
  }
  const active = await loadActiveAgreement(tx, ctx.workspaceId);
  const creation: LeadCreation = { actor: ctx.actor, reason: `Imported by ${ctx.actor.label}` };
  // The leads and history rows are this function's own: filled in place, not copied per step.
  const scored = fresh.map((lead) => {
    lead.accountId = lead.profile.emailDomain ? (byDomain.get(lead.profile.emailDomain) ?? null) : null;
    const r = rescoreChangedLead(active, lead, ctx.now, creation);
    const scoredLead = r.lead as NewEngineLead;
    scoredLead.fallOutAt = fallOutTimer(active.agreement, active.epoch, scoredLead);
    return { lead: scoredLead, transitions: r.transitions };
  });
  const transitions = scored.flatMap(({ lead, transitions: t }) =>
    t.map((row) =>
      Object.assign(row, { leadId: lead.id, source: lead.profile.source, ownerId: lead.ownerId }),
    ),
  );
  const stored = await insertScoredLeads(
    tx,
    ctx.workspaceId,
    scored.map((s) => s.lead),
    active.version,
    transitions,
  );
  const byId = new Map(scored.map(({ lead }) => [lead.id, lead]));
  const moves = transitions.flatMap((t, i) =>
    t.fromStage === null
      ? []
      : [{ kind: 'stage' as const, lead: byId.get(t.leadId)!, transition: { ...t, ...stored[i]! } }],
  );
  await handOff(tx, { workspaceId: ctx.workspaceId, active, now: ctx.now }, moves);
  return scored.map(({ lead }) => lead.id);
}

/** Updated leads rescored from their new fields, as when the API changes a lead. */
async function rescoreUpdatedLeads(tx: Queryable, ctx: BatchContext, ids: readonly string[]): Promise<void> {
  const leads = await lockEngineLeads(tx, ctx.workspaceId, ids);
  if (leads.length === 0) return;
  const active = await loadActiveAgreement(tx, ctx.workspaceId);
  const changes = leads.map((lead) => ({
    ...rescoreChangedLead(active, lead, ctx.now, null),
    contributions: [],
  }));
  await commitLeadChanges(tx, { workspaceId: ctx.workspaceId, active, now: ctx.now }, changes);
}
