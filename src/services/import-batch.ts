// One batch of an import inside one transaction: match the rows' records, plan, and (unless it is
// a dry run) write creates and updates set-based. Leads go through the engine like any new or
// changed lead: fit scored, qualification checked, a creation transition at the imported date.
import { regionOf } from '../domain/country.js';
import { type ImportKind, type MappedRow, updatableFields } from '../domain/import-mapping.js';
import { type ImportPlan, type PlannedRow, planImportBatch } from '../domain/import-plan.js';
import { reevaluateProfile } from '../domain/profile-change.js';
import type { AuditActor } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { lockIdentities } from '../store/identities.js';
import {
  type ImportEntity,
  ensureAccountsForDomains,
  findImportMatches,
  insertImportedRecords,
  updateImportedRecords,
} from '../store/import-writes.js';
import type { ImportChange } from '../store/imports.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { loadActiveAgreement } from './agreements.js';
import { type LeadInput, deriveLeadFields } from './leads.js';
import { commitLeadChanges, creationTransition, systemTransition } from './lead-engine.js';

export interface BatchContext {
  workspaceId: string;
  kind: ImportKind;
  actor: AuditActor;
  now: Date;
  /** The source column of the second key (e-mail or domain), for the error report. */
  secondColumn: string | null;
  /** Fields the mapping sets (the same for every row of the file). */
  mappedFields: readonly string[];
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
  return [...new Set(fields.flatMap((f) => [f, ...(derived[f] ?? [])]))];
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
  claimed: Map<string, number>,
  write: boolean,
): Promise<BatchResult> {
  const { workspaceId, kind } = ctx;
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
  const creates = plan.creates.map((c) => storedValues(kind, createKeys, c.fields));
  if (kind === 'leads') {
    // A business e-mail finds (or founds) its account, as a lead created through the API does.
    if (!createKeys.includes('accountId')) createKeys.push('accountId');
    const wanted = creates.flatMap((c) =>
      c.emailDomainType === 'business' && typeof c.emailDomain === 'string'
        ? [
            {
              domain: c.emailDomain,
              name: typeof c.company === 'string' && c.company ? c.company : c.emailDomain,
            },
          ]
        : [],
    );
    const found = await ensureAccountsForDomains(tx, workspaceId, wanted);
    const byDomain = new Map(found.map((a) => [a.domain, a.id]));
    for (const c of creates)
      c.accountId = typeof c.emailDomain === 'string' ? (byDomain.get(c.emailDomain) ?? null) : null;
    for (const a of found.filter((f) => f.created)) {
      changes.push({ entity: 'account', entityId: a.id, action: 'created', previous: null });
    }
  }
  const createdIds = await insertImportedRecords(tx, workspaceId, entity, createKeys, creates);
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
  if (kind === 'leads')
    await scoreLeads(
      tx,
      ctx,
      createdIds,
      plan.updates.map((u) => u.id),
    );
  return { plan, changes };
}

/** Fit, qualification and the first history row of new leads, as when the API creates or changes one. */
async function scoreLeads(
  tx: Queryable,
  ctx: BatchContext,
  createdIds: readonly string[],
  updatedIds: readonly string[],
): Promise<void> {
  const created = new Set(createdIds);
  const leads = await lockEngineLeads(tx, ctx.workspaceId, [...createdIds, ...updatedIds]);
  if (leads.length === 0) return;
  const active = await loadActiveAgreement(tx, ctx.workspaceId);
  const actorType = ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.type : 'system';
  const changes = leads.map((lead) => {
    const r = reevaluateProfile(
      active.agreement,
      active.version,
      active.epoch,
      lead.state,
      lead.profile,
      lead.usage,
      ctx.now,
    );
    const first = created.has(lead.id)
      ? [
          creationTransition(
            lead.createdAt,
            ctx.actor.label,
            `Imported by ${ctx.actor.label}`,
            active.version,
            {
              type: actorType,
              id: ctx.actor.id,
            },
          ),
        ]
      : [];
    return {
      lead: { ...lead, state: r.state },
      contributions: [],
      transitions: [...first, ...r.transitions.map((t) => systemTransition(t))],
    };
  });
  await commitLeadChanges(tx, { workspaceId: ctx.workspaceId, active, now: ctx.now }, changes);
}
