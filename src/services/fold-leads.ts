// What the fold decides for one workspace's claimed leads: each lead's queued events applied in the
// order they were accepted (profile, then the pure `advanceLead`), group links, accounts by domain,
// a merged lead rescored, a new lead's first transition. The caller writes it (commitLeadChanges).
import { accountDomainFromWebsite } from '../domain/email-domain.js';
import { applyLeadFields, parseHeadCount } from '../domain/lead-traits.js';
import { type LeadStep, advanceLead, rescoreLead } from '../domain/lifecycle.js';
import { accountsForDomains } from '../store/accounts.js';
import type { Queryable } from '../store/db.js';
import { activitiesOfLeads, activityOf } from '../store/events.js';
import type { FoldItem } from '../store/fold-queue.js';
import { upsertGroupAccounts } from '../store/ingest-writes.js';
import type { EngineLead } from '../store/lead-state.js';
import type { ActiveAgreement } from './agreements.js';
import { evolveLead } from './ingest-steps.js';
import { type LeadChange, creationTransition, systemTransition } from './lead-engine.js';

/** `items` are the leads' claimed rows in the order they were accepted. */
export async function foldLeads(
  tx: Queryable,
  workspaceId: string,
  active: ActiveAgreement,
  leads: readonly EngineLead[],
  items: readonly FoldItem[],
  now: Date,
): Promise<LeadChange[]> {
  const itemsOf = new Map<string, FoldItem[]>();
  for (const item of items) itemsOf.set(item.leadId, [...(itemsOf.get(item.leadId) ?? []), item]);
  const merged = new Set(items.filter((i) => i.isMerge).map((i) => i.leadId));
  const groups = await linkGroups(tx, workspaceId, items);
  const history = merged.size > 0 ? await activitiesOfLeads(tx, workspaceId, [...merged]) : new Map();
  const changes: LeadChange[] = [];
  for (const before of leads) {
    const mine = itemsOf.get(before.id) ?? [];
    // Nothing left to fold (its events were scored already): the lead is not written.
    if (!mine.some((i) => i.event || i.isMerge)) continue;
    let lead = before;
    const steps: LeadStep[] = [];
    let lastActivity = lead.lastActivityAt;
    let firstType: string | null = null;
    for (const { event: e, isAttached, ignoresEmail } of mine) {
      if (!e) continue;
      // Earlier anonymous visits score as they were; the profile is what the lead knows now.
      if (!isAttached) {
        lead = evolveLead(lead, e, { ignoreEmail: ignoresEmail });
        firstType ??= e.type;
        if (!lastActivity || e.occurredAt > lastActivity) lastActivity = e.occurredAt;
      }
      steps.push({ activity: activityOf(e), profile: lead.profile });
    }
    lead = { ...lead, accountId: groups.get(lead.id) ?? lead.accountId };
    const change = merged.has(lead.id)
      ? rescoreMerged(
          active,
          { ...lead, profile: applyLeadFields(lead.profile, { email: lead.profile.email }, {}) },
          history.get(lead.id) ?? [],
          now,
        )
      : foldSteps(active, lead, steps);
    const created = mine.some((i) => i.isNewLead)
      ? [
          creationTransition(
            lead.createdAt,
            'ingestion',
            `First seen in a ${firstType ?? 'Segment'} call`,
            active.version,
          ),
        ]
      : [];
    changes.push({
      ...change,
      lead: { ...change.lead, lastActivityAt: lastActivity },
      transitions: [...created, ...change.transitions],
    });
  }
  await matchAccountsByDomain(tx, workspaceId, changes);
  return changes;
}

function foldSteps(active: ActiveAgreement, lead: EngineLead, steps: LeadStep[]): LeadChange {
  const r = advanceLead(
    active.agreement,
    active.version,
    active.epoch,
    lead.state,
    steps,
    lead.counters,
    lead.usage,
  );
  return {
    lead: { ...lead, state: r.state, counters: r.counters, usage: r.usage },
    contributions: r.contributions,
    transitions: r.transitions.map((t) => systemTransition(t)),
  };
}

// A lead that absorbed another: its ledger is rebuilt from all the events both of them had.
function rescoreMerged(
  active: ActiveAgreement,
  lead: EngineLead,
  activities: ReturnType<typeof activityOf>[],
  now: Date,
): LeadChange {
  const r = rescoreLead(
    active.agreement,
    active.version,
    active.epoch,
    lead.profile,
    activities,
    lead.state,
    now,
  );
  return {
    lead: { ...lead, state: r.state, counters: r.counters, usage: r.usage },
    contributions: r.contributions,
    transitions: r.transitions.map((t) => systemTransition(t, ' (after merging an aliased lead)')),
  };
}

/** The accounts of the claimed group calls (one upsert), and the account each lead joins (its last). */
async function linkGroups(
  tx: Queryable,
  workspaceId: string,
  items: readonly FoldItem[],
): Promise<Map<string, string>> {
  const calls = items.flatMap((i) =>
    i.event?.type === 'group' && i.event.groupId && !i.isAttached
      ? [{ groupId: i.event.groupId, traits: i.event.traits, leadId: i.leadId }]
      : [],
  );
  if (calls.length === 0) return new Map();
  // One row per group (the last call's traits win), so the upsert never touches a row twice.
  const byGroup = new Map<string, Record<string, unknown>>();
  for (const c of calls) byGroup.set(c.groupId, { ...byGroup.get(c.groupId), ...c.traits });
  const accounts = await upsertGroupAccounts(
    tx,
    workspaceId,
    [...byGroup].map(([groupId, traits]) => ({
      groupId,
      name: typeof traits.name === 'string' ? traits.name : null,
      domain: accountDomainFromWebsite(typeof traits.website === 'string' ? traits.website : null),
      industry: typeof traits.industry === 'string' ? traits.industry : null,
      employees: parseHeadCount(traits.employees ?? traits.employee_count),
      traits,
    })),
  );
  const accountOfLead = new Map<string, string>();
  for (const c of calls) {
    const accountId = accounts.get(c.groupId);
    if (accountId) accountOfLead.set(c.leadId, accountId);
  }
  return accountOfLead;
}

/** Leads with a business e-mail and no account join (or found) the account of their domain. */
async function matchAccountsByDomain(
  tx: Queryable,
  workspaceId: string,
  changes: LeadChange[],
): Promise<void> {
  const wanting = changes.filter(
    (c) => !c.lead.accountId && c.lead.profile.emailDomain && c.lead.profile.emailDomainType === 'business',
  );
  const accounts = await accountsForDomains(
    tx,
    workspaceId,
    wanting.map(({ lead: { profile: p } }) => ({
      domain: p.emailDomain!,
      name: p.company ?? p.emailDomain!,
      industry: p.industry,
      employees: p.employees,
      country: p.country,
      region: p.region,
    })),
  );
  for (const c of wanting) {
    const accountId = accounts.get(c.lead.profile.emailDomain!);
    if (accountId) Object.assign(c, { lead: { ...c.lead, accountId } });
  }
}
