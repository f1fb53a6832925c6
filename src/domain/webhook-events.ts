// The events Tandem sends to webhook subscribers, and when a failed delivery is tried again.

export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.stage_changed',
  'lead.assigned',
  'lead.reassigned',
  'lead.recycled',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'feedback.accepted',
  'feedback.rejected',
  'lead.flagged',
  'rejection.disputed',
  'dispute.resolved',
  'agreement.activated',
  'marketing.commitment_missed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A subscription to this receives every event type, including ones added later. */
export const ALL_EVENTS = '*';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after each failed attempt: about two days in all, then the delivery is given up. */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/** How long to wait after failed attempt number `attempt` (1-based); null: that was the last one. */
export function nextAttemptDelayMs(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) return null;
  return RETRY_SCHEDULE_MS[attempt - 1] ?? null;
}

/** Whether a subscription listening to `eventTypes` receives events of `type`. */
export function isSubscribedTo(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.includes(ALL_EVENTS) || eventTypes.includes(type);
}
