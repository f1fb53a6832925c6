// Status changes coming back from a CRM (webhook or import): the agreement maps each status to a
// stage, so a lead lost in Salesforce or HubSpot returns to nurture and can re-qualify later.
import { AppError } from '../domain/errors.js';
import { enterSideStage, enterStage } from '../domain/lifecycle.js';
import { type OpportunityOutcome, outcomeOfLeadStage, workspaceCurrency } from '../domain/opportunities.js';
import { mapCrmStatus } from '../domain/stage-moves.js';
import { isSideStage, type Stage } from '../domain/stages.js';
import { getWorkspace } from '../store/workspaces.js';
import { type TransitionRow, transitionRow } from '../domain/engine-lead.js';
import { type CrmStatusRecord, findCrmLeadIds, recordCrmStatusChanges } from '../store/crm-status-changes.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import type { Queryable } from '../store/db.js';
import { commitLeadChanges } from './lead-engine.js';
import { type CrmOpportunityDetails, recordCrmOpportunity } from './opportunities.js';

export interface CrmStatusChange {
  lead: { id?: string; externalId?: string; email?: string };
  system: 'salesforce' | 'hubspot' | 'other';
  object: 'lead' | 'contact' | 'opportunity';
  status: string;
  occurredAt: Date | null;
  /** The deal's amount, currency, close date: written to the lead's opportunity when the status means one. */
  opportunity?: CrmOpportunityDetails;
  /** Why, in the CRM's words (a lost reason…): added to the transition's reason. */
  reason?: string;
}

export type CrmOutcome =
  | {
      outcome: 'moved';
      leadId: string;
      from: string;
      to: string;
      transitionId: number;
      opportunityId?: string;
    }
  | { outcome: 'unchanged'; leadId: string; stage: string; opportunityId?: string }
  | { outcome: 'unmapped'; leadId: string; detail: string }
  | { outcome: 'lead_not_found'; detail: string };

/**
 * Applies a list of CRM status changes in one transaction, in order (a lead named twice moves from
 * where the first change left it); each gets an outcome. The leads are locked at once, in id order.
 */
export async function applyCrmStatusChanges(
  deps: Deps,
  workspaceId: string,
  changes: readonly CrmStatusChange[],
): Promise<CrmOutcome[]> {
  if (changes.length === 0)
    throw new AppError('validation_failed', 'changes: send at least one', [
      { field: 'changes', message: 'is empty' },
    ]);
  return deps.db.transaction((tx) => applyCrmStatusChangesIn(tx, workspaceId, changes, deps.clock()));
}

