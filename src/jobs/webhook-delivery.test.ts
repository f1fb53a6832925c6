import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseHostAllowList } from '../domain/network-address.js';
import { RETRY_SCHEDULE_MS } from '../domain/webhook-events.js';
import type { Deps } from '../services/deps.js';
import { type OutboxEvent, emitEvents } from '../services/outbox.js';
import { createSubscription } from '../services/webhooks.js';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { bearer, makeWorkspace, testApp, testDeps, type TestWorkspace } from '../../test/support/fixtures.js';
import { FAILURE, createOutboundHttp } from './outbound-http.js';
import { TRUNCATED_MARK, deliverWebhooksTick } from './webhook-delivery.js';

/** A real HTTP endpoint: answers with the queued statuses (then 200), records what it received. */
interface Receiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  answers: number[];
  /** Requests are left unanswered while set (a receiver that hangs). */
  isHanging: boolean;
  /** The body of a 2xx answer. */
  body: string;
  /** TCP connections the receiver accepted. */
  connections: number;
}

let db: Db;
let deps: Deps;
let app: FastifyInstance;
let server: Server;
let receiver: Receiver;
let now: Date;

beforeAll(async () => {
  db = await openTestDb();
  // The receiver listens on loopback, which webhooks may reach only when allow-listed.
  deps = {
    ...testDeps(db, () => now),
    webhookAllowedHosts: parseHostAllowList('127.0.0.1').list,
    publicUrl: 'https://tandem.example.com',
  };
  app = await testApp(deps);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (receiver.isHanging) return;
      const status = receiver.answers.shift() ?? 200;
      res
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status < 300 ? receiver.body : 'x'.repeat(5000));
    });
  });
  server.on('connection', () => receiver.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await app.close();
  await db.close();
});
beforeEach(() => {
  now = new Date();
  const { port } = server.address() as AddressInfo;
  receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    received: [],
    answers: [],
    isHanging: false,
    body: 'thanks',
    connections: 0,
  };
});

const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

async function setup(eventTypes: string[] = ['*'], url = receiver.url) {
  const ws = await makeWorkspace(deps);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: bearer(await ws.key('admin')),
    payload: { url, eventTypes },
  });
  expect(res.statusCode).toBe(201);
  const { subscription, secret } = res.json() as { subscription: { id: string }; secret: string };
  const tick = (
    opts: { timeoutMs?: number } = {},
    tickDeps: Parameters<typeof deliverWebhooksTick>[0] = deps,
  ) => deliverWebhooksTick(tickDeps, { ...opts, workspaceId: ws.workspace.id });
  return { ws, subscriptionId: subscription.id, secret, tick };
}

function emit(ws: TestWorkspace, count = 1, type: OutboxEvent['type'] = 'lead.created') {
  const events = Array.from({ length: count }, (_, i) => ({
    type,
    occurredAt: now,
    data: { lead: { id: `lead-${i}`, email: 'ana@globex.com' } },
    notify: null,
  }));
  return db.transaction((tx) => emitEvents(tx, ws.workspace.id, events));
}

async function log(ws: TestWorkspace, subscriptionId: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/webhooks/${subscriptionId}/deliveries`,
    headers: bearer(await ws.key('admin')),
  });
  expect(res.statusCode).toBe(200);
  return res.json().data as {
    id: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
  }[];
}

async function detail(ws: TestWorkspace, deliveryId: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/webhooks/deliveries/${deliveryId}`,
    headers: bearer(await ws.key('admin')),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    status: string;
    attemptLog: {
      attempt: number;
      statusCode: number | null;
      at: string;
      error: string | null;
      responseBody: string | null;
    }[];
  };
}

const headersOf = (h: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]));

