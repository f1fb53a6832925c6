// Opportunity import: each row finds (or founds) its account, finds its lead and its owner, maps its
// stage onto the agreement's, and then creates or changes the deal through the same service path as
// the API, so a won or lost deal moves its lead as a CRM status change does. Deals match on the
// CRM's record id (per system), else on their name under their account.
import { accountReference, matchKey, type MappedRow } from '../../domain/import-mapping.js';
import { resolveOpportunityStage } from '../../domain/import-kind-values.js';
import { currencyProblem, findOpportunityStage } from '../../domain/opportunities.js';
import { insertAccount } from '../../store/accounts.js';
import { findCrmLeadIds } from '../../store/crm-status-changes.js';
import type { Queryable, Row } from '../../store/db.js';
import {
  type AccountRef,
  deleteOpportunities,
  findAccountsByRefs,
  findImportOpportunities,
  restoreOpportunities,
} from '../../store/import-opportunity-writes.js';
import { lockEngineLeads } from '../../store/lead-state.js';
import type { Opportunity } from '../../store/opportunities.js';
import { listUsers } from '../../store/users.js';
import { loadActiveAgreement } from '../agreements.js';
import { type OpportunityInput, changeOpportunityIn, createOpportunityIn } from '../opportunities.js';
import { reportingCurrency } from '../workspace-currency.js';
import { leadMarkChanges } from './lead-marks.js';
import { claim, emptyPlan, type KindChange, type KindContext, type KindHandler, refuse } from './handler.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const date = (v: unknown): Date | null => (v instanceof Date ? v : null);

interface Resolved {
  row: number;
  fields: MappedRow;
  stage: string;
  /** The stage is won or lost. */
  closed: boolean;
  ownerId: string | null;
  leadId: string | null;
  /** The account found, or the one to found (null: the lead's account). */
  account: AccountRef | { create: { name: string; domain: string | null; externalId: string | null } } | null;
}

/** The account a row names, among those found: by record id, else domain, else name. */
function accountOf(found: readonly AccountRef[], fields: MappedRow): AccountRef | null {
  const x = str(fields.accountExternalId);
  const d = str(fields.accountDomain);
  const n = str(fields.accountName)?.toLowerCase();
  return (
    (x ? found.find((a) => a.externalId === x) : undefined) ??
    (d ? found.find((a) => a.domain === d) : undefined) ??
    (n ? found.find((a) => a.name.toLowerCase() === n) : undefined) ??
    null
  );
}

/** When the deal happened: a closed one at its close date, an open one when it was created. */
function dateOf(fields: MappedRow, closed: boolean, now: Date): Date {
  const at = (closed ? date(fields.closeDate) : null) ?? date(fields.createdAt) ?? now;
  return at.getTime() > now.getTime() ? now : at;
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
    : (a ?? null) === (b ?? null);

/** The fields of the input that differ from the stored deal (probability only when the file sets it). */
function changesOf(input: OpportunityInput, before: Opportunity): OpportunityInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || k === 'externalSystem') continue;
    if (!same(v, (before as Record<string, unknown>)[k])) out[k] = v;
  }
  return out as OpportunityInput;
}

