// Leads through the API: create, read, update and list, with derived fields and account matching.
// An ownerId sent here is an assignment and goes through the hand-off's one path (assignOwner).
import { classifyEmailDomain, emailDomain } from '../domain/email-domain.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import { countryFields } from '../domain/country.js';
import { normalizeTitle } from '../domain/job-title.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { getAccount } from '../store/accounts.js';
import type { Queryable } from '../store/db.js';
import { decodeCursor } from '../store/cursor.js';
import {
  type Lead,
  type LeadFieldsRecord,
  type LeadFilter,
  type LeadSort,
  getLead,
  insertLead,
  listLeads,
  updateLead,
} from '../store/leads.js';
import { lockIdentities } from '../store/identities.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { rescoreChangedLead } from '../domain/profile-change.js';
import { matchAccountForDomain } from './accounts.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { assignOwner } from './assignment.js';
import { handActorOf } from './lead-lock.js';
import { commitLeadChanges } from './lead-engine.js';
import { type Principal, auditActorOf } from './principal.js';

/** What a caller may set on a lead; the rest (title function, region, domain type) is derived. */
export type LeadInput = Partial<
  Pick<
    LeadFieldsRecord,
    | 'email'
    | 'firstName'
    | 'lastName'
    | 'title'
    | 'company'
    | 'industry'
    | 'employees'
    | 'annualRevenue'
    | 'country'
    | 'phone'
    | 'website'
    | 'source'
    | 'medium'
    | 'campaign'
    | 'ownerId'
    | 'accountId'
    | 'externalId'
    | 'traits'
  >
>;

/** Fills the derived columns for whatever the input changes. */
export function deriveLeadFields(input: LeadInput): Partial<LeadFieldsRecord> {
  const out: Partial<LeadFieldsRecord> = { ...input };
  if (input.email !== undefined) {
    const email = input.email?.trim().toLowerCase() || null;
    out.email = email;
    const domain = email ? emailDomain(email) : null;
    out.emailDomain = domain;
    out.emailDomainType = domain ? classifyEmailDomain(domain) : null;
  }
  if (input.title !== undefined) {
    const t = normalizeTitle(input.title);
    out.titleFunction = t?.function ?? null;
    out.titleSeniority = t?.seniority ?? null;
  }
  if (input.country !== undefined) Object.assign(out, countryFields(input.country));
  return out;
}

async function checkReferences(tx: Queryable, workspaceId: string, input: LeadInput): Promise<void> {
  if (input.accountId) {
    if (!(await getAccount(tx, workspaceId, input.accountId)))
      throw new AppError('validation_failed', 'accountId: no such account in this workspace', [
        { field: 'accountId', message: 'is not an account of this workspace' },
      ]);
  }
}

function duplicateEmail(email: string): AppError {
  return new AppError('conflict', `A lead with e-mail ${email} already exists.`, [
    { field: 'email', message: 'is already used by another lead' },
  ]);
}

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === '23505';

type LeadDeps = Deps;

/**
 * After the lead's fields changed: fit is rescored and qualification checked under the active
 * agreement, exactly as when an identify call changes them. `created` adds the first history row.
 */
async function rescoreProfile(
  tx: Queryable,
  deps: LeadDeps,
  actor: AuditActor,
  workspaceId: string,
  leadId: string,
  created: boolean,
): Promise<void> {
  const [lead] = await lockEngineLeads(tx, workspaceId, [leadId]);
  if (!lead) throw notFound('Lead');
  const active = await loadActiveAgreement(tx, workspaceId);
  const now = deps.clock();
  const change = rescoreChangedLead(
    active,
    lead,
    now,
    created ? { actor, reason: `Created by ${actor.label}` } : null,
  );
  await commitLeadChanges(tx, { workspaceId, active, now }, [{ ...change, contributions: [] }]);
}

/**
 * Gives the lead the owner the caller asked for, through the one assignment path; an owner it
 * already has is no change and needs no right. The lead's row is locked here.
 */
async function applyOwner(
  tx: Queryable,
  principal: Principal,
  leadId: string,
  ownerId: string | null | undefined,
  reason: string,
  now: Date,
): Promise<void> {
  if (ownerId === undefined) return;
  const [lead] = await lockEngineLeads(tx, principal.workspaceId, [leadId]);
  if (!lead) throw notFound('Lead');
  if (lead.ownerId === ownerId) return;
  const active = await loadActiveAgreement(tx, principal.workspaceId);
  const by = { workspaceId: principal.workspaceId, active, actor: handActorOf(principal), now };
  await assignOwner(tx, by, lead, { ownerId, reason });
}

