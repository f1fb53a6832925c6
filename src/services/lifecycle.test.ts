// The agreement applied live: scoring as events arrive, stage changes, explanations, manual moves.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreTick } from '../jobs/rescore.js';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import {
  bearer,
  makeWorkspace,
  settled,
  testApp,
  testDeps,
  type TestWorkspace,
} from '../../test/support/fixtures.js';

let db: Db;
let app: FastifyInstance;
let seq = 0;

beforeAll(async () => {
  db = await openTestDb();
  app = await testApp(testDeps(db));
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function messages(userId: string, email: string, title: string) {
  return [
    {
      type: 'identify',
      messageId: `${userId}-1`,
      userId,
      timestamp: at(50),
      traits: { email, title, employees: 400, country: 'US' },
    },
    {
      type: 'page',
      messageId: `${userId}-2`,
      userId,
      timestamp: at(40),
      name: 'Pricing',
      properties: { path: '/pricing' },
    },
    { type: 'track', messageId: `${userId}-3`, userId, timestamp: at(30), event: 'Email Clicked' },
    { type: 'track', messageId: `${userId}-4`, userId, timestamp: at(20), event: 'Webinar Attended' },
    { type: 'track', messageId: `${userId}-5`, userId, timestamp: at(10), event: 'Email Clicked' },
  ];
}

async function send(ws: TestWorkspace, batch: object[]) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: basic(ws.writeKey),
    payload: { batch },
  });
  expect(res.statusCode).toBe(200);
  await settled(app);
}
async function leadOf(ws: TestWorkspace, email: string) {
  const list = await app.inject({
    method: 'GET',
    url: `/api/v1/leads?email=${email}`,
    headers: bearer(await ws.key('admin')),
  });
  const id = list.json().data[0].id as string;
  const detail = await app.inject({
    method: 'GET',
    url: `/api/v1/leads/${id}`,
    headers: bearer(await ws.key('admin')),
  });
  const history = await app.inject({
    method: 'GET',
    url: `/api/v1/leads/${id}/transitions`,
    headers: bearer(await ws.key('admin')),
  });
  return {
    lead: detail.json(),
    transitions: history.json().data as {
      fromStage: string | null;
      toStage: string;
      reason: string;
      ruleId: string | null;
      at: string;
    }[],
  };
}

describe('scoring as events arrive', () => {
  it('a senior, engaged lead becomes an MQL the moment it qualifies, with the reason recorded', async () => {
    const ws = await makeWorkspace(testDeps(db));
    const email = `vp${++seq}@globex.com`;
    await send(ws, messages(`u${seq}`, email, 'VP Marketing'));
    const { lead, transitions } = await leadOf(ws, email);
    expect(lead.stage).toBe('mql');
    expect(lead.fitGrade).toBe('A');
    expect(transitions.map((t) => [t.fromStage, t.toStage])).toEqual([
      [null, 'lead'],
      ['lead', 'mql'],
    ]);
    expect(transitions[1]).toMatchObject({
      ruleId: 'matrix:A3',
      actor: { type: 'system', label: 'agreement' },
    });
  });

  it('explains the score as a ledger whose lines add up to the engagement score', async () => {
    const ws = await makeWorkspace(testDeps(db));
    const email = `ledger${++seq}@globex.com`;
    await send(ws, messages(`u${seq}`, email, 'Software Engineer'));
    const { lead } = await leadOf(ws, email);
    const byRule = lead.score.engagement.byRule as { ruleId: string; decayed: number; count: number }[];
    expect(byRule.map((r) => r.ruleId).sort()).toEqual([
      'email-clicked',
      'page-view',
      'pricing-page',
      'webinar-attended',
    ]);
    const sum = byRule.reduce((a, r) => a + r.decayed, 0);
    expect(sum).toBeCloseTo(lead.score.engagement.score, 1);
    expect(lead.engagement).toBeCloseTo(lead.score.engagement.score, 1);
    // 10 pricing + 1 page view + 3 + 15 + 3, decayed by minutes only.
    expect(lead.score.engagement.score).toBeGreaterThan(31.9);
    expect(lead.score.engagement.score).toBeLessThanOrEqual(32);
    const fitSum = (lead.score.fit.contributions as { points: number }[]).reduce((a, c) => a + c.points, 0);
    expect(fitSum).toBe(lead.score.fit.points);
  });

  it('gives the same score and the same transitions whether events come one by one or in one batch', async () => {
    const one = await makeWorkspace(testDeps(db));
    const all = await makeWorkspace(testDeps(db));
    const email = `same${++seq}@globex.com`;
    const batch = messages(`u${seq}`, email, 'Director of Sales');
    for (const m of batch) await send(one, [m]);
    await send(all, batch);
    const a = await leadOf(one, email);
    const b = await leadOf(all, email);
    expect(a.lead.score.engagement.score).toBeCloseTo(b.lead.score.engagement.score, 6);
    expect(a.lead.fitPoints).toBe(b.lead.fitPoints);
    const strip = (ts: typeof a.transitions) =>
      ts.map(({ fromStage, toStage, reason, ruleId, at: when }) => ({
        fromStage,
        toStage,
        reason,
        ruleId,
        when,
      }));
    expect(strip(a.transitions)).toEqual(strip(b.transitions));
  });

  it('a hand-raise with fit C or better qualifies at once', async () => {
    const ws = await makeWorkspace(testDeps(db));
    const email = `demo${++seq}@initech.com`;
    await send(ws, [
      { type: 'identify', userId: `u${seq}`, traits: { email, title: 'IT Manager', employees: 60 } },
      { type: 'track', userId: `u${seq}`, event: 'Demo Requested' },
    ]);
    const { lead, transitions } = await leadOf(ws, email);
    expect(lead.stage).toBe('mql');
    expect(transitions[1]!.ruleId).toBe('demo-request');
  });
});