async function resolveRows(
  tx: Queryable,
  ctx: KindContext,
  rows: readonly { row: number; fields: MappedRow }[],
  plan: ReturnType<typeof emptyPlan>,
) {
  const active = await loadActiveAgreement(tx, ctx.workspaceId);
  const members = await listUsers(tx, ctx.workspaceId);
  const leadRefs = rows.map(({ fields }) =>
    str(fields.leadEmail)
      ? { email: str(fields.leadEmail)! }
      : str(fields.leadExternalId)
        ? { externalId: str(fields.leadExternalId)! }
        : null,
  );
  const leadIds = await findCrmLeadIds(
    tx,
    ctx.workspaceId,
    leadRefs.map((r) => r ?? {}),
  );
  const leads = new Map(
    (await lockEngineLeads(tx, ctx.workspaceId, [...new Set(leadIds.flatMap((id) => id ?? []))])).map((l) => [
      l.id,
      l,
    ]),
  );
  const found = await findAccountsByRefs(tx, ctx.workspaceId, {
    externalIds: rows.flatMap((r) => str(r.fields.accountExternalId) ?? []),
    domains: rows.flatMap((r) => str(r.fields.accountDomain) ?? []),
    names: rows.flatMap((r) => str(r.fields.accountName) ?? []),
  });
  const resolved: Resolved[] = [];
  rows.forEach(({ row, fields }, i) => {
    const stage = resolveOpportunityStage(active.agreement, fields.stage as string, ctx.options.stages);
    if ('reason' in stage) return refuse(plan, ctx, row, 'stage', fields, stage.reason);
    let ownerId: string | null = null;
    const owner = str(fields.owner)?.toLowerCase();
    if (owner) {
      const member = members.find((m) => m.email.toLowerCase() === owner || m.name.toLowerCase() === owner);
      if (!member)
        return refuse(
          plan,
          ctx,
          row,
          'owner',
          fields,
          'owner is not a member of this workspace (by e-mail or name)',
        );
      ownerId = member.id;
    }
    const leadId = leadRefs[i] ? (leadIds[i] ?? null) : null;
    if (leadRefs[i] && !leadId) {
      const field = str(fields.leadEmail) ? 'leadEmail' : 'leadExternalId';
      return refuse(plan, ctx, row, field, fields, 'names no lead of this workspace');
    }
    let account: Resolved['account'] = accountOf(found, fields);
    if (!account && accountReference(fields)) {
      const name = str(fields.accountName) ?? str(fields.accountDomain) ?? str(fields.accountExternalId)!;
      account = {
        create: { name, domain: str(fields.accountDomain), externalId: str(fields.accountExternalId) },
      };
    }
    if (!account && !(leadId && leads.get(leadId)?.accountId)) {
      return refuse(
        plan,
        ctx,
        row,
        null,
        fields,
        'needs an account (its name, domain or record id) or a lead with an account',
      );
    }
    const closed = findOpportunityStage(active.agreement, stage.stage)?.outcome !== 'open';
    resolved.push({ row, fields, stage: stage.stage, closed, ownerId, leadId, account });
  });
  return { resolved, leads };
}

/** The API's input for a row (fields the file does not map stay undefined: they are left as they are). */
function inputOf(r: Resolved, accountId: string | null, ctx: KindContext): OpportunityInput {
  const f = r.fields;
  const mapped = (field: string) => field in ctx.columns;
  const external = str(f.externalId);
  return {
    ...(mapped('name') && str(f.name) ? { name: str(f.name)! } : {}),
    ...(accountId ? { accountId } : {}),
    ...(r.leadId ? { leadId: r.leadId } : {}),
    ...(mapped('owner') ? { ownerId: r.ownerId } : {}),
    ...(mapped('amount') && num(f.amount) !== null ? { amount: num(f.amount)! } : {}),
    ...(mapped('currency') && str(f.currency) ? { currency: str(f.currency)! } : {}),
    stage: r.stage,
    ...(mapped('probability') && num(f.probability) !== null ? { probability: num(f.probability)! } : {}),
    ...(mapped('closeDate') ? { closeDate: date(f.closeDate) } : {}),
    ...(mapped('source') ? { source: str(f.source) } : {}),
    ...(mapped('product') ? { product: str(f.product) } : {}),
    ...(external ? { externalId: external, externalSystem: ctx.options.crmSystem ?? 'other' } : {}),
  };
}