/**
 * What creating and changing a lead share: the derived fields, then in one transaction the
 * references checked and the e-mail's identity locked (the same lock ingestion takes for this
 * e-mail, before the lead's row, so an identify and an API call cannot race); then `write`, and the
 * lead read back as written.
 */
async function writeLead(
  deps: LeadDeps,
  principal: Principal,
  input: LeadInput,
  write: (tx: Queryable, fields: Partial<LeadFieldsRecord>, actor: AuditActor) => Promise<string>,
): Promise<Lead> {
  const { workspaceId } = principal;
  const { ownerId: _owner, ...rest } = input;
  const fields = deriveLeadFields(rest);
  return deps.db.transaction(async (tx) => {
    await checkReferences(tx, workspaceId, input);
    if (fields.email) await lockIdentities(tx, workspaceId, [`e:${fields.email}`]);
    const id = await write(tx, fields, auditActorOf(principal));
    return (await getLead(tx, workspaceId, id))!;
  });
}

/** The lead's row written, a unique violation on its e-mail answered as a 409 naming `email`. */
function uniqueEmail<T>(fields: Partial<LeadFieldsRecord>, written: Promise<T>): Promise<T> {
  return written.catch((err: unknown) => {
    if (isUniqueViolation(err) && fields.email) throw duplicateEmail(fields.email);
    throw err;
  });
}

export async function createLead(deps: LeadDeps, principal: Principal, input: LeadInput): Promise<Lead> {
  const { workspaceId } = principal;
  return writeLead(deps, principal, input, async (tx, fields, actor) => {
    if (!fields.accountId && fields.emailDomain && fields.emailDomainType === 'business') {
      fields.accountId = await matchAccountForDomain(tx, workspaceId, {
        ...fields,
        emailDomain: fields.emailDomain,
      });
    }
    const inserted = await uniqueEmail(fields, insertLead(tx, workspaceId, fields));
    // Before scoring: a lead that qualifies at once keeps the owner it was given instead of being routed.
    await applyOwner(
      tx,
      principal,
      inserted.id,
      input.ownerId,
      'owner given when the lead was created',
      deps.clock(),
    );
    await rescoreProfile(tx, deps, actor, workspaceId, inserted.id, true);
    await recordAudit(tx, workspaceId, actor, 'lead.created', { type: 'lead', id: inserted.id });
    return inserted.id;
  });
}

export async function changeLead(
  deps: LeadDeps,
  principal: Principal,
  id: string,
  input: LeadInput,
): Promise<Lead> {
  const { workspaceId } = principal;
  return writeLead(deps, principal, input, async (tx, fields, actor) => {
    await applyOwner(tx, principal, id, input.ownerId, 'owner changed on the lead', deps.clock());
    const updated = await uniqueEmail(fields, updateLead(tx, workspaceId, id, fields));
    if (!updated) throw notFound('Lead');
    await rescoreProfile(tx, deps, actor, workspaceId, id, false);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'lead.updated',
      { type: 'lead', id },
      { fields: Object.keys(input) },
    );
    return id;
  });
}

export async function readLead(deps: Deps, workspaceId: string, id: string): Promise<Lead> {
  const lead = await getLead(deps.db, workspaceId, id);
  if (!lead) throw notFound('Lead');
  return lead;
}

/**
 * A page of leads in the chosen order. The cursor names its order (`-createdAt~…`): one taken under
 * another order is refused on `cursor` rather than silently skipping or repeating leads.
 */
export async function findLeads(
  deps: Deps,
  workspaceId: string,
  filter: LeadFilter,
  page: { limit: number; cursor?: string; sort?: LeadSort },
): Promise<{ data: Lead[]; nextCursor: string | null }> {
  const sort = page.sort ?? '-createdAt';
  let keyset: string | undefined;
  if (page.cursor) {
    const [order, rest] = page.cursor.split('~', 2);
    if (order !== sort || rest === undefined) throw invalid('cursor', 'belongs to another sort order');
    keyset = rest;
  }
  const result = await listLeads(deps.db, workspaceId, filter, {
    limit: page.limit,
    after: decodeCursor(keyset, { at: 'timestamp', id: 'text' }),
    sort,
  });
  return { data: result.data, nextCursor: result.nextCursor ? `${sort}~${result.nextCursor}` : null };
}