describe('webhook delivery', () => {
  it('posts the event signed per Standard Webhooks, and the signature verifies', async () => {
    const { ws, subscriptionId, secret, tick } = await setup();
    await emit(ws);
    expect(await tick()).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('Tandem-Webhooks/1');
    expect(new Webhook(secret).verify(body, headersOf(headers))).toEqual({
      type: 'lead.created',
      timestamp: now.toISOString(),
      // The lead's link is added from PUBLIC_URL as the delivery is sent.
      data: {
        lead: { id: 'lead-0', email: 'ana@globex.com', url: 'https://tandem.example.com/leads/lead-0' },
      },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.from('another secret').toString('base64')}`).verify(
        body,
        headersOf(headers),
      ),
    ).toThrow();

    const [delivery] = await log(ws, subscriptionId);
    expect(delivery).toMatchObject({
      id: headers['webhook-id'],
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
    });
    expect(await tick()).toBe(0);
  });

  it('retries on the backoff schedule until the receiver answers 2xx, and logs each attempt', async () => {
    const { ws, subscriptionId, tick } = await setup();
    receiver.answers.push(500, 500);
    await emit(ws);

    expect(await tick()).toBe(1);
    let [delivery] = await log(ws, subscriptionId);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect(delivery!.lastError).toContain('500');
    expect(delivery!.nextAttemptAt).toBe(new Date(now.getTime() + RETRY_SCHEDULE_MS[0]!).toISOString());

    advance(RETRY_SCHEDULE_MS[0]! - 1000);
    expect(await tick()).toBe(0);
    advance(1000);
    expect(await tick()).toBe(1);
    [delivery] = await log(ws, subscriptionId);
    expect(delivery!.nextAttemptAt).toBe(new Date(now.getTime() + RETRY_SCHEDULE_MS[1]!).toISOString());

    advance(RETRY_SCHEDULE_MS[1]!);
    expect(await tick()).toBe(1);
    [delivery] = await log(ws, subscriptionId);
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });

    const { attemptLog } = await detail(ws, delivery!.id);
    expect(attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery!.id]));
  });

  it('gives a delivery up once the schedule is exhausted', async () => {
    const { ws, subscriptionId, tick } = await setup();
    const attempts = RETRY_SCHEDULE_MS.length + 1;
    receiver.answers.push(...Array.from({ length: attempts }, () => 503));
    await emit(ws);
    for (let i = 0; i < attempts; i++) {
      expect(await tick()).toBe(1);
      advance(25 * 3600_000);
    }
    const [delivery] = await log(ws, subscriptionId);
    expect(delivery).toMatchObject({ status: 'failed', attempts, lastStatusCode: 503, nextAttemptAt: null });
    expect(await tick()).toBe(0);
    expect((await detail(ws, delivery!.id)).attemptLog).toHaveLength(attempts);
  });

  it('records a receiver that does not answer in time as a failed attempt', async () => {
    const { ws, subscriptionId, tick } = await setup();
    receiver.isHanging = true;
    await emit(ws);
    expect(await tick({ timeoutMs: 200 })).toBe(1);
    const [delivery] = await log(ws, subscriptionId);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(delivery!.lastError).toBe(FAILURE.timedOut);
  });

  it('redelivers on request with the same webhook-id', async () => {
    const { ws, subscriptionId, secret, tick } = await setup();
    await emit(ws);
    await tick();
    const [delivered] = await log(ws, subscriptionId);

    advance(60_000);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/deliveries/${delivered!.id}/redeliver`,
      headers: bearer(await ws.key('admin')),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ id: delivered!.id, status: 'pending' });
    expect(await tick()).toBe(1);

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(() => new Webhook(secret).verify(second!.body, headersOf(second!.headers))).not.toThrow();
    const again = await detail(ws, delivered!.id);
    expect(again.status).toBe('delivered');
    expect(again.attemptLog.map((a) => a.attempt)).toEqual([1, 2]);
  });

  it('sends each delivery exactly once when two workers tick at the same time', async () => {
    const { ws, subscriptionId, tick } = await setup();
    await emit(ws, 6);
    const [a, b] = await Promise.all([tick(), tick()]);
    expect(a + b).toBe(6);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    const deliveries = await log(ws, subscriptionId);
    expect(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('sends nothing to a paused subscription until it is active again', async () => {
    const { ws, subscriptionId, tick } = await setup();
    await emit(ws);
    const patch = async (active: boolean) =>
      app.inject({
        method: 'PATCH',
        url: `/api/v1/webhooks/${subscriptionId}`,
        headers: bearer(await ws.key('admin')),
        payload: { active },
      });
    expect((await patch(false)).statusCode).toBe(200);
    expect(await tick()).toBe(0);
    expect((await patch(true)).statusCode).toBe(200);
    expect(await tick()).toBe(1);
  });

  it('keeps only the first kilobyte of a large answer in the log, marked truncated', async () => {
    const { ws, subscriptionId, tick } = await setup();
    receiver.body = 'y'.repeat(100 * 1024);
    await emit(ws);
    await tick();
    const [delivery] = await log(ws, subscriptionId);
    const [attempt] = (await detail(ws, delivery!.id)).attemptLog;
    expect(attempt!.statusCode).toBe(200);
    expect(attempt!.responseBody).toBe(`${'y'.repeat(1024)}${TRUNCATED_MARK}`);
  });
});

describe('webhook delivery to this server or its network', () => {
  it('refuses a loopback receiver that is not allow-listed, without connecting or keeping its answer', async () => {
    const ws = await makeWorkspace(deps);
    // Created behind the HTTP check's back, as if the setting had changed since.
    const { subscription } = await db.transaction((tx) =>
      createSubscription(tx, { type: 'system', id: null, label: 'test' }, ws.workspace.id, {
        url: receiver.url,
        eventTypes: ['*'],
        description: null,
      }),
    );
    await emit(ws);
    const withoutAllowList = { ...deps, webhookAllowedHosts: undefined };
    expect(await deliverWebhooksTick(withoutAllowList, { workspaceId: ws.workspace.id })).toBe(1);

    const [delivery] = await log(ws, subscription.id);
    expect(delivery).toMatchObject({
      status: 'pending',
      lastStatusCode: null,
      lastError: FAILURE.notAllowed,
    });
    const [attempt] = (await detail(ws, delivery!.id)).attemptLog;
    expect(attempt!.responseBody).toBeNull();
    expect(receiver.connections).toBe(0);
  });

  it('refuses a name that resolves to a private address when the delivery connects', async () => {
    const { port } = server.address() as AddressInfo;
    const { ws, subscriptionId, tick } = await setup(['*'], `http://rebind.test:${port}/hooks`);
    await emit(ws);
    const http = createOutboundHttp({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    try {
      expect(await tick({}, { ...deps, http })).toBe(1);
    } finally {
      await http.close();
    }
    const [delivery] = await log(ws, subscriptionId);
    expect(delivery).toMatchObject({ status: 'pending', lastError: FAILURE.notAllowed });
    expect(receiver.connections).toBe(0);
  });

  it("sends the test button's delivery through the same guard", async () => {
    const { port } = server.address() as AddressInfo;
    const { ws, subscriptionId, tick } = await setup(['lead.created'], `http://rebind.test:${port}/hooks`);
    const pressed = await app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${subscriptionId}/test`,
      headers: bearer(await ws.key('admin')),
    });
    expect(pressed.statusCode).toBe(202);
    const http = createOutboundHttp({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    try {
      expect(await tick({}, { ...deps, http })).toBe(1);
    } finally {
      await http.close();
    }
    const [attempt] = (await detail(ws, pressed.json().id)).attemptLog;
    expect(attempt).toMatchObject({ statusCode: null, error: FAILURE.notAllowed, responseBody: null });
    expect(receiver.connections).toBe(0);
  });
});