describe('moving a lead by hand', () => {
  it('allows what the agreement allows for the role, and answers 409 saying why otherwise', async () => {
    const ws = await makeWorkspace(testDeps(db));
    const email = `move${++seq}@globex.com`;
    await send(ws, messages(`u${seq}`, email, 'VP Marketing'));
    const { lead } = await leadOf(ws, email);
    const manager = bearer(await ws.key('sales_manager'));
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/stage`,
      headers: manager,
      payload: { to: 'customer', reason: 'signed!' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('transition_not_allowed');
    // A rep's key has no user, so it owns no lead: it may not accept one (as with /accept).
    const notOwner = await app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/stage`,
      headers: bearer(await ws.key('sales_rep')),
      payload: { to: 'sal', reason: 'called, real project' },
    });
    expect(notOwner.statusCode).toBe(403);
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/stage`,
      headers: manager,
      payload: { to: 'sal', reason: 'called, real project' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      fromStage: 'mql',
      toStage: 'sal',
      actor: { type: 'api_key' },
      reason: 'called, real project',
    });
    const missingReason = await app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/stage`,
      headers: manager,
      payload: { to: 'sql' },
    });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json().errors[0].field).toBe('body.reason');
  });
});

describe('the agreement', () => {
  it('rejects an invalid draft naming the path of the mistake, in JSON and in YAML with its line', async () => {
    const ws = await makeWorkspace(testDeps(db));
    const admin = bearer(await ws.key('admin'));
    const current = (await app.inject({ method: 'GET', url: '/api/v1/agreement', headers: admin })).json();
    const doc = structuredClone(current.active.document);
    doc.engagement.halfLifeDays = 0;
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/agreement/draft',
      headers: admin,
      payload: { document: doc },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('document.engagement.halfLifeDays');
    const yaml = 'name: Broken\nfunnel:\n  stages: 7\n';
    const badYaml = await app.inject({
      method: 'PUT',
      url: '/api/v1/agreement/draft',
      headers: { ...admin, 'content-type': 'application/yaml' },
      payload: yaml,
    });
    expect(badYaml.statusCode).toBe(400);
    expect(JSON.stringify(badYaml.json().errors)).toMatch(/line 3/);
  });

  it('only an admin may change it', async () => {
    const ws = await makeWorkspace(testDeps(db));
    const res = await app.inject({
      method: 'PUT',
      url: '/api/v1/agreement/draft',
      headers: bearer(await ws.key('marketing')),
      payload: { document: {} },
    });
    expect(res.statusCode).toBe(403);
  });

  it('activating a new version rescores every lead, with progress, and qualifies those it now admits', async () => {
    const deps = testDeps(db);
    const ws = await makeWorkspace(deps);
    const admin = bearer(await ws.key('admin'));
    const email = `rescore${++seq}@globex.com`;
    await send(ws, messages(`u${seq}`, email, 'Software Engineer'));
    expect((await leadOf(ws, email)).lead.stage).toBe('lead');

    const doc = (await app.inject({ method: 'GET', url: '/api/v1/agreement', headers: admin })).json().active
      .document;
    doc.qualification.mql.cells = [...doc.qualification.mql.cells, 'C2', 'D2'];
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/v1/agreement/draft',
          headers: admin,
          payload: { document: doc, note: 'let engaged smaller fits in' },
        })
      ).statusCode,
    ).toBe(200);
    const activated = await app.inject({ method: 'POST', url: '/api/v1/agreement/activate', headers: admin });
    expect(activated.statusCode).toBe(200);
    const runId = activated.json().rescoreRunId as string;
    expect(activated.json().active.version).toBe(2);

    while (await rescoreTick(deps)) {
      /* until the run is done */
    }
    const run = (
      await app.inject({ method: 'GET', url: `/api/v1/agreement/rescores/${runId}`, headers: admin })
    ).json();
    expect(run).toMatchObject({ status: 'done', total: 1, done: 1, transitions: 1 });
    const { lead, transitions } = await leadOf(ws, email);
    expect(lead.stage).toBe('mql');
    // The agreement's v2 moved it, by the matrix cell it added.
    expect(transitions.at(-1)).toMatchObject({
      fromStage: 'lead',
      toStage: 'mql',
      agreementVersion: 2,
      ruleId: expect.stringMatching(/^matrix:[CD]2$/),
      actor: { type: 'system', label: 'agreement' },
    });
  });
});
