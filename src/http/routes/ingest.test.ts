import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bearer, settled } from '../../../test/support/fixtures.js';
import { storedCount } from '../../../test/support/stored-rows.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';
import { events } from '../../store/schema/index.js';

const t = workspaceTest({ server: true });
let seq = 0;

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
/** Posts to the tracking API with the workspace's write key (or the headers given). */
const send = (url: string, payload: unknown, headers = basic(t.ws.writeKey)) =>
  t.server.inject({ method: 'POST', url, headers, payload: payload as object });
/** A lead's events, as an admin reads them. */
const timelineOf = async (leadId: string) =>
  t.server.inject({
    method: 'GET',
    url: `/api/v1/leads/${leadId}/events`,
    headers: bearer(await t.ws.key('admin')),
  });
const uid = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

/** What analytics.js sends for a visitor who signs up: identify, track and page in one batch. */
function sdkBatch(userId: string, anonymousId: string, email: string) {
  const sentAt = new Date().toISOString();
  return {
    batch: [
      {
        type: 'identify',
        messageId: uid('m'),
        userId,
        anonymousId,
        timestamp: sentAt,
        traits: {
          email,
          name: 'Ana Lima',
          title: 'Director of Marketing',
          company: 'Globex',
          employees: 250,
          country: 'Brazil',
          plan: 'trial',
        },
        context: {
          campaign: { source: 'google', medium: 'cpc', name: 'brand-q3' },
          library: { name: 'analytics.js', version: '2.11.1' },
        },
      },
      {
        type: 'track',
        messageId: uid('m'),
        userId,
        anonymousId,
        event: 'Webinar Attended',
        properties: { webinar: 'Scoring 101' },
        timestamp: sentAt,
      },
      {
        type: 'page',
        messageId: uid('m'),
        userId,
        anonymousId,
        name: 'Pricing',
        properties: { path: '/pricing', url: 'https://globex.example/pricing' },
        timestamp: sentAt,
      },
    ],
    sentAt,
  };
}

async function leadByEmail(email: string) {
  await settled(t.server);
  const res = await t.server.inject({
    method: 'GET',
    url: `/api/v1/leads?email=${encodeURIComponent(email)}`,
    headers: bearer(await t.ws.key('admin')),
  });
  return res.json().data as { id: string; [k: string]: unknown }[];
}
const eventCount = () => storedCount(t.db, events, { workspaceId: t.ws.workspace.id });

