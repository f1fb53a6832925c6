import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  parseIsoTimestamp,
  validateMessages,
  type MessageError,
  type ValidMessage,
} from './segment-spec.js';
import { normalizeMessage } from './segment-normalize.js';

// ---- Payloads as the SDKs send them (trimmed of noise, shapes and field types kept). ----

/** analytics.js (analytics-next) with batching on: identify + track + page in one request. */
const analyticsJsBatch = {
  batch: [
    {
      timestamp: '2024-03-05T10:15:29.001Z',
      integrations: {},
      type: 'identify',
      traits: { email: 'jane@acme.com', firstName: 'Jane', title: 'VP Marketing' },
      userId: 'user-42',
      anonymousId: '8d1b2a4e-2f7c-4b0c-9d55-0e0e6c1d2f11',
      messageId: 'ajs-next-1709633729001-1b7a0c1e-7d0f-4d8a-b5b0-2b0a9c3f0d11',
      context: {
        page: { path: '/signup', referrer: '', search: '', title: 'Sign up', url: 'https://acme.com/signup' },
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)',
        locale: 'en-US',
        library: { name: 'analytics.js', version: 'next-1.64.0' },
        campaign: { source: 'google', medium: 'cpc', name: 'brand' },
      },
      _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
    },
    {
      timestamp: '2024-03-05T10:15:30.123Z',
      integrations: {},
      type: 'track',
      properties: { plan: 'pro', seats: 25 },
      event: 'Demo Requested',
      userId: 'user-42',
      anonymousId: '8d1b2a4e-2f7c-4b0c-9d55-0e0e6c1d2f11',
      messageId: 'ajs-next-1709633730123-5b9d0f2e-3c8a-4d4e-8f6a-0c2d9e1b7a22',
      context: { library: { name: 'analytics.js', version: 'next-1.64.0' }, traits: { company: 'Acme' } },
    },
    {
      timestamp: '2024-03-05T10:15:31.500Z',
      integrations: {},
      type: 'page',
      properties: {
        path: '/pricing',
        referrer: 'https://google.com/',
        search: '',
        title: 'Pricing',
        url: 'https://acme.com/pricing',
      },
      name: 'Pricing',
      category: 'Docs',
      userId: null,
      anonymousId: '8d1b2a4e-2f7c-4b0c-9d55-0e0e6c1d2f11',
      messageId: 'ajs-next-1709633731500-9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c33',
      context: { library: { name: 'analytics.js', version: 'next-1.64.0' } },
    },
  ],
  sentAt: '2024-03-05T10:15:32.000Z',
  writeKey: 'wk_live_abc',
};