export const opportunitiesHandler: KindHandler = {
  async runBatch(tx, ctx, rows, claimed, write) {
    const plan = emptyPlan();
    const changes: KindChange[] = [];
    const system = ctx.options.crmSystem ?? 'other';
    const fresh = rows.filter(({ row, fields }) => {
      const key = matchKey('opportunities', fields);
      const earlier = key ? claim(claimed, `opp:${key}`, row) : null;
      if (earlier !== null) refuse(plan, ctx, row, null, fields, `is the same opportunity as row ${earlier}`);
      return earlier === null;
    });
    const { resolved } = await resolveRows(tx, ctx, fresh, plan);
    const accountIdOf = (r: Resolved) => (r.account && 'id' in r.account ? r.account.id : null);
    const existing = await findImportOpportunities(
      tx,
      ctx.workspaceId,
      {
        system,
        externalIds: resolved.flatMap((r) => str(r.fields.externalId) ?? []),
        named: resolved.flatMap((r) => {
          const accountId = accountIdOf(r);
          const name = str(r.fields.name);
          return accountId && name && !str(r.fields.externalId) ? [{ accountId, name }] : [];
        }),
      },
      write,
    );
    const byExternal = new Map(
      existing.filter((e) => e.record.externalId).map((e) => [e.record.externalId!, e]),
    );
    const targetOf = (r: Resolved): { record: Opportunity; raw: Row } | undefined => {
      const x = str(r.fields.externalId);
      if (x) return byExternal.get(x);
      const name = str(r.fields.name)?.toLowerCase();
      const accountId = accountIdOf(r);
      return existing.find((e) => e.record.accountId === accountId && e.record.name.toLowerCase() === name);
    };
    if (write) {
      const touched = resolved.flatMap((r) => [r.leadId ?? [], targetOf(r)?.record.leadId ?? []].flat());
      changes.push(...(await leadMarkChanges(tx, ctx.workspaceId, touched)));
    }
    // Accounts founded in this batch, by the reference that named them (two rows may name one).
    const founded = new Map<string, string>();
    const currency = await reportingCurrency(tx, ctx.workspaceId);
    for (const r of resolved) {
      const given = str(r.fields.currency);
      const foreign = given ? currencyProblem(given, currency) : null;
      if (foreign) {
        refuse(plan, ctx, r.row, 'currency', r.fields, `currency ${foreign}`);
        continue;
      }
      const target = targetOf(r);
      const claimedBy = target ? claim(claimed, `opp:id:${target.record.id}`, r.row) : null;
      if (claimedBy !== null) {
        refuse(plan, ctx, r.row, null, r.fields, `is the same opportunity as row ${claimedBy}`);
        continue;
      }
      let accountId = accountIdOf(r);
      const input = inputOf(r, accountId, ctx);
      if (target) {
        const changed = changesOf(input, target.record);
        if (Object.keys(changed).length === 0) {
          plan.unchanged++;
          continue;
        }
        plan.updates.push({
          row: r.row,
          fields: r.fields,
          id: target.record.id,
          changed: changed as MappedRow,
        });
        if (!write) continue;
        const isClosing = changed.stage !== undefined;
        await changeOpportunityIn(
          tx,
          ctx.actor,
          ctx.workspaceId,
          target.record.id,
          changed,
          dateOf(r.fields, isClosing, ctx.now),
        );
        changes.push({
          entity: 'opportunity',
          entityId: target.record.id,
          action: 'updated',
          previous: target.raw,
        });
        continue;
      }
      plan.creates.push({ row: r.row, fields: r.fields });
      if (!write) continue;
      if (r.account && 'create' in r.account) {
        const ref = accountReference(r.fields)!;
        accountId = founded.get(ref) ?? null;
        if (!accountId) {
          const a = await insertAccount(tx, ctx.workspaceId, r.account.create);
          accountId = a.id;
          founded.set(ref, a.id);
          changes.push({ entity: 'account', entityId: a.id, action: 'created', previous: null });
        }
      }
      const created = await createOpportunityIn(
        tx,
        ctx.actor,
        ctx.workspaceId,
        {
          ...inputOf(r, accountId, ctx),
          amount: num(r.fields.amount) ?? 0,
          ...(date(r.fields.createdAt) ? { createdAt: date(r.fields.createdAt)! } : {}),
        },
        dateOf(r.fields, r.closed, ctx.now),
      );
      changes.push({ entity: 'opportunity', entityId: created.id, action: 'created', previous: null });
    }
    return { plan, changes: write ? changes : [] };
  },

  async undo(tx, workspaceId, changes) {
    const mine = changes.filter((c) => c.entity === 'opportunity');
    await restoreOpportunities(
      tx,
      workspaceId,
      mine.filter((c) => c.action === 'updated').map((c) => c.previous!),
    );
    await deleteOpportunities(
      tx,
      workspaceId,
      mine.filter((c) => c.action === 'created').map((c) => c.entityId),
    );
  },
};
