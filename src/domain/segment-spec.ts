// Segment HTTP Tracking API messages: validation exactly per the spec (normalisation into events: segment-normalize.ts).
import { z } from 'zod';
import { UNSAFE_TEXT_MESSAGES, findUnsafeText } from './text-safety.js';

export const MESSAGE_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
/** What an ingestion endpoint accepts: one message of a type (`/v1/track`, …) or `/v1/batch`. */
export type MessageKind = MessageType | 'batch';

/** Per the spec: at most 32 KB per message (alone or inside a batch) and 500 KB per batch request. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** A corrected timestamp further than this past `receivedAt` is not believed (see normalizeMessage). */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
/** A corrected timestamp before this is not believed either: it cannot be written as an ISO date. */
export const MIN_EVENT_TIME_MS = Date.parse('0001-01-01T00:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// ISO-8601 timestamps

const ISO_8601 =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time as SDKs send it → Date; null if it is not one. Lenient where SDKs
 * are (any fraction length — Python sends microseconds; single-digit month/day, as in Segment's
 * own batch example); a time without an offset is read as UTC.
 */
export function parseIsoTimestamp(value: string): Date | null {
  const m = ISO_8601.exec(value.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', , sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // There is no year 0 in PostgreSQL (1 BC comes before AD 1), nor on any SDK's clock.
  if (year < 1) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59 || Number(oh) > 14 || Number(om) > 59) return null;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return new Date(utc.getTime() - (sign === undefined ? 0 : offsetMs));
}

// ---------------------------------------------------------------------------------------------
// Schemas. `null` is accepted wherever a field is optional (analytics.js sends `"userId": null`)
// and read as absent; blank ids are absent too. Numeric ids are accepted and become strings.

const absentIfNull = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

const idValue = z.union([z.string(), z.number()], {
  error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string'),
});
export const optionalId = idValue.nullish().transform((v) => {
  const id = v === null || v === undefined ? '' : String(v).trim();
  return id === '' ? undefined : id;
});
const requiredId = idValue.transform((v, ctx) => {
  const id = String(v).trim();
  if (id === '') ctx.addIssue({ code: 'custom', message: 'must not be empty' });
  return id;
});

const isoTimestamp = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be an ISO-8601 date string') })
  .refine(
    (s) => parseIsoTimestamp(s) !== null,
    'must be an ISO-8601 date string, e.g. 2024-05-01T12:00:00.000Z',
  );
const optionalTimestamp = isoTimestamp.nullish().transform(absentIfNull);

const jsonObject = z.record(z.string(), z.unknown(), {
  error: (iss) => (iss.input === undefined ? 'is required' : 'must be an object'),
});
const optionalObject = jsonObject.nullish().transform(absentIfNull);
const optionalString = z.string({ error: 'must be a string' }).nullish().transform(absentIfNull);

const commonFields = {
  messageId: optionalId,
  anonymousId: optionalId,
  userId: optionalId,
  timestamp: optionalTimestamp,
  sentAt: optionalTimestamp,
  originalTimestamp: optionalTimestamp,
  context: optionalObject,
  integrations: optionalObject,
  writeKey: optionalString,
};

const pageProperties = z
  .looseObject(
    {
      name: optionalString,
      path: optionalString,
      url: optionalString,
      title: optionalString,
      referrer: optionalString,
      search: optionalString,
    },
    { error: 'must be an object' },
  )
  .nullish()
  .transform(absentIfNull);

const FIELDS_BY_TYPE = {
  identify: { traits: optionalObject },
  track: {
    event: z
      .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
      .trim()
      .min(1, 'must not be empty'),
    properties: optionalObject,
  },
  page: { name: optionalString, category: optionalString, properties: pageProperties },
  screen: { name: optionalString, category: optionalString, properties: pageProperties },
  group: { groupId: requiredId, traits: optionalObject },
  alias: { previousId: requiredId },
} as const;

function messageSchema<T extends MessageType>(type: T) {
  return z.looseObject({ ...commonFields, ...FIELDS_BY_TYPE[type], type: z.literal(type).optional() });
}

const SCHEMAS = {
  identify: messageSchema('identify'),
  track: messageSchema('track'),
  page: messageSchema('page'),
  screen: messageSchema('screen'),
  group: messageSchema('group'),
  alias: messageSchema('alias'),
};

type Typed<T extends MessageType> = z.output<(typeof SCHEMAS)[T]> & { type: T };
export type IdentifyMessage = Typed<'identify'>;
export type TrackMessage = Typed<'track'>;
export type PageMessage = Typed<'page'>;
export type ScreenMessage = Typed<'screen'>;
export type GroupMessage = Typed<'group'>;
export type AliasMessage = Typed<'alias'>;
/** A message that passed validation: `type` is always set, ids are trimmed strings, nulls are absent. */
export type ValidMessage =
  IdentifyMessage | TrackMessage | PageMessage | ScreenMessage | GroupMessage | AliasMessage;

// ---------------------------------------------------------------------------------------------
// Validation

export interface MessageError {
  /** Position in the batch; null for a single-message endpoint or the batch envelope. */
  index: number | null;
  /** Path inside the message (`event`, `context.traits.email`); '' for the message as a whole. */
  field: string;
  message: string;
  /** Set when the problem is a size limit (the HTTP layer answers 413 rather than 400). */
  limit?: 'message' | 'batch';
}

export type ValidationResult = { ok: true; messages: ValidMessage[] } | { ok: false; errors: MessageError[] };

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/** Size of a value serialised as JSON, in bytes: what the spec's size limits count. */
export function jsonByteLength(value: unknown): number {
  const json = JSON.stringify(value);
  // Counted, not encoded: no copy of the text is made just to learn its length.
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
}

/** Deep merge of plain objects; `over` wins on conflicts. */
function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === '__proto__') continue; // never let a payload reach an object's prototype
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeObjects(current, value) : value;
  }
  return out;
}

