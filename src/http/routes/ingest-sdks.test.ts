// Server-side SDKs as they really send: the RudderStack Node SDK posts gzipped JSON labelled as a
// form, and its messages carry the person's e-mail in context.traits rather than in an identify.
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import Analytics from '@rudderstack/rudder-sdk-node';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { bearer } from '../../../test/support/fixtures.js';
import { storedCount } from '../../../test/support/stored-rows.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';
import { findKnownIdentities } from '../../store/identities.js';
import { leadIdentities } from '../../store/schema/index.js';

const t = workspaceTest();
let app: FastifyInstance | undefined;
let seq = 0;

async function start(): Promise<FastifyInstance> {
  app = await t.app();
  return app;
}

const uid = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

async function leadsByEmail(a: FastifyInstance, email: string) {
  const res = await a.inject({
    method: 'GET',
    url: `/api/v1/leads?email=${encodeURIComponent(email)}`,
    headers: bearer(await t.ws.key('admin')),
  });
  return res.json().data as { id: string; email: string }[];
}

async function eventsOf(a: FastifyInstance, leadId: string) {
  const res = await a.inject({
    method: 'GET',
    url: `/api/v1/leads/${leadId}/events`,
    headers: bearer(await t.ws.key('admin')),
  });
  return res.json().data as { type: string; event: string | null; properties: { path?: string } }[];
}

async function leadOfUser(userId: string): Promise<string | null> {
  const known = await findKnownIdentities(t.db, t.ws.workspace.id, {
    users: [userId],
    anonymous: [],
    emails: [],
  });
  return known.users.get(userId) ?? null;
}

describe('@rudderstack/rudder-sdk-node', () => {
  it('delivers identify, track and page to /v1/batch (gzip, form content type)', async () => {
    const a = await start();
    await a.listen({ host: '127.0.0.1', port: 0 });
    const { port } = a.server.address() as AddressInfo;
    const errors: string[] = [];
    // Only to this server, one request per flush, no retries: a failure shows up as an error here.
    const client = new Analytics(t.ws.writeKey, {
      dataPlaneUrl: `http://127.0.0.1:${port}`,
      flushAt: 100,
      flushInterval: 50,
      retryCount: 0,
      logLevel: 'error',
      errorHandler: (err: Error) => errors.push(err.message),
    });
    const userId = uid('rudder');
    const email = `rudder-${seq}@initech.com`;
    client.identify({ userId, traits: { email, name: 'Ana Lima', company: 'Initech' } });
    client.track({ userId, event: 'Demo Requested', properties: { plan: 'team' } });
    client.page({ userId, name: 'Pricing', properties: { path: '/pricing' } });
    await client.flush();
    expect(errors).toEqual([]);

    const [lead] = await leadsByEmail(a, email);
    expect(lead).toBeDefined();
    const events = await eventsOf(a, lead!.id);
    expect(events.map((e) => e.type).sort()).toEqual(['identify', 'page', 'track']);
  });

  it('a hand-made gzipped form-urlencoded batch is read as JSON on /v1 only', async () => {
    const a = await start();
    const userId = uid('form');
    const email = `form-${seq}@initech.com`;
    const body = gzipSync(
      JSON.stringify({
        batch: [{ type: 'identify', userId, traits: { email }, messageId: uid('m') }],
        sentAt: new Date().toISOString(),
      }),
    );
    const res = await a.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: {
        ...basic(t.ws.writeKey),
        'content-type': 'application/x-www-form-urlencoded',
        'content-encoding': 'gzip',
      },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(await leadsByEmail(a, email)).toHaveLength(1);

    const notJson = await a.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { ...basic(t.ws.writeKey), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'userId=u1&event=x',
    });
    expect(notJson.statusCode).toBe(400);

    // The private API keeps refusing forms: a cross-site form post must not reach it.
    const api = await a.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: {
        ...bearer(await t.ws.key('admin')),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: JSON.stringify({ email: `api-${seq}@initech.com` }),
    });
    expect(api.statusCode).toBe(415);
  });
});

describe('a track or page carrying context.traits.email', () => {
  const post = (a: FastifyInstance, kind: 'page' | 'track', payload: Record<string, unknown>) =>
    a.inject({
      method: 'POST',
      url: `/v1/${kind}`,
      headers: basic(t.ws.writeKey),
      payload: { messageId: uid('m'), ...payload },
    });

  it("names an anonymous visitor: the lead gets the e-mail and the visitor's earlier pages", async () => {
    const a = await start();
    const anonymousId = uid('anon');
    for (const path of ['/blog/alignment', '/pricing']) {
      expect((await post(a, 'page', { anonymousId, name: path, properties: { path } })).statusCode).toBe(200);
    }
    const email = `Visitor-${seq}@Hooli.com`;
    const res = await post(a, 'track', {
      anonymousId,
      event: 'Newsletter Subscribed',
      context: { traits: { email } },
    });
    expect(res.statusCode).toBe(200);

    const leads = await leadsByEmail(a, email.toLowerCase());
    expect(leads.map((l) => l.email)).toEqual([email.toLowerCase()]);
    const events = await eventsOf(a, leads[0]!.id);
    expect(events.map((e) => e.type).sort()).toEqual(['page', 'page', 'track']);
    expect(
      events
        .filter((e) => e.type === 'page')
        .map((e) => e.properties.path)
        .sort(),
    ).toEqual(['/blog/alignment', '/pricing']);
  });

  it("joins the lead that already has that e-mail, linking the sender's ids to it", async () => {
    const a = await start();
    const email = `known-${++seq}@initech.com`;
    await a.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: basic(t.ws.writeKey),
      payload: { userId: uid('first'), traits: { email }, messageId: uid('m') },
    });
    const [known] = await leadsByEmail(a, email);
    expect(known).toBeDefined();

    const userId = uid('second');
    await post(a, 'track', { userId, event: 'Demo Requested', context: { traits: { email } } });
    await post(a, 'page', { userId, name: 'Pricing', properties: { path: '/pricing' } });

    expect(await leadsByEmail(a, email)).toHaveLength(1);
    expect(await leadOfUser(userId)).toBe(known!.id);
    const events = await eventsOf(a, known!.id);
    expect(events.map((e) => e.type).sort()).toEqual(['identify', 'page', 'track']);
  });

  it('gives its e-mail to a known user whose lead had none', async () => {
    const a = await start();
    const userId = uid('noemail');
    await post(a, 'track', { userId, event: 'Signed Up' });
    const leadId = await leadOfUser(userId);
    expect(leadId).not.toBeNull();

    const email = `late-${seq}@initech.com`;
    await post(a, 'page', { userId, name: 'Docs', context: { traits: { email } } });
    const leads = await leadsByEmail(a, email);
    expect(leads.map((l) => l.id)).toEqual([leadId]);
  });

  it('leaves a visitor anonymous when context.traits.email is not an address', async () => {
    const a = await start();
    const anonymousId = uid('anon');
    await post(a, 'track', { anonymousId, event: 'Clicked', context: { traits: { email: 'not-an-email' } } });
    expect(
      await storedCount(t.db, leadIdentities, { workspaceId: t.ws.workspace.id, value: anonymousId }),
    ).toBe(0);
  });
});
