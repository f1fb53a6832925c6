// One batch of an import inside one transaction: match the rows' records, plan, and (unless it is
// a dry run) write creates and updates set-based. Leads go through the engine like any new or
// changed lead: fit scored, qualification checked, a creation transition at the imported date.
import { randomUUID } from 'node:crypto';
import { regionOf } from '../domain/country.js';
import type { LeadProfile } from '../domain/lead-profile.js';
import type { LeadScoringState } from '../domain/lifecycle.js';
import {
  type ImportKind,
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
import { reevaluateProfile } from '../domain/profile-change.js';
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
import { type EngineLead, lockEngineLeads } from '../store/lead-state.js';
import { type ActiveAgreement, loadActiveAgreement } from './agreements.js';
import { handOff } from './handoff.js';
import { type LeadInput, deriveLeadFields } from './leads.js';
import { commitLeadChanges, creationTransition, fallOutTimer, systemTransition } from './lead-engine.js';
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
  // New leads are scored before they are written, and written once with their state and first
  // history rows; new accounts need no engine.
  const active = kind === 'leads' && creates.length > 0 ? await loadActiveAgreement(tx, workspaceId) : null;
  const createdIds = active
    ? await insertNewLeads(tx, ctx, active, creates)
    : await insertImportedRecords(tx, workspaceId, entity, createKeys, creates);
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
    await scoreLeads(
      tx,
      ctx,
      [],
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

/** The state a lead has before the engine first looks at it (the table's defaults). */
function unscoredState(createdAt: Date): LeadScoringState {
  return {
    stage: 'lead',
    stageEnteredAt: createdAt,
    fitGrade: 'D',
    fitPoints: 0,
    engagementS: 0,
    lastContributionAt: null,
    freshS: 0,
    recycledAt: null,
    recyclable: false,
    rejectReason: null,
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * New leads as the engine's aggregate, scored as scoreLeads scores a lead just inserted, then
 * written in one statement with their first history rows; the stage changes scoring made (a lead
 * that qualifies on fit alone) are handed off as any other. Answers the new ids in order.
 */
async function insertNewLeads(
  tx: Queryable,
  ctx: BatchContext,
  active: ActiveAgreement,
  creates: readonly Record<string, unknown>[],
): Promise<string[]> {
  const changes = creates.map((c) => {
    const createdAt = c.createdAt instanceof Date ? c.createdAt : ctx.now;
    const lead: EngineLead = {
      id: randomUUID(),
      profile: {
        email: text(c.email),
        emailDomain: text(c.emailDomain),
        emailDomainType: text(c.emailDomainType) as LeadProfile['emailDomainType'],
        firstName: text(c.firstName),
        lastName: text(c.lastName),
        title: text(c.title),
        titleFunction: text(c.titleFunction) as LeadProfile['titleFunction'],
        titleSeniority: text(c.titleSeniority) as LeadProfile['titleSeniority'],
        company: text(c.company),
        industry: text(c.industry),
        employees: num(c.employees),
        annualRevenue: num(c.annualRevenue),
        country: text(c.country),
        region: text(c.region) as LeadProfile['region'],
        source: text(c.source),
        medium: text(c.medium),
        campaign: text(c.campaign),
        traits: {},
      },
      phone: text(c.phone),
      website: text(c.website),
      accountId: text(c.accountId),
      ownerId: null,
      state: unscoredState(createdAt),
      counters: { daily: {}, lifetime: {} },
      usage: {},
      createdAt,
      lastActivityAt: null,
      scoredVersion: 0,
      fallOutAt: null,
    };
    return { ...scoredChange(ctx, active, lead, true), externalId: text(c.externalId) };
  });
  const transitions = changes.flatMap(({ lead, transitions: t }) =>
    t.map((row) => ({ ...row, leadId: lead.id, source: lead.profile.source, ownerId: lead.ownerId })),
  );
  const stored = await insertScoredLeads(
    tx,
    ctx.workspaceId,
    changes.map(({ lead, externalId }) => ({
      id: lead.id,
      externalId,
      ...lead.profile,
      phone: lead.phone,
      website: lead.website,
      accountId: lead.accountId,
      ...lead.state,
      capCounters: lead.counters,
      pqlUsage: lead.usage,
      scoredVersion: active.version,
      fallOutAt: fallOutTimer(active.agreement, active.epoch, lead),
      createdAt: lead.createdAt,
    })),
    transitions,
  );
  const byId = new Map(changes.map(({ lead }) => [lead.id, lead]));
  const moves = transitions.flatMap((t, i) =>
    t.fromStage === null
      ? []
      : [{ kind: 'stage' as const, lead: byId.get(t.leadId)!, transition: { ...t, ...stored[i]! } }],
  );
  await handOff(tx, { workspaceId: ctx.workspaceId, active, now: ctx.now }, moves);
  return changes.map(({ lead }) => lead.id);
}

/** A lead re-scored against its profile, with its creation row first when it is new. */
function scoredChange(ctx: BatchContext, active: ActiveAgreement, lead: EngineLead, isNew: boolean) {
  const actorType = ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.type : 'system';
  const r = reevaluateProfile(
    active.agreement,
    active.version,
    active.epoch,
    lead.state,
    lead.profile,
    lead.usage,
    ctx.now,
  );
  const first = isNew
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
  const scored = { ...lead, state: r.state };
  return {
    lead: { ...scored, fallOutAt: fallOutTimer(active.agreement, active.epoch, scored) },
    contributions: [],
    transitions: [...first, ...r.transitions.map((t) => systemTransition(t))],
  };
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
  const changes = leads.map((lead) => scoredChange(ctx, active, lead, created.has(lead.id)));
  await commitLeadChanges(tx, { workspaceId: ctx.workspaceId, active, now: ctx.now }, changes);
}