interface BatchDefaults {
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  sentAt?: string;
}

function validateOne(
  raw: unknown,
  index: number | null,
  endpointType: MessageType | null,
  defaults: BatchDefaults,
  errors: MessageError[],
  bytes = jsonByteLength(raw),
): ValidMessage | null {
  const fail = (field: string, message: string, limit?: 'message'): null => {
    errors.push({ index, field, message, ...(limit ? { limit } : {}) });
    return null;
  };
  if (!isPlainObject(raw)) return fail('', 'must be a JSON object');
  if (bytes > MAX_MESSAGE_BYTES) {
    return fail(
      '',
      `is ${bytes} bytes; a message may be at most ${MAX_MESSAGE_BYTES} bytes (32 KB)`,
      'message',
    );
  }
  let type: MessageType;
  if (endpointType === null) {
    if (raw.type === undefined || raw.type === null) return fail('type', 'is required');
    if (!MESSAGE_TYPES.includes(raw.type as MessageType))
      return fail('type', `must be one of ${MESSAGE_TYPES.join(', ')}`);
    type = raw.type as MessageType;
  } else {
    if (raw.type !== undefined && raw.type !== null && raw.type !== endpointType) {
      return fail('type', `must be '${endpointType}' on this endpoint (or left out)`);
    }
    type = endpointType;
  }

  const parsed = SCHEMAS[type].safeParse(raw);
  const before = errors.length;
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push({ index, field: fieldPath(issue.path), message: issue.message });
  }
  // Identity, checked apart from the schema so it is reported alongside every other problem.
  const idIsBroken = (field: string): boolean => errors.slice(before).some((e) => e.field === field);
  const hasId = (key: string): boolean => optionalId.safeParse(raw[key]).data !== undefined;
  if (type === 'alias') {
    if (!hasId('userId') && !idIsBroken('userId'))
      errors.push({ index, field: 'userId', message: 'is required' });
  } else if (
    !hasId('userId') &&
    !hasId('anonymousId') &&
    !idIsBroken('userId') &&
    !idIsBroken('anonymousId')
  ) {
    errors.push({ index, field: 'userId', message: 'userId or anonymousId is required' });
  }
  if (!parsed.success || errors.length > before) return null;

  const message = { ...parsed.data, type } as ValidMessage;
  if (defaults.context !== undefined) message.context = mergeObjects(defaults.context, message.context ?? {});
  if (defaults.integrations !== undefined) {
    message.integrations = mergeObjects(defaults.integrations, message.integrations ?? {});
  }
  if (message.sentAt === undefined && defaults.sentAt !== undefined) message.sentAt = defaults.sentAt;
  return message;
}

