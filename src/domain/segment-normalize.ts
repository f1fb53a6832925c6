// A validated Segment message normalised into the one event Tandem stores: ids, the event name, properties,
// traits, context and a timestamp corrected for the sender's clock.
import {
  MAX_FUTURE_MS,
  MIN_EVENT_TIME_MS,
  type MessageType,
  type ValidMessage,
  isPlainObject,
  optionalId,
  parseIsoTimestamp,
} from './segment-spec.js';

/** One message as Tandem stores it as an event. */
export interface NormalizedEvent {
  type: MessageType;
  /** The SDK's id, the key for deduplicating retries; null when the SDK sent none (the caller mints one). */
  messageId: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** Track: the event name; page/screen: the page name (or null); identify/group/alias: null. */
  event: string | null;
  properties: Record<string, unknown>;
  /** Identify: the person's traits; group: the group's (account's) traits; track/page/screen: context.traits. */
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Group: its groupId; any other type: context.groupId (the spec's account attribution), else null. */
  groupId: string | null;
  previousId: string | null;
  /** When it happened, on the server's clock (see normalizeMessage). */
  timestamp: Date;
  /** When it happened on the client's clock, as sent; null if the client sent no time. */
  originalTimestamp: Date | null;
  sentAt: Date | null;
  receivedAt: Date;
  /** True when the corrected time lay more than a day ahead of receivedAt (or before year 1) and was replaced by it. */
  isTimestampClamped: boolean;
}

const parseOptional = (value: string | undefined): Date | null =>
  value === undefined ? null : parseIsoTimestamp(value);

const idOrNull = (value: unknown): string | null => optionalId.safeParse(value).data ?? null;

/**
 * A valid message → the event to store. The event time is corrected for the client's clock skew
 * exactly as Segment does: with a `sentAt` (the message's, else the batch's),
 * `timestamp = receivedAt − (sentAt − originalTimestamp)`, where `originalTimestamp` is the
 * client's event time (`originalTimestamp` if sent, else `timestamp`; without either the event
 * happened when it was sent: `receivedAt`). Without a `sentAt` the client's `timestamp` (else
 * `originalTimestamp`, else `receivedAt`) is taken as is, so historical imports keep their dates.
 * A result more than a day ahead of `receivedAt` cannot be true and is clamped to `receivedAt`
 * (`isTimestampClamped`), as is one before year 1; other past dates are kept.
 */
export function normalizeMessage(
  message: ValidMessage,
  { receivedAt, batchSentAt }: { receivedAt: Date; batchSentAt?: string },
): NormalizedEvent {
  const sentAt = parseOptional(message.sentAt ?? batchSentAt);
  const clientTimestamp = parseOptional(message.timestamp);
  const originalTimestamp = parseOptional(message.originalTimestamp) ?? clientTimestamp;

  let time: number;
  if (sentAt !== null)
    time =
      originalTimestamp === null
        ? receivedAt.getTime()
        : receivedAt.getTime() - (sentAt.getTime() - originalTimestamp.getTime());
  else time = (clientTimestamp ?? originalTimestamp ?? receivedAt).getTime();
  // A sentAt far from originalTimestamp can push the correction out of any calendar (year -5982).
  const isTimestampClamped = time > receivedAt.getTime() + MAX_FUTURE_MS || time < MIN_EVENT_TIME_MS;
  if (isTimestampClamped) time = receivedAt.getTime();

  const context = message.context ?? {};
  const contextTraits = isPlainObject(context.traits) ? context.traits : {};
  let event: string | null = null;
  let properties: Record<string, unknown> = {};
  let traits: Record<string, unknown> = {};
  let groupId = idOrNull(context.groupId);
  let previousId: string | null = null;
  switch (message.type) {
    case 'identify':
      traits = message.traits ?? {};
      break;
    case 'group':
      traits = message.traits ?? {};
      groupId = message.groupId;
      break;
    case 'track':
      event = message.event;
      properties = message.properties ?? {};
      traits = contextTraits;
      break;
    case 'page':
    case 'screen':
      event = message.name ?? null;
      // analytics.js also puts name and category into properties; other SDKs do not.
      properties = { ...message.properties };
      if (message.name !== undefined) properties.name ??= message.name;
      if (message.category !== undefined) properties.category ??= message.category;
      traits = contextTraits;
      break;
    case 'alias':
      previousId = message.previousId;
      break;
  }

  return {
    type: message.type,
    messageId: message.messageId ?? null,
    userId: message.userId ?? null,
    anonymousId: message.anonymousId ?? null,
    event,
    properties,
    traits,
    context,
    groupId,
    previousId,
    timestamp: new Date(time),
    originalTimestamp,
    sentAt,
    receivedAt,
    isTimestampClamped,
  };
}
