// Status changes coming back from a CRM (webhook or import): the agreement maps each status to a
// stage, so a lead lost in Salesforce or HubSpot returns to nurture and can re-qualify later.
import { AppError } from '../domain/errors.js';
import { enterSideStage, enterStage, mapCrmStatus } from '../domain/lifecycle.js';
import { isSideStage, type Stage } from '../domain/stages.js';
import { transitionRow } from '../domain/engine-lead.js';
import { findCrmLeadId, recordCrmStatusChange } from '../store/crm-status-changes.js';
import type { Queryable } from '../store/db.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { commitLeadChanges } from './lead-engine.js';

export interface CrmStatusChange {
  lead: { id?: string; externalId?: string; email?: string };
  system: 'salesforce' | 'hubspot' | 'other';
  object: 'lead' | 'contact' | 'opportunity';
  status: string;
  occurredAt: Date | null;
}

export type CrmOutcome =
  | { outcome: 'moved'; leadId: string; from: string; to: string; transitionId: number }
  | { outcome: 'unchanged'; leadId: string; stage: string }
  | { outcome: 'unmapped'; leadId: string; detail: string }
  | { outcome: 'lead_not_found'; detail: string };

function record(
  tx: Queryable,
  workspaceId: string,
  leadId: string | null,
  c: CrmStatusChange,
  at: Date,
  outcome: string,
  transitionId: number | null,
): Promise<void> {
  return recordCrmStatusChange(tx, workspaceId, { leadId, ...c, at, outcome, transitionId });
}

/** Applies a list of CRM status changes in one transaction, in order; each gets an outcome. */
export async function applyCrmStatusChanges(
  deps: Deps,
  workspaceId: string,
  changes: readonly CrmStatusChange[],
): Promise<CrmOutcome[]> {
  if (changes.length === 0)
    throw new AppError('validation_failed', 'changes: send at least one', [
      { field: 'changes', message: 'is empty' },
    ]);
  return deps.db.transaction(async (tx) => {
    const active = await loadActiveAgreement(tx, workspaceId);
    const now = deps.clock();
    const outcomes: CrmOutcome[] = [];
    for (const change of changes) {
      const leadId = await findCrmLeadId(tx, workspaceId, change.lead);
      if (!leadId) {
        outcomes.push({ outcome: 'lead_not_found', detail: `no lead with ${JSON.stringify(change.lead)}` });
        continue;
      }
      const [lead] = await lockEngineLeads(tx, workspaceId, [leadId]);
      const mapped = mapCrmStatus(active.agreement, {
        system: change.system,
        object: change.object,
        status: change.status,
      });
      const at = new Date(
        Math.max(
          Math.min((change.occurredAt ?? now).getTime(), now.getTime()),
          lead!.state.stageEnteredAt.getTime(),
        ),
      );
      if (!mapped) {
        const detail = `the agreement maps no ${change.system} ${change.object} status "${change.status}"`;
        await record(tx, workspaceId, leadId, change, at, 'unmapped', null);
        outcomes.push({ outcome: 'unmapped', leadId, detail });
        continue;
      }
      if (lead!.state.stage === mapped.to) {
        await record(tx, workspaceId, leadId, change, at, 'unchanged', null);
        outcomes.push({ outcome: 'unchanged', leadId, stage: mapped.to });
        continue;
      }
      const to = mapped.to as Stage;
      const state = isSideStage(to)
        ? enterSideStage(lead!.state, to, at, {
            recyclable: mapped.recyclable,
            reasonCode: mapped.reasonCode,
          })
        : enterStage(lead!.state, to, at);
      const recycle = mapped.recyclable
        ? `; may re-qualify after ${mapped.coolOffDays} days with fresh engagement`
        : '';
      const [moved] = await commitLeadChanges(tx, { workspaceId, active, now }, [
        {
          lead: { ...lead!, state },
          contributions: [],
          transitions: [
            transitionRow({
              from: lead!.state.stage,
              to,
              at,
              actor: { type: 'crm', id: null, label: `${change.system} ${change.object}` },
              reason: `${change.system} ${change.object} status changed to "${change.status}"${recycle}`,
              reasonCode: mapped.reasonCode,
              agreementVersion: active.version,
            }),
          ],
        },
      ]);
      await record(tx, workspaceId, leadId, change, at, 'moved', moved!.transition.id);
      outcomes.push({
        outcome: 'moved',
        leadId,
        from: lead!.state.stage,
        to,
        transitionId: moved!.transition.id,
      });
    }
    return outcomes;
  });
}
