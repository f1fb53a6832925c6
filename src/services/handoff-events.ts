// The events the hand-off raises, as webhook payloads and in-app notifications.
import type { Queryable } from '../store/db.js';
import type { EngineLead } from '../store/lead-state.js';
import type { SlaClockRow } from '../store/sla-clocks.js';
import type { Transition } from '../store/transitions.js';
import type { OutboxEvent } from './outbox.js';

export function leadName(lead: EngineLead): string {
  const p = lead.profile;
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
  return name || p.email || `lead ${lead.id.slice(0, 8)}`;
}

export function leadPayload(lead: EngineLead): Record<string, unknown> {
  const p = lead.profile;
  return {
    id: lead.id,
    email: p.email,
    name: leadName(lead),
    company: p.company,
    title: p.title,
    stage: lead.state.stage,
    fitGrade: lead.state.fitGrade,
    ownerId: lead.ownerId,
    source: p.source,
  };
}

export const transitionPayload = (t: Transition): Record<string, unknown> => ({
  id: t.id,
  from: t.fromStage,
  to: t.toStage,
  at: t.at.toISOString(),
  reason: t.reason,
  reasonCode: t.reasonCode,
  note: t.note,
  ruleId: t.ruleId,
  actor: { type: t.actorType, id: t.actorId, label: t.actorLabel },
  agreementVersion: t.agreementVersion,
});

const clockPayload = (c: SlaClockRow): Record<string, unknown> => ({
  id: c.id,
  policyId: c.policyId,
  clock: c.clock,
  stage: c.stage,
  ownerId: c.ownerId,
  startedAt: c.startedAt.toISOString(),
  warnAt: c.warnAt.toISOString(),
  dueAt: c.dueAt.toISOString(),
});

/** Who manages a team: its manager, else every sales manager of the workspace. */
export async function managersOf(
  q: Queryable,
  workspaceId: string,
  teamId: string | null,
): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select manager_id as id from teams where workspace_id = $1 and id = $2 and manager_id is not null
     union
     select id from users where workspace_id = $1 and role = 'sales_manager' and disabled_at is null
       and not exists (select 1 from teams where workspace_id = $1 and id = $2 and manager_id is not null)`,
    [workspaceId, teamId],
  );
  return rows.map((r) => r.id);
}

export async function membersWithRole(q: Queryable, workspaceId: string, role: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select id from users where workspace_id = $1 and role = $2 and disabled_at is null`,
    [workspaceId, role],
  );
  return rows.map((r) => r.id);
}

export function stageChanged(lead: EngineLead, t: Transition): OutboxEvent {
  return {
    type: 'lead.stage_changed',
    occurredAt: t.at,
    data: { lead: leadPayload(lead), transition: transitionPayload(t) },
    notify: null,
  };
}

export function assigned(
  lead: EngineLead,
  a: { ownerId: string | null; teamId: string | null; kind: string; reason: string },
  at: Date,
  notify: string[],
  type: 'lead.assigned' | 'lead.reassigned' = 'lead.assigned',
): OutboxEvent {
  const who = leadName(lead);
  return {
    type,
    occurredAt: at,
    data: { lead: { ...leadPayload(lead), ownerId: a.ownerId }, assignment: { ...a } },
    notify: notify.length
      ? {
          userIds: notify,
          title: a.ownerId ? `New lead: ${who}` : `Lead waiting in the queue: ${who}`,
          body: `${lead.profile.title ?? 'Lead'}${lead.profile.company ? ` at ${lead.profile.company}` : ''} — ${a.reason}`,
          leadId: lead.id,
        }
      : null,
  };
}

export function slaEvent(
  type: 'sla.warning' | 'sla.breached' | 'sla.escalated',
  clock: SlaClockRow,
  lead: { id: string; name: string },
  at: Date,
  notify: string[],
  detail: string,
): OutboxEvent {
  const titles = {
    'sla.warning': `SLA warning: ${lead.name}`,
    'sla.breached': `SLA breached: ${lead.name}`,
    'sla.escalated': `Escalated to you: ${lead.name}`,
  };
  return {
    type,
    occurredAt: at,
    data: { lead: { id: lead.id, name: lead.name }, clock: clockPayload(clock), detail },
    notify: notify.length ? { userIds: notify, title: titles[type], body: detail, leadId: lead.id } : null,
  };
}