/** @segment/analytics-node: sentAt only on the batch, writeKey in the Authorization header. */
const analyticsNodeBatch = {
  batch: [
    {
      type: 'track',
      userId: '1001',
      event: 'Webinar Attended',
      properties: { webinar: 'Pipeline 101', minutes: 48 },
      context: { library: { name: '@segment/analytics-node', version: '2.1.2' } },
      _metadata: { nodeVersion: '20.11.0', jsRuntime: 'node' },
      timestamp: '2024-03-05T09:00:00.000Z',
      messageId: 'node-next-1709629200000-f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
      integrations: {},
    },
    {
      type: 'group',
      userId: '1001',
      groupId: 'acct_77',
      traits: { name: 'Acme', industry: 'Software', employees: 420 },
      context: { library: { name: '@segment/analytics-node', version: '2.1.2' } },
      timestamp: '2024-03-05T09:00:01.000Z',
      messageId: 'node-next-1709629201000-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    },
    {
      type: 'alias',
      previousId: 'anon-5',
      userId: '1001',
      context: { library: { name: '@segment/analytics-node', version: '2.1.2' } },
      timestamp: '2024-03-05T09:00:02.000Z',
      messageId: 'node-next-1709629202000-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    },
  ],
  sentAt: '2024-03-05T09:00:05.000Z',
};

/** RudderStack JavaScript SDK: originalTimestamp + sentAt per message, extra top-level fields. */
const rudderStackBatch = {
  batch: [
    {
      channel: 'web',
      context: {
        app: { name: 'RudderLabs JavaScript SDK', namespace: 'com.rudderlabs.javascript', version: '2.48.0' },
        traits: { email: 'sam@globex.io' },
        library: { name: 'RudderLabs JavaScript SDK', version: '2.48.0' },
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        os: { name: '', version: '' },
        locale: 'en-GB',
        screen: { density: 2, width: 1440, height: 900 },
        campaign: {},
        page: {
          path: '/blog/abm',
          referrer: '$direct',
          search: '',
          title: 'ABM',
          url: 'https://globex.io/blog/abm',
        },
      },
      type: 'page',
      messageId: '4f1c6d0e-9b6a-4b8e-8f2d-6a1e0c9b7d55',
      originalTimestamp: '2024-03-05T11:00:00.000Z',
      anonymousId: 'd4c3b2a1-0f9e-4d8c-b7a6-5e4d3c2b1a00',
      userId: '',
      event: null,
      properties: {
        name: 'ABM guide',
        path: '/blog/abm',
        referrer: '$direct',
        search: '',
        title: 'ABM',
        url: 'https://globex.io/blog/abm',
        tab_url: 'https://globex.io/blog/abm',
      },
      name: 'ABM guide',
      category: null,
      integrations: { All: true },
      sentAt: '2024-03-05T11:00:02.000Z',
      rudderId: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
    },
  ],
  sentAt: '2024-03-05T11:00:02.000Z',
};

const receivedAt = new Date('2024-03-05T12:00:00.000Z');

function expectValid(body: unknown, kind: Parameters<typeof validateMessages>[1]): ValidMessage[] {
  const result = validateMessages(body, kind);
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
  return result.messages;
}

function expectErrors(body: unknown, kind: Parameters<typeof validateMessages>[1]): MessageError[] {
  const result = validateMessages(body, kind);
  if (result.ok) throw new Error('expected errors, got a valid payload');
  return result.errors;
}

describe('validateMessages: real SDK payloads', () => {
  it('accepts an analytics.js batch of identify, track and page, keeping the SDK extras', () => {
    const messages = expectValid(analyticsJsBatch, 'batch');
    expect(messages.map((m) => m.type)).toEqual(['identify', 'track', 'page']);
    const page = messages[2];
    expect(page?.userId).toBeUndefined(); // "userId": null means anonymous
    expect(page?.sentAt).toBe('2024-03-05T10:15:32.000Z'); // the batch's sentAt fills in
    expect(messages[0]?._metadata).toEqual({ bundled: ['Segment.io'], unbundled: [], bundledIds: [] });
  });

  it('accepts an analytics-node batch of track, group and alias', () => {
    const messages = expectValid(analyticsNodeBatch, 'batch');
    expect(messages.map((m) => m.type)).toEqual(['track', 'group', 'alias']);
  });

  it('accepts a RudderStack batch with a blank userId, null event and null category', () => {
    const [page] = expectValid(rudderStackBatch, 'batch');
    expect(page?.userId).toBeUndefined();
    expect(page?.anonymousId).toBe('d4c3b2a1-0f9e-4d8c-b7a6-5e4d3c2b1a00');
    expect(page?.channel).toBe('web');
  });

  it('accepts analytics-python timestamps with microseconds and an offset, and a numeric userId', () => {
    const [identify] = expectValid(
      {
        userId: 4242,
        anonymousId: null,
        traits: { email: 'li@initech.com' },
        context: { library: { name: 'analytics-python', version: '2.3.2' } },
        timestamp: '2024-03-05T10:15:30.123456+00:00',
        messageId: '0b7d5f8a-3c2e-4f1a-9d6b-8e4c2a0f1b3d',
        type: 'identify',
      },
      'identify',
    );
    expect(identify?.userId).toBe('4242');
  });

  it('accepts the single-message examples of the HTTP API, where type is implied by the endpoint', () => {
    expectValid(
      { userId: '019mr8mf4r', event: 'Item Purchased', properties: { revenue: 14.99 }, writeKey: 'k' },
      'track',
    );
    expectValid(
      { userId: '019mr8mf4r', name: 'Tracking HTTP API', timestamp: '2012-12-02T00:31:29.738Z' },
      'screen',
    );
    // Segment's own batch example writes "2015-2-02"; SDK leniency is kept.
    expectValid(
      { batch: [{ type: 'identify', userId: 'x', timestamp: '2015-2-02T00:30:08.276Z' }] },
      'batch',
    );
  });
});

describe('validateMessages: errors', () => {
  it('reports a track without an event name at its batch position', () => {
    const errors = expectErrors(
      {
        batch: [
          { type: 'identify', userId: 'u' },
          { type: 'track', userId: 'u' },
        ],
      },
      'batch',
    );
    expect(errors).toEqual([{ index: 1, field: 'event', message: 'is required' }]);
  });

  it('reports a timestamp of the wrong type', () => {
    const errors = expectErrors({ userId: 'u', event: 'E', timestamp: 1709633730 }, 'track');
    expect(errors).toEqual([{ index: null, field: 'timestamp', message: 'must be an ISO-8601 date string' }]);
    const bad = expectErrors({ userId: 'u', event: 'E', sentAt: 'yesterday' }, 'track');
    expect(bad[0]).toMatchObject({ field: 'sentAt', message: expect.stringContaining('ISO-8601') });
  });

  it('reports an alias without previousId, and one without userId', () => {
    expect(expectErrors({ userId: 'u' }, 'alias')).toEqual([
      { index: null, field: 'previousId', message: 'is required' },
    ]);
    expect(expectErrors({ previousId: 'p', anonymousId: 'a' }, 'alias')).toEqual([
      { index: null, field: 'userId', message: 'is required' },
    ]);
  });

  it('reports a message with neither userId nor anonymousId, blank and null counting as missing', () => {
    for (const ids of [{}, { userId: '  ', anonymousId: null }]) {
      expect(expectErrors({ ...ids, event: 'E' }, 'track')).toEqual([
        { index: null, field: 'userId', message: 'userId or anonymousId is required' },
      ]);
    }
  });

  it('reports every problem of every message at once', () => {
    const errors = expectErrors(
      {
        batch: [
          { type: 'track', userId: 'ok', event: 'Fine' },
          { type: 'track', event: 42, context: 'web' },
          { type: 'pageview', userId: 'u' },
          'not a message',
          { type: 'group', userId: 'u', traits: [] },
          { type: 'page', anonymousId: 'a', properties: { url: 5 } },
        ],
        context: { ip: '1.2.3.4' },
      },
      'batch',
    );
    expect(errors).toEqual([
      { index: 1, field: 'context', message: 'must be an object' },
      { index: 1, field: 'event', message: 'must be a string' },
      { index: 1, field: 'userId', message: 'userId or anonymousId is required' },
      { index: 2, field: 'type', message: 'must be one of identify, track, page, screen, group, alias' },
      { index: 3, field: '', message: 'must be a JSON object' },
      { index: 4, field: 'groupId', message: 'is required' },
      { index: 4, field: 'traits', message: 'must be an object' },
      { index: 5, field: 'properties.url', message: 'must be a string' },
    ]);
  });

  it('reports a batch envelope that is not one', () => {
    expect(expectErrors({ batch: { type: 'track' } }, 'batch')).toEqual([
      { index: null, field: 'batch', message: 'must be an array' },
    ]);
    expect(expectErrors({}, 'batch')).toEqual([{ index: null, field: 'batch', message: 'is required' }]);
    expect(expectErrors([], 'batch')).toEqual([{ index: null, field: '', message: 'must be a JSON object' }]);
    expect(expectErrors({ batch: [], context: 'x', sentAt: 5 }, 'batch').map((e) => e.field)).toEqual([
      'context',
      'sentAt',
    ]);
  });

  it('rejects a type that contradicts the endpoint, and an id of the wrong type', () => {
    expect(expectErrors({ type: 'identify', userId: 'u', event: 'E' }, 'track')).toEqual([
      { index: null, field: 'type', message: "must be 'track' on this endpoint (or left out)" },
    ]);
    expect(expectErrors({ userId: { id: 1 }, event: 'E' }, 'track')).toEqual([
      { index: null, field: 'userId', message: 'must be a string' },
    ]);
  });

  it('accepts an empty batch', () => {
    expect(validateMessages({ batch: [] }, 'batch')).toEqual({ ok: true, messages: [] });
  });
});

describe('size limits', () => {
  const padded = (bytes: number) => ({
    type: 'track',
    userId: 'u',
    event: 'E',
    properties: { pad: 'x'.repeat(bytes) },
  });

  it('rejects a message over 32 KB, alone or in a batch, and names it', () => {
    const big = padded(MAX_MESSAGE_BYTES);
    const errors = expectErrors({ batch: [padded(10), big, padded(10)] }, 'batch');
    expect(errors).toEqual([
      { index: 1, field: '', message: expect.stringContaining('32 KB'), limit: 'message' },
    ]);
    expect(expectErrors(big, 'track')[0]).toMatchObject({ index: null, field: '' });
  });

  it('counts bytes, not characters', () => {
    const euros = padded(Math.floor(MAX_MESSAGE_BYTES / 3)); // '€' is 3 bytes in UTF-8
    euros.properties.pad = '€'.repeat(Math.floor(MAX_MESSAGE_BYTES / 3));
    expect(expectErrors({ batch: [euros] }, 'batch')).toEqual([
      expect.objectContaining({ index: 0, limit: 'message' }),
    ]);
    euros.properties.pad = 'e'.repeat(Math.floor(MAX_MESSAGE_BYTES / 3));
    expect(validateMessages({ batch: [euros] }, 'batch').ok).toBe(true);
  });

  it('rejects a batch over 500 KB even when each message fits', () => {
    const batch = Array.from({ length: 20 }, () => padded(30 * 1024));
    const errors = expectErrors({ batch }, 'batch');
    expect(errors).toEqual([
      { index: null, field: 'batch', message: expect.stringContaining('500 KB'), limit: 'batch' },
    ]);
    expect(MAX_BATCH_BYTES).toBe(512_000);
  });

  it('measures a batch as its whole JSON text, to the byte', () => {
    // The batch's size is derived from its messages' sizes (each is serialised once): one byte
    // over the limit must be caught, and a batch of exactly the limit must pass.
    const body = {
      sentAt: '2024-05-01T12:00:00.000Z',
      batch: Array.from({ length: 17 }, () => padded(30_000)),
      context: { library: { name: 'analytics-node', version: '€1' } },
    };
    const bytes = () => Buffer.byteLength(JSON.stringify(body), 'utf8');
    const last = body.batch.at(-1)!;
    last.properties.pad += 'x'.repeat(MAX_BATCH_BYTES - bytes());
    expect(bytes()).toBe(MAX_BATCH_BYTES);
    expect(validateMessages(body, 'batch').ok).toBe(true);
    last.properties.pad += 'x';
    expect(expectErrors(body, 'batch')).toEqual([
      {
        index: null,
        field: 'batch',
        message: `is ${MAX_BATCH_BYTES + 1} bytes; a batch may be at most ${MAX_BATCH_BYTES} bytes (500 KB)`,
        limit: 'batch',
      },
    ]);
  });
});

describe('batch context and integrations', () => {
  it('merges the batch context into each message, the message winning field by field', () => {
    const [first, second] = expectValid(
      {
        batch: [
          { type: 'track', userId: 'u', event: 'A', context: { ip: '2.2.2.2', library: { version: '2.0' } } },
          { type: 'track', userId: 'u', event: 'B' },
        ],
        context: {
          ip: '1.1.1.1',
          library: { name: 'analytics-go', version: '1.0' },
          device: { type: 'server' },
        },
        integrations: { All: false },
      },
      'batch',
    );
    expect(first?.context).toEqual({
      ip: '2.2.2.2',
      library: { name: 'analytics-go', version: '2.0' },
      device: { type: 'server' },
    });
    expect(second?.context).toEqual({
      ip: '1.1.1.1',
      library: { name: 'analytics-go', version: '1.0' },
      device: { type: 'server' },
    });
    expect(second?.integrations).toEqual({ All: false });
  });

  it('a message keeps its own sentAt over the batch one', () => {
    const [message] = expectValid(rudderStackBatch, 'batch');
    expect(message?.sentAt).toBe('2024-03-05T11:00:02.000Z');
    const [own] = expectValid(
      {
        batch: [{ type: 'identify', userId: 'u', sentAt: '2024-01-01T00:00:00Z' }],
        sentAt: '2024-02-01T00:00:00Z',
      },
      'batch',
    );
    expect(own?.sentAt).toBe('2024-01-01T00:00:00Z');
  });
});

describe('normalizeMessage', () => {
  it('turns an analytics.js batch into events, correcting the clock with the batch sentAt', () => {
    const events = expectValid(analyticsJsBatch, 'batch').map((m) => normalizeMessage(m, { receivedAt }));
    const [identify, track, page] = events;
    // The browser was 1h44m28s behind: sentAt 10:15:32 arrived at 12:00:00.
    expect(track?.timestamp.toISOString()).toBe('2024-03-05T11:59:58.123Z');
    expect(track).toMatchObject({
      event: 'Demo Requested',
      properties: { plan: 'pro', seats: 25 },
      traits: { company: 'Acme' },
    });
    expect(identify).toMatchObject({
      type: 'identify',
      event: null,
      traits: { email: 'jane@acme.com' },
      userId: 'user-42',
    });
    expect(page).toMatchObject({
      event: 'Pricing',
      userId: null,
      properties: { url: 'https://acme.com/pricing', name: 'Pricing', category: 'Docs' },
    });
    expect(page?.originalTimestamp?.toISOString()).toBe('2024-03-05T10:15:31.500Z');
    expect(page?.sentAt?.toISOString()).toBe('2024-03-05T10:15:32.000Z');
    expect(page?.receivedAt).toBe(receivedAt);
  });

  it('corrects a client clock running 1 hour fast', () => {
    // Really happened at 11:59:50 and was sent at 11:59:59.8; the client's clock said 13:00 …
    const [message] = expectValid(
      {
        userId: 'u',
        event: 'Clicked',
        timestamp: '2024-03-05T12:59:50.000Z',
        sentAt: '2024-03-05T12:59:59.800Z',
      },
      'track',
    ).map((m) => normalizeMessage(m, { receivedAt }));
    expect(message?.timestamp.toISOString()).toBe('2024-03-05T11:59:50.200Z');
    expect(message?.originalTimestamp?.toISOString()).toBe('2024-03-05T12:59:50.000Z');
    expect(message?.isTimestampClamped).toBe(false);
  });

  it('uses originalTimestamp as the client time when an SDK sends it (RudderStack)', () => {
    const [page] = expectValid(rudderStackBatch, 'batch').map((m) => normalizeMessage(m, { receivedAt }));
    expect(page?.timestamp.toISOString()).toBe('2024-03-05T11:59:58.000Z');
    expect(page).toMatchObject({
      type: 'page',
      event: 'ABM guide',
      traits: { email: 'sam@globex.io' },
      userId: null,
    });
  });

  it('takes batchSentAt from the caller when the message has none', () => {
    const [message] = expectValid({ userId: 'u', event: 'E', timestamp: '2024-03-05T09:00:00Z' }, 'track');
    const event = normalizeMessage(message!, { receivedAt, batchSentAt: '2024-03-05T09:00:10Z' });
    expect(event.timestamp.toISOString()).toBe('2024-03-05T11:59:50.000Z');
  });

  it('keeps a historical timestamp when there is no sentAt, and uses receivedAt when there is no time at all', () => {
    const [old] = expectValid(
      { userId: 'u', event: 'Imported', timestamp: '2019-06-01T08:00:00+02:00' },
      'track',
    );
    expect(normalizeMessage(old!, { receivedAt }).timestamp.toISOString()).toBe('2019-06-01T06:00:00.000Z');
    const [bare] = expectValid({ userId: 'u', event: 'Now' }, 'track');
    const event = normalizeMessage(bare!, { receivedAt });
    expect(event.timestamp).toEqual(receivedAt);
    expect(event.originalTimestamp).toBeNull();
    const [sentOnly] = expectValid({ userId: 'u', event: 'Now', sentAt: '2030-01-01T00:00:00Z' }, 'track');
    expect(normalizeMessage(sentOnly!, { receivedAt }).timestamp).toEqual(receivedAt);
  });

  it('clamps a time more than a day in the future to receivedAt', () => {
    const [future] = expectValid({ userId: 'u', event: 'E', timestamp: '2024-03-07T12:00:00Z' }, 'track');
    const event = normalizeMessage(future!, { receivedAt });
    expect(event.timestamp).toEqual(receivedAt);
    expect(event.isTimestampClamped).toBe(true);
    const [soon] = expectValid({ userId: 'u', event: 'E', timestamp: '2024-03-06T11:00:00Z' }, 'track');
    expect(normalizeMessage(soon!, { receivedAt }).isTimestampClamped).toBe(false);
  });

  it('clamps a correction that lands before year 1, and refuses year 0', () => {
    const [skewed] = expectValid(
      { userId: 'u', event: 'E', originalTimestamp: '1990-01-01T00:00:00Z', sentAt: '9999-12-31T23:59:59Z' },
      'track',
    );
    const event = normalizeMessage(skewed!, { receivedAt });
    expect(event).toMatchObject({ timestamp: receivedAt, isTimestampClamped: true });
    const res = validateMessages({ userId: 'u', event: 'E', timestamp: '0000-01-01T00:00:00Z' }, 'track');
    expect(res.ok ? [] : res.errors.map((e) => e.field)).toEqual(['timestamp']);
  });

  it('carries group, alias and message ids through', () => {
    const [track, group, alias] = expectValid(analyticsNodeBatch, 'batch').map((m) =>
      normalizeMessage(m, { receivedAt }),
    );
    expect(group).toMatchObject({
      groupId: 'acct_77',
      traits: { name: 'Acme', employees: 420 },
      previousId: null,
    });
    expect(alias).toMatchObject({ previousId: 'anon-5', userId: '1001', groupId: null, traits: {} });
    expect(track?.messageId).toBe('node-next-1709629200000-f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b');
    const [noId] = expectValid({ anonymousId: 'a', event: 'E', context: { groupId: 991 } }, 'track');
    expect(normalizeMessage(noId!, { receivedAt })).toMatchObject({
      messageId: null,
      groupId: '991',
      properties: {},
    });
  });

  it('recovers the true time for any clock skew and sending delay (property)', () => {
    const base = Date.parse('2024-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 86_400_000 }), // when it really happened
        fc.integer({ min: -7 * 86_400_000, max: 7 * 86_400_000 }), // how wrong the client clock is
        fc.integer({ min: 0, max: 3 * 86_400_000 }), // how long it sat in the queue
        (happened, skew, delay) => {
          const client = (t: number) => new Date(base + t + skew).toISOString();
          const [message] = expectValid(
            { userId: 'u', event: 'E', timestamp: client(happened), sentAt: client(happened + delay) },
            'track',
          );
          const event = normalizeMessage(message!, { receivedAt: new Date(base + happened + delay) });
          expect(event.timestamp.getTime()).toBe(base + happened);
        },
      ),
    );
  });
});

describe('parseIsoTimestamp', () => {
  it.each([
    ['2024-03-05T10:15:30.123Z', '2024-03-05T10:15:30.123Z'],
    ['2024-03-05T10:15:30Z', '2024-03-05T10:15:30.000Z'],
    ['2024-03-05T10:15:30.123456+00:00', '2024-03-05T10:15:30.123Z'],
    ['2024-03-05T12:15:30+02:00', '2024-03-05T10:15:30.000Z'],
    ['2024-03-05T05:15:30-0500', '2024-03-05T10:15:30.000Z'],
    ['2024-03-05T10:15:30', '2024-03-05T10:15:30.000Z'],
    ['2024-03-05 10:15:30Z', '2024-03-05T10:15:30.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2015-2-02T00:30:08.276Z', '2015-02-02T00:30:08.276Z'],
  ])('%s → %s', (input, iso) => {
    expect(parseIsoTimestamp(input)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '1709633730',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-05T25:00:00Z',
    '2024-03-05T10:61:00Z',
    'Tue, 05 Mar 2024 10:15:30 GMT',
  ])('%j is not an ISO-8601 date', (input) => {
    expect(parseIsoTimestamp(input)).toBeNull();
  });
});