/** applyCrmStatusChanges inside the caller's transaction (an import's batch). */
export async function applyCrmStatusChangesIn(
  tx: Queryable,
  workspaceId: string,
  changes: readonly CrmStatusChange[],
  now: Date,
): Promise<CrmOutcome[]> {
  {
    const active = await loadActiveAgreement(tx, workspaceId);
    const ids = await findCrmLeadIds(
      tx,
      workspaceId,
      changes.map((c) => c.lead),
    );
    const leads = new Map(
      (await lockEngineLeads(tx, workspaceId, [...new Set(ids.flatMap((id) => id ?? []))])).map((l) => [
        l.id,
        l,
      ]),
    );
    const moves = new Map<string, TransitionRow[]>();
    const records: CrmStatusRecord[] = [];
    // Outcomes of moves wait for their transition ids: [outcome index, lead id, index of its move].
    const pending: [number, string, number][] = [];
    // Opportunity writes wait for the moves: [outcome index, lead id, outcome, at].
    const deals: [number, string, OpportunityOutcome, Date][] = [];
    const outcomes: CrmOutcome[] = changes.map((change, i) => {
      const leadId = ids[i] ?? null;
      const lead = leadId ? leads.get(leadId) : undefined;
      if (!leadId || !lead) {
        return { outcome: 'lead_not_found', detail: `no lead with ${JSON.stringify(change.lead)}` };
      }
      const log = (at: Date, outcome: string) =>
        records.push({ leadId, ...change, at, outcome, transitionId: null });
      const mapped = mapCrmStatus(active.agreement, {
        system: change.system,
        object: change.object,
        status: change.status,
      });
      const at = new Date(
        Math.max(
          Math.min((change.occurredAt ?? now).getTime(), now.getTime()),
          lead.state.stageEnteredAt.getTime(),
        ),
      );
      if (!mapped) {
        log(at, 'unmapped');
        const detail = `the agreement maps no ${change.system} ${change.object} status "${change.status}"`;
        return { outcome: 'unmapped', leadId, detail };
      }
      const from = lead.state.stage;
      const deal = outcomeOfLeadStage(mapped.to);
      if (deal && (change.opportunity || change.object === 'opportunity')) deals.push([i, leadId, deal, at]);
      if (from === mapped.to) {
        log(at, 'unchanged');
        return { outcome: 'unchanged', leadId, stage: mapped.to };
      }
      const to = mapped.to as Stage;
      const state = isSideStage(to)
        ? enterSideStage(lead.state, to, at, { recyclable: mapped.recyclable, reasonCode: mapped.reasonCode })
        : enterStage(lead.state, to, at);
      leads.set(leadId, { ...lead, state });
      const recycle = mapped.recyclable
        ? `; may re-qualify after ${mapped.coolOffDays} days with fresh engagement`
        : '';
      const row = transitionRow({
        from,
        to,
        at,
        actor: { type: 'crm', id: null, label: `${change.system} ${change.object}` },
        reason: `${change.system} ${change.object} status changed to "${change.status}"${recycle}${change.reason ? ` (${change.reason})` : ''}`,
        reasonCode: mapped.reasonCode,
        agreementVersion: active.version,
      });
      moves.set(leadId, [...(moves.get(leadId) ?? []), row]);
      log(at, 'moved');
      pending.push([i, leadId, moves.get(leadId)!.length - 1]);
      return { outcome: 'moved', leadId, from, to, transitionId: 0 };
    });
    const moved = await commitLeadChanges(
      tx,
      { workspaceId, active, now },
      [...moves].map(([leadId, transitions]) => ({
        lead: leads.get(leadId)!,
        contributions: [],
        transitions,
      })),
    );
    // commitLeadChanges returns each lead's moves in the order they were given.
    const stored = new Map<string, number[]>();
    for (const m of moved) stored.set(m.lead.id, [...(stored.get(m.lead.id) ?? []), m.transition.id]);
    for (const [i, leadId, k] of pending) {
      const transitionId = stored.get(leadId)![k]!;
      outcomes[i] = { ...(outcomes[i] as Extract<CrmOutcome, { outcome: 'moved' }>), transitionId };
    }
    // The log rows of moves carry their transition ids too, in the same order.
    let next = 0;
    for (const r of records) {
      if (r.outcome !== 'moved') continue;
      const [i] = pending[next++]!;
      r.transitionId = (outcomes[i] as Extract<CrmOutcome, { outcome: 'moved' }>).transitionId;
    }
    await recordCrmStatusChanges(tx, workspaceId, records);
    if (deals.length > 0) {
      const workspace = await getWorkspace(tx, workspaceId);
      const ctx = {
        workspaceId,
        agreement: active.agreement,
        now,
        currency: workspaceCurrency(workspace?.settings ?? {}),
      };
      for (const [i, leadId, outcome, at] of deals) {
        const change = changes[i]!;
        const opportunity = await recordCrmOpportunity(tx, ctx, leads.get(leadId)!, {
          system: change.system,
          outcome,
          at,
          details: change.opportunity ?? null,
        });
        if (opportunity) outcomes[i] = { ...outcomes[i]!, opportunityId: opportunity.id } as CrmOutcome;
      }
    }
    return outcomes;
  }
}