const batchEnvelope = z.looseObject({
  batch: z.array(z.unknown(), {
    error: (iss) => (iss.input === undefined ? 'is required' : 'must be an array'),
  }),
  context: optionalObject,
  integrations: optionalObject,
  sentAt: optionalTimestamp,
  writeKey: optionalString,
});

/**
 * Validates a request body for one endpoint and reports every problem at once, each with the
 * batch position (null for single-message endpoints) and the field inside the message. On
 * success the batch's `context` and `integrations` are merged into each message (the message
 * wins, deeply) and the batch's `sentAt` fills in a message's missing `sentAt`.
 */
export function validateMessages(body: unknown, kind: MessageKind): ValidationResult {
  const errors: MessageError[] = [];
  const messages: ValidMessage[] = [];
  // Text PostgreSQL cannot store, and nesting that would overflow the stack in JSON.stringify
  // below, are refused before anything else looks at a message.
  const isUnsafe = (value: unknown, index: number | null): boolean => {
    const found = findUnsafeText(value);
    if (found)
      errors.push({ index, field: fieldPath(found.path), message: UNSAFE_TEXT_MESSAGES[found.problem] });
    return found !== null;
  };
  if (kind !== 'batch') {
    if (isUnsafe(body, null)) return { ok: false, errors };
    const message = validateOne(body, null, kind, {}, errors);
    if (message !== null) messages.push(message);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, messages };
  }

  if (!isPlainObject(body))
    return { ok: false, errors: [{ index: null, field: '', message: 'must be a JSON object' }] };
  const items = Array.isArray(body.batch) ? (body.batch as unknown[]) : [];
  const isEnvelopeUnsafe = isUnsafe(Array.isArray(body.batch) ? { ...body, batch: [] } : body, null);
  const unsafeItems = new Set(items.flatMap((item, index) => (isUnsafe(item, index) ? [index] : [])));
  if (isEnvelopeUnsafe) return { ok: false, errors };
  // Each message is serialised once: its own size, and the batch's is the envelope's (with an
  // empty `batch`) plus the messages and the commas between them.
  // (An unsafe message is already refused and not measured.)
  const sizes = items.map((item, index) => (unsafeItems.has(index) ? 0 : jsonByteLength(item)));
  const size =
    jsonByteLength(Array.isArray(body.batch) ? { ...body, batch: [] } : body) +
    sizes.reduce((sum, n) => sum + n, 0) +
    Math.max(sizes.length - 1, 0);
  if (size > MAX_BATCH_BYTES) {
    errors.push({
      index: null,
      field: 'batch',
      message: `is ${size} bytes; a batch may be at most ${MAX_BATCH_BYTES} bytes (500 KB)`,
      limit: 'batch',
    });
  }
  const envelope = batchEnvelope.safeParse(body);
  if (!envelope.success) {
    for (const issue of envelope.error.issues)
      errors.push({ index: null, field: fieldPath(issue.path), message: issue.message });
  }
  const defaults: BatchDefaults = envelope.success
    ? {
        context: envelope.data.context,
        integrations: envelope.data.integrations,
        sentAt: envelope.data.sentAt,
      }
    : {};
  items.forEach((item, index) => {
    if (unsafeItems.has(index)) return;
    const message = validateOne(item, index, null, defaults, errors, sizes[index]);
    if (message !== null) messages.push(message);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, messages };
}
