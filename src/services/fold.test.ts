import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/support/database.js';
import { bearer, makeWorkspace, testDeps, type TestWorkspace } from '../../test/support/fixtures.js';
import {
  duplicateLedger,
  foldOutcome,
  leadOfUser,
  ledgerSize,
  requeueEvents,
} from '../../test/support/fold.js';
import { buildApp } from '../http/app.js';
import { validateMessages } from '../domain/segment-spec.js';
import type { Db } from '../store/db.js';
import { createAppServices } from './app-services.js';
import type { Deps } from './deps.js';
import { createFolder, eventsWaiting } from './fold.js';
import { milestoneDrift } from '../../test/support/lead-milestones.js';

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

describe('accept, then fold', () => {
  it('answers 200 once events are stored; scores, stages and scoredAt follow in the fold', async () => {
    const deps = testDeps(db, () => NOW);
    // This node's folder is held, as on a node without workers: the events wait, visibly.
    const services = createAppServices(deps, { autoFold: false });
    app = await buildApp(deps, {
      services,
      bodyLimitBytes: 1024 * 1024,
      sessionTtlMs: 3600_000,
      secureCookies: false,
      logger: { level: 'error' },
      webDist: '/nonexistent',
    });
    const ws = await makeWorkspace(deps);
    const admin = bearer(await ws.key('admin'));
    const res = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: basic(ws.writeKey),
      payload: {
        batch: [
          { type: 'identify', userId: 'vp', traits: { email: 'vp@bigco.com', title: 'VP Marketing' } },
          { type: 'track', userId: 'vp', event: 'Demo Requested' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);

    const health = (await app.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health.scoring.waiting).toBeGreaterThanOrEqual(2);
    const [listed] = (
      await app.inject({ method: 'GET', url: '/api/v1/leads?email=vp%40bigco.com', headers: admin })
    ).json().data;
    const before = (
      await app.inject({ method: 'GET', url: `/api/v1/leads/${listed.id}`, headers: admin })
    ).json();
    expect(before).toMatchObject({ stage: 'lead', eventsWaiting: 2 });
    const waitingEvents = (
      await app.inject({ method: 'GET', url: `/api/v1/leads/${listed.id}/events`, headers: admin })
    ).json().data;
    expect(waitingEvents.map((e: { scoredAt: string | null }) => e.scoredAt)).toEqual([null, null]);

    const folded = await services.fold.drain();
    expect(folded.events).toBeGreaterThanOrEqual(2); // and whatever else the shared database had queued
    const after = (
      await app.inject({ method: 'GET', url: `/api/v1/leads/${listed.id}`, headers: admin })
    ).json();
    expect(after).toMatchObject({ stage: 'mql', eventsWaiting: 0 });
    const events = (
      await app.inject({ method: 'GET', url: `/api/v1/leads/${listed.id}/events`, headers: admin })
    ).json().data;
    for (const e of events) expect(e.scoredAt).toEqual(expect.any(String));
    const lag = (await app.inject({ method: 'GET', url: '/healthz' })).json().scoring;
    expect(lag).toEqual({ waiting: expect.any(Number), oldestWaitingSeconds: expect.any(Number) });
  });

  it('never folds an event twice: the ledger refuses a second grant for the same event and rule', async () => {
    const deps = testDeps(db, () => NOW);
    const services = createAppServices(deps, { autoFold: false });
    const ws = await makeWorkspace(deps);
    await ingest(services, ws, [[track('u1', 'a', 'Webinar Attended', 0)]]);
    await services.fold.drain();
    expect(await ledgerSize(db, ws.workspace.id)).toBe(1);
    // Queueing the same event again (as a bug or a crash replay might) scores nothing more.
    await requeueEvents(db, ws.workspace.id);
    expect((await services.fold.drain()).events).toBe(0);
    await expect(duplicateLedger(db, ws.workspace.id)).rejects.toThrow(/score_contributions_event_rule_key/);
  });
});

describe('an alias merge', () => {
  it("rescores the survivor from both leads' events, folded or still waiting, each once", async () => {
    const deps = testDeps(db, () => NOW);
    const services = createAppServices(deps, { autoFold: false });
    const ws = await makeWorkspace(deps);
    await ingest(services, ws, [
      [track('old', 'o1', 'Webinar Attended', 60), track('new', 'n1', 'Email Clicked', 50)],
    ]);
    await services.fold.drain();
    // Waiting, not folded yet, when the alias arrives: the merge moves this work to the survivor.
    await ingest(services, ws, [[track('old', 'o2', 'Content Downloaded', 40)]]);
    await ingest(services, ws, [
      [{ type: 'alias', userId: 'new', previousId: 'old', messageId: 'al', timestamp: NOW.toISOString() }],
    ]);
    // The survivor owns the waiting work: o2 and the alias call.
    expect(await eventsWaiting(deps, ws.workspace.id, await leadOfUser(db, ws.workspace.id, 'new'))).toBe(2);
    await services.fold.drain();
    const outcome = (await foldOutcome(db, ws.workspace.id)) as {
      ledger: { who: string; message_id: string }[];
      unscored: number;
    };
    expect(outcome.unscored).toBe(0);
    expect(outcome.ledger.map((l) => l.message_id).sort()).toEqual(['n1', 'o1', 'o2']);
    expect(await ledgerSize(db, ws.workspace.id)).toBe(3); // The reports' rollup of first transitions says what the merged leads' transitions say.
    expect(await milestoneDrift(db, ws.workspace.id)).toEqual([]);
  });
});

// ---- the property: how requests are split and folded does not change the outcome ----

type Msg = Record<string, unknown>;
const EVENTS = ['Webinar Attended', 'Demo Requested', 'Email Clicked', 'Content Downloaded'];
const USERS = ['ann', 'bob', 'cy'];

function track(userId: string, id: string, event: string, minutesAgo: number): Msg {
  return {
    type: 'track',
    userId,
    event,
    messageId: id,
    timestamp: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
  };
}

const messageArb = fc.oneof(
  fc.record({
    kind: fc.constant('track' as const),
    user: fc.constantFrom(...USERS),
    event: fc.constantFrom(...EVENTS),
    minutesAgo: fc.integer({ min: 0, max: 60 * 24 * 30 }),
  }),
  fc.record({
    kind: fc.constant('identify' as const),
    user: fc.constantFrom(...USERS),
    title: fc.constantFrom('VP Marketing', 'Intern', 'Head of Sales'),
    minutesAgo: fc.integer({ min: 0, max: 60 * 24 * 30 }),
  }),
  fc.record({
    kind: fc.constant('page' as const),
    user: fc.constantFrom(...USERS),
    minutesAgo: fc.integer({ min: 0, max: 60 * 24 * 30 }),
  }),
);

type StreamMessage = typeof messageArb extends fc.Arbitrary<infer T> ? T : never;

function toMessages(stream: StreamMessage[]): Msg[] {
  return stream.map((m, i) => {
    const timestamp = new Date(NOW.getTime() - m.minutesAgo * 60_000).toISOString();
    const base = { userId: m.user, messageId: `m${i}`, timestamp };
    if (m.kind === 'track') return { ...base, type: 'track', event: m.event };
    if (m.kind === 'page') return { ...base, type: 'page', properties: { path: '/pricing' } };
    return { ...base, type: 'identify', traits: { email: `${m.user}@bigco.com`, title: m.title } };
  });
}

async function ingest(
  services: ReturnType<typeof createAppServices>,
  ws: TestWorkspace,
  requests: Msg[][],
  between?: (i: number) => Promise<void>,
): Promise<void> {
  for (const [i, batch] of requests.entries()) {
    const valid = validateMessages({ batch }, 'batch');
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    await services.ingestBatch({ workspaceId: ws.workspace.id, messages: valid.messages, receivedAt: NOW });
    await between?.(i);
  }
}

describe('the fold, whatever the micro-batches', () => {
  it('gives the same leads, ledger and transitions as folding each request on its own, in order', async () => {
    const deps: Deps = testDeps(db, () => NOW);
    await fc.assert(
      fc.asyncProperty(
        fc.array(messageArb, { minLength: 1, maxLength: 14 }),
        fc.array(fc.integer({ min: 1, max: 13 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        async (stream, cuts, batchSize, twoFolders, foldBetween) => {
          const messages = toMessages(stream);
          const points = [...new Set(cuts.filter((c) => c < messages.length))].sort((a, b) => a - b);
          const requests = [0, ...points].map((start, i) =>
            messages.slice(start, [...points, messages.length][i]),
          );

          // Reference: each request folded on its own before the next is accepted.
          const one = await makeWorkspace(deps);
          const reference = createAppServices(deps, { autoFold: false });
          await ingest(reference, one, requests, async () => {
            await reference.fold.drain();
          });

          // Subject: micro-batches of `batchSize` leads that span requests, one or two folders racing.
          const two = await makeWorkspace(deps);
          const services = createAppServices(deps, { autoFold: false });
          const small = { maxLeads: batchSize, maxEvents: batchSize };
          const folders = [createFolder(deps, small), createFolder(deps, small)];
          const race = () => Promise.all(folders.slice(0, twoFolders ? 2 : 1).map((f) => f.drain()));
          await ingest(services, two, requests, async (i) => {
            if (foldBetween[i % foldBetween.length]) await folders[0]!.foldOnce();
          });
          await race();

          const [expected, actual] = [
            await foldOutcome(db, one.workspace.id),
            await foldOutcome(db, two.workspace.id),
          ];
          expect(actual).toEqual(expected);
          expect((actual as { unscored: number }).unscored).toBe(0);
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);
});