describe('POST /v1/batch', () => {
  it('turns an SDK batch into one lead with three events and mapped traits', async () => {
    const body = sdkBatch(uid('user'), uid('anon'), 'ana.lima@globex-br.com');
    const res = await send('/v1/batch', body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true });
    const [lead, ...others] = await leadByEmail('ana.lima@globex-br.com');
    expect(others).toHaveLength(0);
    expect(lead).toMatchObject({
      firstName: 'Ana',
      lastName: 'Lima',
      company: 'Globex',
      employees: 250,
      country: 'BR',
      region: 'LATAM',
      titleFunction: 'marketing',
      titleSeniority: 'director',
      source: 'google',
      medium: 'cpc',
      campaign: 'brand-q3',
      traits: { plan: 'trial' },
    });
    const timeline = await timelineOf(lead!.id);
    expect(timeline.statusCode).toBe(200);
    expect((timeline.json().data as { type: string }[]).map((e) => e.type).sort()).toEqual([
      'identify',
      'page',
      'track',
    ]);
  });

  it('stores nothing new when the same batch is sent again (SDK retry)', async () => {
    const email = `retry-${seq}@initech.com`;
    const body = sdkBatch(uid('user'), uid('anon'), email);
    await send('/v1/batch', body);
    const before = await eventCount();
    const again = await send('/v1/batch', body);
    expect(again.statusCode).toBe(200);
    expect(await eventCount()).toBe(before);
    expect(await leadByEmail(email)).toHaveLength(1);
  });

  it('merges earlier anonymous page views into the lead when the visitor identifies', async () => {
    const anonymousId = uid('anon');
    for (const path of ['/blog/alignment', '/pricing']) {
      const r = await send('/v1/page', {
        anonymousId,
        name: path,
        properties: { path },
        messageId: uid('m'),
      });
      expect(r.statusCode).toBe(200);
    }
    const email = `visitor-${seq}@hooli.com`;
    await send('/v1/identify', { userId: uid('user'), anonymousId, traits: { email }, messageId: uid('m') });
    const [lead] = await leadByEmail(email);
    const timeline = await timelineOf(lead!.id);
    const events = timeline.json().data as { type: string; properties: { path?: string } }[];
    expect(events.map((e) => e.type)).toEqual(['identify', 'page', 'page']);
    expect(
      events
        .filter((e) => e.type === 'page')
        .map((e) => e.properties.path)
        .sort(),
    ).toEqual(['/blog/alignment', '/pricing']);
  });

  it('rejects a batch with one bad event, naming its index and field, and stores nothing', async () => {
    const before = await eventCount();
    const email = `bad-${seq}@initech.com`;
    const body = sdkBatch(uid('user'), uid('anon'), email);
    delete (body.batch[1] as { event?: string }).event;
    const res = await send('/v1/batch', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ index: 1, field: 'batch[1].event', message: expect.any(String) }]);
    expect(await eventCount()).toBe(before);
    expect(await leadByEmail(email)).toHaveLength(0);
  });

  it('accepts a gzip-encoded body', async () => {
    const email = `gzip-${seq}@umbrella.com`;
    const body = gzipSync(Buffer.from(JSON.stringify(sdkBatch(uid('user'), uid('anon'), email))));
    const res = await t.server.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { ...basic(t.ws.writeKey), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(res.body).toBe('{"success":true}');
    expect(await leadByEmail(email)).toHaveLength(1);
  });

  it('takes the write key from the body too, and answers 401 without a valid one', async () => {
    const ok = await t.server.inject({
      method: 'POST',
      url: '/v1/track',
      payload: { writeKey: t.ws.writeKey, userId: uid('u'), event: 'Signed Up' },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await t.server.inject({ method: 'POST', url: '/v1/track', payload: { userId: 'x', event: 'E' } }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await t.server.inject({
          method: 'POST',
          url: '/v1/track',
          headers: basic('tdm_wk_wrong'),
          payload: { userId: 'x', event: 'E' },
        })
      ).statusCode,
    ).toBe(401);
    // A secret API key is not a write key.
    expect(
      (
        await t.server.inject({
          method: 'POST',
          url: '/v1/track',
          headers: basic(await t.ws.key('admin')),
          payload: { userId: 'x', event: 'E' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('answers 413 for a batch over 500 KB and for a message over 32 KB, storing nothing', async () => {
    const before = await eventCount();
    const big = {
      batch: Array.from({ length: 30 }, () => ({
        type: 'track',
        userId: 'u',
        event: 'E',
        properties: { pad: 'x'.repeat(20_000) },
      })),
    };
    const batch = await send('/v1/batch', big);
    expect(batch.statusCode).toBe(413);
    const oneBig = {
      batch: [{ type: 'track', userId: 'u', event: 'E', properties: { pad: 'x'.repeat(40_000) } }],
    };
    const inBatch = await send('/v1/batch', oneBig);
    expect(inBatch.statusCode).toBe(413);
    expect(inBatch.json().errors[0]).toMatchObject({ index: 0 });
    const single = await send('/v1/track', oneBig.batch[0]);
    expect(single.statusCode).toBe(413);
    expect(await eventCount()).toBe(before);
  });

  it('matches leads to accounts by e-mail domain, but never by a free-mail domain', async () => {
    const identify = (email: string) =>
      send('/v1/identify', { userId: uid('u'), traits: { email, company: 'Soylent' } });
    await identify('one@soylent.com');
    await identify('two@soylent.com');
    await identify('three@gmail.com');
    const [one] = await leadByEmail('one@soylent.com');
    const [two] = await leadByEmail('two@soylent.com');
    const [three] = await leadByEmail('three@gmail.com');
    expect(one!.accountId).toBeTruthy();
    expect(two!.accountId).toBe(one!.accountId);
    expect(three!.accountId).toBeNull();
  });

  it('links a lead to the account of a group call', async () => {
    const userId = uid('u');
    await send('/v1/identify', { userId, traits: { email: `g-${seq}@gmail.com` } });
    const res = await send('/v1/group', {
      userId,
      groupId: 'acct-42',
      traits: { name: 'Vandelay Industries', industry: 'Import/Export', employees: 120 },
    });
    expect(res.statusCode).toBe(200);
    const [lead] = await leadByEmail(`g-${seq}@gmail.com`);
    const account = await t.server.inject({
      method: 'GET',
      url: `/api/v1/accounts/${lead!.accountId}`,
      headers: bearer(await t.ws.key('admin')),
    });
    expect(account.json()).toMatchObject({ name: 'Vandelay Industries', groupId: 'acct-42', employees: 120 });
  });

  it('never lets a write key read anything', async () => {
    expect(
      (await t.server.inject({ method: 'GET', url: '/api/v1/leads', headers: bearer(t.ws.writeKey) }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.server.inject({ method: 'GET', url: '/api/v1/leads', headers: basic(t.ws.writeKey) }))
        .statusCode,
    ).toBe(401);
  });

  it('speaks to analytics.js in a browser: CORS, text/plain bodies, short paths and its settings', async () => {
    const origin = 'https://www.globex.example';
    const preflight = await t.server.inject({
      method: 'OPTIONS',
      url: '/v1/t',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    const email = `browser-${++seq}@globex.com`;
    const identify = await t.server.inject({
      method: 'POST',
      url: '/v1/i',
      headers: { origin, 'content-type': 'text/plain' },
      payload: JSON.stringify({
        writeKey: t.ws.writeKey,
        userId: uid('u'),
        traits: { email },
        messageId: uid('m'),
      }),
    });
    expect(identify.statusCode).toBe(200);
    expect(identify.headers['access-control-allow-origin']).toBe(origin);
    expect(await leadByEmail(email)).toHaveLength(1);
    const settings = await t.server.inject({
      method: 'GET',
      url: `/v1/projects/${t.ws.writeKey}/settings`,
      headers: { host: 'tandem.example:3000' },
    });
    expect(settings.json().integrations['Segment.io']).toMatchObject({
      apiKey: t.ws.writeKey,
      apiHost: 'tandem.example:3000/v1',
    });
    expect(
      (await t.server.inject({ method: 'GET', url: '/v1/projects/tdm_wk_nope/settings' })).statusCode,
    ).toBe(404);
    // The read API does not answer other origins.
    const api = await t.server.inject({
      method: 'GET',
      url: '/api/v1/leads',
      headers: { origin, ...bearer(await t.ws.key('admin')) },
    });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 400 for a body that is not JSON or a gzip body that is not gzip', async () => {
    const text = await t.server.inject({
      method: 'POST',
      url: '/v1/t',
      headers: { 'content-type': 'text/plain' },
      payload: '{"writeKey":',
    });
    expect(text.statusCode).toBe(400);
    const gz = await t.server.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { ...basic(t.ws.writeKey), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: Buffer.from('not gzip at all'),
    });
    expect(gz.statusCode).toBe(400);
  });
});

describe('hostile input on /v1 is a 400 naming the event and field, never a 500', () => {
  const post = (url: string, payload: unknown) =>
    t.server.inject({ method: 'POST', url, headers: basic(t.ws.writeKey), payload: payload as object });
  const gzipped = (url: string, json: string) =>
    t.server.inject({
      method: 'POST',
      url,
      headers: { ...basic(t.ws.writeKey), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(Buffer.from(json)),
    });
  /** A track call whose `properties.x` is an array nested `depth` levels deep. */
  const deepTrack = (depth: number) =>
    `{"type":"track","userId":"u","event":"E","properties":{"x":${'['.repeat(depth)}1${']'.repeat(depth)}}}`;

  it('refuses NUL and lone surrogates in values and keys, naming batch index and field', async () => {
    const before = await eventCount();
    const single = await post('/v1/identify', { userId: 'u1', traits: { name: 'Ana\u0000' } });
    expect(single.statusCode).toBe(400);
    expect(single.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ index: null, field: 'traits.name' }],
    });
    const batch = sdkBatch(uid('user'), uid('anon'), `nul-${seq}@initech.com`);
    (batch.batch[1] as { properties: Record<string, unknown> }).properties = { ['x\uD800']: 1 };
    const res = await post('/v1/batch', batch);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { index: 1, field: 'batch[1].properties.x\uD800', message: expect.any(String) },
    ]);
    const envelope = await post('/v1/import', { batch: [], context: { ip: '\uDC00' } });
    expect(envelope.statusCode).toBe(400);
    expect(envelope.json().errors).toEqual([
      { index: null, field: 'context.ip', message: expect.any(String) },
    ]);
    expect(await eventCount()).toBe(before);
  });

  it('refuses 5,000 levels of nesting on /v1/track and 100,000 inside gzip on /v1/batch and /v1/import', async () => {
    const before = await eventCount();
    const track = await t.server.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { ...basic(t.ws.writeKey), 'content-type': 'application/json' },
      payload: deepTrack(5_000),
    });
    expect(track.statusCode).toBe(400);
    expect(track.json().errors[0].field).toMatch(/^properties\.x\[0\]/);
    for (const url of ['/v1/batch', '/v1/import']) {
      for (const depth of [5_000, 100_000]) {
        const res = await gzipped(url, `{"batch":[${deepTrack(depth)}]}`);
        expect(res.statusCode).toBe(400);
        expect(res.json().errors[0]).toMatchObject({
          index: 0,
          field: expect.stringMatching(/^batch\[0\]\.properties/),
        });
      }
    }
    expect(await eventCount()).toBe(before);
  });

  it('takes an out-of-range head-count or signup time as an unread trait, not a 500', async () => {
    const email = `huge-${seq}@initech.com`;
    const res = await post('/v1/identify', {
      userId: uid('user'),
      traits: { email, employees: 3_000_000_000, createdAt: 1e21, annualRevenue: 1e300 },
    });
    expect(res.statusCode).toBe(200);
    const [lead] = await leadByEmail(email);
    expect(lead).toMatchObject({ employees: null, annualRevenue: 1e300 });
    expect(lead?.traits).toMatchObject({ employees: 3_000_000_000, createdAt: 1e21 });
    const group = await post('/v1/group', {
      userId: uid('user'),
      groupId: uid('g'),
      traits: { employees: 3e9 },
    });
    expect(group.statusCode).toBe(200);
  });
});
