// Requests accepted together (group commit): the same people as one after another, each answered
// only once its events are stored, and one request's failure never fails its neighbours.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps, type TestWorkspace } from '../../test/support/fixtures.js';
import { identityPartition, leadCount, poisonEventNamed, storedEvent } from '../../test/support/fold.js';
import { validateMessages } from '../domain/segment-spec.js';
import { buildApp } from '../http/app.js';
import type { Db } from '../store/db.js';
import { createAppServices } from './app-services.js';
import type { Deps } from './deps.js';

let db: Db;
let app: FastifyInstance | null = null;
beforeAll(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(async () => {
  await db.close();
});

const NOW = new Date('2026-05-04T12:00:00Z');
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
type Msg = Record<string, unknown>;

async function heldApp(deps: Deps): Promise<FastifyInstance> {
  // The folder is held: what the test reads is what the accept wrote.
  const services = createAppServices(deps, { autoFold: false });
  return buildApp(deps, {
    services,
    bodyLimitBytes: 1024 * 1024,
    sessionTtlMs: 3600_000,
    secureCookies: false,
    logger: { level: 'fatal' },
    webDist: '/nonexistent',
  });
}

const storedMessage = (workspaceId: string, messageId: string) => storedEvent(db, workspaceId, messageId);

describe('requests accepted together', () => {
  it('concurrent single-event requests about one new person make one lead, each answered after its event is stored', async () => {
    const deps = testDeps(db, () => NOW);
    app = await heldApp(deps);
    const ws = await makeWorkspace(deps);
    const sends: Msg[] = [
      { type: 'page', anonymousId: 'anon-1', messageId: 'g1', properties: { path: '/pricing' } },
      {
        type: 'identify',
        userId: 'pat',
        anonymousId: 'anon-1',
        messageId: 'g2',
        traits: { email: 'pat@bigco.com' },
      },
      { type: 'track', userId: 'pat', event: 'Demo Requested', messageId: 'g3' },
      {
        type: 'track',
        anonymousId: 'anon-2',
        messageId: 'g4',
        event: 'Email Clicked',
        context: { traits: { email: 'pat@bigco.com' } },
      },
      { type: 'identify', userId: 'pat', messageId: 'g5', traits: { title: 'VP Marketing' } },
    ];
    const stored = await Promise.all(
      sends.map(async (m) => {
        const res = await app!.inject({
          method: 'POST',
          url: `/v1/${String(m.type)}`,
          headers: basic(ws.writeKey),
          payload: m,
        });
        expect(res.statusCode).toBe(200);
        // Read the moment the 200 arrives: the event is already committed.
        return storedMessage(ws.workspace.id, String(m.messageId));
      }),
    );
    // Each event was committed when its 200 arrived (an anonymous page may have had no lead yet).
    expect(stored.every((row) => row !== undefined)).toBe(true);
    const now = await Promise.all(sends.map((m) => storedMessage(ws.workspace.id, String(m.messageId))));
    expect([...new Set(now.map((row) => row!.lead_id))]).toEqual([expect.any(String)]);
    expect(await leadCount(db, ws.workspace.id)).toBe(1);
  });

  it('were accepted in one transaction: one shared set of queued rows', async () => {
    const deps = testDeps(db, () => NOW);
    const services = createAppServices(deps, { autoFold: false });
    const ws = await makeWorkspace(deps);
    const results = await Promise.all(
      [
        { type: 'page', anonymousId: 'visitor', properties: { path: '/pricing' }, messageId: 'q-0' },
        {
          type: 'identify',
          userId: 'a',
          anonymousId: 'visitor',
          traits: { email: 'a@bigco.com' },
          messageId: 'q-1',
        },
        { type: 'track', userId: 'b', event: 'Email Clicked', messageId: 'q-2' },
        { type: 'page', anonymousId: 'visitor', properties: { path: '/demo' }, messageId: 'q-3' },
      ].map((m) => {
        const valid = validateMessages(m, m.type as 'page');
        if (!valid.ok) throw new Error('invalid');
        return services.ingestBatch({
          workspaceId: ws.workspace.id,
          messages: valid.messages,
          receivedAt: NOW,
        });
      }),
    );
    expect(results.map((r) => r.stored)).toEqual([1, 1, 1, 1]);
    // `queued` counts what the transaction that stored a request queued: all four, for each.
    expect(results.map((r) => r.queued)).toEqual([4, 4, 4, 4]);
    // The visitor's page in the first request belongs to the person the second one identified.
    const leads = await Promise.all(['q-0', 'q-1', 'q-3'].map((id) => storedMessage(ws.workspace.id, id)));
    expect(leads[0]!.lead_id).not.toBeNull();
    expect(new Set(leads.map((row) => row!.lead_id)).size).toBe(1);
  });

  it('a request the database refuses fails alone; its neighbours in the group are stored and answered 200', async () => {
    const deps = testDeps(db, () => NOW);
    app = await heldApp(deps);
    const ws = await makeWorkspace(deps);
    const lift = await poisonEventNamed(db, 'Poisoned For The Group Test');
    try {
      const requests: { m: Msg; status: number }[] = [
        { m: { type: 'track', userId: 'n1', event: 'Email Clicked', messageId: 'p1' }, status: 200 },
        {
          m: { type: 'track', userId: 'n2', event: 'Poisoned For The Group Test', messageId: 'p2' },
          status: 500,
        },
        // Invalid: refused before it joins any group.
        { m: { type: 'track', userId: 'n3', messageId: 'p3' }, status: 400 },
        {
          m: { type: 'identify', userId: 'n1', messageId: 'p4', traits: { email: 'n1@bigco.com' } },
          status: 200,
        },
      ];
      const answers = await Promise.all(
        requests.map(({ m }) =>
          app!.inject({
            method: 'POST',
            url: `/v1/${String(m.type)}`,
            headers: basic(ws.writeKey),
            payload: m,
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(requests.map((r) => r.status));
      expect(answers[2]!.json().errors[0].field).toBe('event');
      expect(await storedMessage(ws.workspace.id, 'p1')).toBeDefined();
      expect(await storedMessage(ws.workspace.id, 'p4')).toEqual(await storedMessage(ws.workspace.id, 'p1'));
      expect(await storedMessage(ws.workspace.id, 'p2')).toBeUndefined();
      expect(await storedMessage(ws.workspace.id, 'p3')).toBeUndefined();
    } finally {
      await lift();
    }
  });
});

// ---- the property: accepted together = accepted one after another, in arrival order ----

const USERS = ['ann', 'bob', 'cy'];
const ANONS = ['v1', 'v2', 'v3'];
const EMAILS = ['ann@bigco.com', 'bob@bigco.com', 'shared@bigco.com'];

const messageArb = fc.record({
  kind: fc.constantFrom('identify', 'track', 'page', 'alias'),
  user: fc.option(fc.constantFrom(...USERS), { nil: null }),
  anon: fc.option(fc.constantFrom(...ANONS), { nil: null }),
  email: fc.option(fc.constantFrom(...EMAILS), { nil: null }),
  previous: fc.constantFrom(...USERS, ...ANONS),
});
type StreamMessage = typeof messageArb extends fc.Arbitrary<infer T> ? T : never;

function toMessage(m: StreamMessage, i: number): Msg {
  const ids = { messageId: `m${i}`, timestamp: new Date(NOW.getTime() - (100 - i) * 60_000).toISOString() };
  const who = {
    ...(m.user ? { userId: m.user } : {}),
    ...(m.anon || !m.user ? { anonymousId: m.anon ?? 'v1' } : {}),
  };
  if (m.kind === 'alias') return { ...ids, type: 'alias', userId: m.user ?? 'ann', previousId: m.previous };
  if (m.kind === 'identify')
    return { ...ids, ...who, type: 'identify', traits: m.email ? { email: m.email } : {} };
  const context = m.email ? { traits: { email: m.email } } : {};
  if (m.kind === 'page') return { ...ids, ...who, type: 'page', properties: { path: '/p' }, context };
  return { ...ids, ...who, type: 'track', event: 'Email Clicked', context };
}

async function accept(deps: Deps, ws: TestWorkspace, requests: Msg[][], together: boolean): Promise<void> {
  const services = createAppServices(deps, { autoFold: false });
  const one = (batch: Msg[]) => {
    const valid = validateMessages({ batch }, 'batch');
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    return services.ingestBatch({ workspaceId: ws.workspace.id, messages: valid.messages, receivedAt: NOW });
  };
  if (together) await Promise.all(requests.map(one));
  else for (const r of requests) await one(r);
}

describe('identity resolution across a group', () => {
  it('resolves the same people as accepting the requests one after another, in arrival order', async () => {
    const deps = testDeps(db, () => NOW);
    await fc.assert(
      fc.asyncProperty(
        fc.array(messageArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 11 }), { maxLength: 6 }),
        async (stream, cuts) => {
          const messages = stream.map(toMessage);
          const points = [...new Set(cuts.filter((c) => c < messages.length))].sort((a, b) => a - b);
          const requests = [0, ...points].map((start, i) =>
            messages.slice(start, [...points, messages.length][i]),
          );
          const [one, two] = [await makeWorkspace(deps), await makeWorkspace(deps)];
          await accept(deps, one, requests, false);
          await accept(deps, two, requests, true);
          expect(await identityPartition(db, two.workspace.id)).toEqual(
            await identityPartition(db, one.workspace.id),
          );
        },
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});
