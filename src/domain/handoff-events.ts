// The events the hand-off raises, as webhook payloads and in-app notifications, and how one event
// fans out to the subscriptions that listen to it and the people it names.
import { type EngineLead, type TransitionRow, leadName } from './engine-lead.js';
import type { FeedbackNote } from './handoff-types.js';
import { type WebhookEventType, isSubscribedTo } from './webhook-events.js';

export interface OutboxEvent {
  type: WebhookEventType;
  occurredAt: Date;
  /** The webhook payload's `data`: plain JSON. */
  data: Record<string, unknown>;
  /** In-app notification for these people (null: none). */
  notify: { userIds: string[]; title: string; body: string; leadId: string | null } | null;
}

/** A stored transition: the row plus its id. */
export interface StoredTransition extends TransitionRow {
  id: number;
}

/** An SLA clock as events describe it. */
export interface ClockView {
  id: string;
  policyId: string;
  clock: string;
  stage: string;
  ownerId: string | null;
  teamId: string | null;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
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

export const transitionPayload = (t: StoredTransition): Record<string, unknown> => ({
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

const clockPayload = (c: ClockView): Record<string, unknown> => ({
  id: c.id,
  policyId: c.policyId,
  clock: c.clock,
  stage: c.stage,
  ownerId: c.ownerId,
  startedAt: c.startedAt.toISOString(),
  warnAt: c.warnAt.toISOString(),
  dueAt: c.dueAt.toISOString(),
});

export function stageChanged(lead: EngineLead, t: StoredTransition): OutboxEvent {
  return {
    type: 'lead.stage_changed',
    occurredAt: t.at,
    data: { lead: leadPayload(lead), transition: transitionPayload(t) },
    notify: null,
  };
}

/** A (re)assignment; `says` is the sentence people read (names, not ids), `a.reason` what machines get. */
export function assigned(
  lead: EngineLead,
  a: { ownerId: string | null; teamId: string | null; kind: string; reason: string },
  at: Date,
  notify: string[],
  type: 'lead.assigned' | 'lead.reassigned' = 'lead.assigned',
  says: string = a.reason,
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
          body: `${lead.profile.title ?? 'Lead'}${lead.profile.company ? ` at ${lead.profile.company}` : ''} — ${says}`,
          leadId: lead.id,
        }
      : null,
  };
}

/** A lead back with marketing (nurture or lost); `marketing` hears of it when a CRM or the system sent it. */
export function recycled(lead: EngineLead, t: StoredTransition, marketing: string[]): OutboxEvent {
  return {
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
  };
}

export function slaEvent(
  type: 'sla.warning' | 'sla.breached' | 'sla.escalated',
  clock: ClockView,
  lead: { id: string; name: string },
  at: Date,
  notify: string[],
  detail: string,
  says: string = detail,
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
    notify: notify.length ? { userIds: notify, title: titles[type], body: says, leadId: lead.id } : null,
  };
}

export interface PlannedDelivery {
  subscriptionId: string;
  payload: { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };
  occurredAt: Date;
}

export interface PlannedNotification {
  userId: string;
  type: string;
  title: string;
  body: string;
  leadId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** One delivery per event and subscription that listens to it; one notification per event and person. */
export function fanOut(
  events: readonly OutboxEvent[],
  subscriptions: readonly { id: string; eventTypes: readonly string[] }[],
): { deliveries: PlannedDelivery[]; notifications: PlannedNotification[] } {
  const deliveries = events.flatMap((event) => {
    const payload = { type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data };
    return subscriptions
      .filter((s) => isSubscribedTo(s.eventTypes, event.type))
      .map((s) => ({ subscriptionId: s.id, payload, occurredAt: event.occurredAt }));
  });
  const notifications = events.flatMap((event) => {
    const n = event.notify;
    if (!n) return [];
    return [...new Set(n.userIds)].map((userId) => ({
      userId,
      type: event.type,
      title: n.title,
      body: n.body,
      leadId: n.leadId,
      data: event.data,
      createdAt: event.occurredAt,
    }));
  });
  return { deliveries, notifications };
}

/** A person accepted or rejected a lead: marketing hears why it was turned down. */
export function feedbackEvent(
  f: FeedbackNote,
  lead: EngineLead,
  t: StoredTransition,
  now: Date,
  marketing: string[],
): OutboxEvent {
  // The lead as the person saw it when they decided: in the stage it left.
  const before = leadPayload({
    ...lead,
    state: { ...lead.state, stage: (t.fromStage ?? lead.state.stage) as EngineLead['state']['stage'] },
  });
  if (f.kind === 'accepted') {
    return {
      type: 'feedback.accepted',
      occurredAt: now,
      data: { lead: before, transition: transitionPayload(t) },
      notify: null,
    };
  }
  return {
    type: 'feedback.rejected',
    occurredAt: now,
    data: { lead: before, transition: transitionPayload(t), reason: f.reasonCode, note: f.note },
    notify: marketing.length
      ? {
          userIds: marketing,
          title: `Rejected: ${leadName(lead)} (${f.label})`,
          body: f.note ?? f.label,
          leadId: lead.id,
        }
      : null,
  };
}
