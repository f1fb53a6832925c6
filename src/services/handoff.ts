// What a stage change sets off, in the same transaction: SLA clocks of the old stage stop, a newly
// qualified lead is routed to its owner, the new stage's clocks start, and every change goes out
// as a webhook (and, where someone must act, an in-app notification).
import type { Queryable } from '../store/db.js';
import { assigned, membersWithRole, managersOf, stageChanged, leadName } from './handoff-events.js';
import type { EngineContext, LifecycleHooks, StageChange } from './lead-engine.js';
import { type OutboxEvent, emitEvents } from './outbox.js';
import { assignQualifiedLead, routingTeamKey } from './routing.js';
import { lockTeamsByKeys } from '../store/teams.js';
import { policiesFor, startClocks, stopClocksOnExit } from './sla.js';

const QUALIFIED = new Set<string>(['mql', 'pql']);
const RECYCLED = new Set<string>(['nurture', 'lost']);

async function ownerIsActive(q: Queryable, workspaceId: string, ownerId: string | null): Promise<boolean> {
  if (!ownerId) return false;
  const rows = await q.query(
    `select 1 from users where workspace_id = $1 and id = $2 and disabled_at is null`,
    [workspaceId, ownerId],
  );
  return rows.length > 0;
}

async function onStageChange(
  tx: Queryable,
  ctx: EngineContext,
  change: StageChange,
  events: OutboxEvent[],
): Promise<void> {
  const { lead, transition: t } = change;
  const { workspaceId, active } = ctx;
  if (t.fromStage) await stopClocksOnExit(tx, workspaceId, lead.id, t.fromStage, t.toStage, t.at);

  let ownerId = lead.ownerId;
  let teamId: string | null = null;
  if (QUALIFIED.has(t.toStage)) {
    // A recycled lead that comes back keeps an owner who is still here; everyone else is routed.
    if (!(await ownerIsActive(tx, workspaceId, ownerId))) {
      const a = await assignQualifiedLead(tx, workspaceId, active.agreement, lead, ctx.now);
      ownerId = a.ownerId;
      teamId = a.teamId;
      const notify = a.ownerId ? [a.ownerId] : await managersOf(tx, workspaceId, a.teamId);
      events.push(assigned(lead, a, ctx.now, notify));
    }
  }
  await startClocks(tx, {
    workspaceId,
    leadId: lead.id,
    stage: t.toStage,
    policies: policiesFor(active.agreement, t.toStage, t.ruleId),
    ownerId,
    teamId,
    startedAt: ctx.now,
    agreementVersion: active.version,
  });
  events.push(stageChanged({ ...lead, ownerId }, t));
  if (RECYCLED.has(t.toStage)) {
    // Sales rejections tell marketing through feedback.rejected; CRM losses and fall-outs through this.
    const marketing =
      t.actorType === 'crm' || t.actorType === 'system'
        ? await membersWithRole(tx, workspaceId, 'marketing')
        : [];
    events.push({
      type: 'lead.recycled',
      occurredAt: t.at,
      data: {
        lead: { id: lead.id, name: leadName(lead) },
        from: t.fromStage,
        to: t.toStage,
        reason: t.reason,
      },
      notify: marketing.length
        ? {
            userIds: marketing,
            title: `Back to marketing: ${leadName(lead)}`,
            body: t.reason,
            leadId: lead.id,
          }
        : null,
    });
  }
}

export function createHandoffHooks(): LifecycleHooks {
  return {
    async afterStageChanges(tx, ctx, changes) {
      const qualifying = changes.filter((c) => QUALIFIED.has(c.transition.toStage));
      await lockTeamsByKeys(
        tx,
        ctx.workspaceId,
        qualifying.flatMap((c) => routingTeamKey(ctx.active.agreement, c.lead) ?? []),
      );
      const events: OutboxEvent[] = [];
      for (const change of changes) await onStageChange(tx, ctx, change, events);
      await emitEvents(tx, ctx.workspaceId, events);
    },
  };
}
