// Status changes coming back from a CRM (webhook or import): the agreement maps each status to a
// stage, so a lead lost in Salesforce or HubSpot returns to nurture and can re-qualify later.
import { AppError } from '../domain/errors.js';
import { enterSideStage, enterStage, mapCrmStatus } from '../domain/lifecycle.js';
import { isSideStage, type Stage } from '../domain/stages.js';
import type { Queryable } from '../store/db.js';
import { lockEngineLeads } from '../store/lead-state.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { type LifecycleHooks, commitLeadChanges } from './lead-engine.js';

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

async function findLeadId(
  tx: Queryable,
  workspaceId: string,
  ref: CrmStatusChange['lead'],
): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    `select id from leads where workspace_id = $1 and not is_deleted
        and (($2::uuid is not null and id = $2::uuid) or ($3::text is not null and external_id = $3)
             or ($4::text is not null and email = lower($4)))
      order by (id = $2::uuid) desc nulls last, (external_id = $3) desc nulls last limit 1`,
    [workspaceId, ref.id ?? null, ref.externalId ?? null, ref.email ?? null],
  );
  return rows[0]?.id ?? null;
}

async function record(
  tx: Queryable,
  workspaceId: string,
  leadId: string | null,
  c: CrmStatusChange,
  at: Date,
  outcome: string,
  transitionId: number | null,
) {
  await tx.query(
    `insert into crm_status_changes (workspace_id, lead_id, system, object, status, occurred_at, outcome, transition_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [workspaceId, leadId, c.system, c.object, c.status, at.toISOString(), outcome, transitionId],
  );
}

/** Applies a list of CRM status changes in one transaction, in order; each gets an outcome. */
export async function applyCrmStatusChanges(
  deps: Deps & { hooks: LifecycleHooks },
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
      const leadId = await findLeadId(tx, workspaceId, change.lead);
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
      const [moved] = await commitLeadChanges(tx, { workspaceId, active, now }, deps.hooks, [
        {
          lead: { ...lead!, state },
          contributions: [],
          transitions: [
            {
              fromStage: lead!.state.stage,
              toStage: to,
              at,
              actorType: 'crm',
              actorId: null,
              actorLabel: `${change.system} ${change.object}`,
              reason: `${change.system} ${change.object} status changed to "${change.status}"${mapped.recyclable ? `; may re-qualify after ${mapped.coolOffDays} days with fresh engagement` : ''}`,
              reasonCode: mapped.reasonCode,
              ruleId: null,
              note: null,
              agreementVersion: active.version,
            },
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
