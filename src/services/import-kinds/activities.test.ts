// The activities import: each row an event of its lead at its own time, accepted and folded as
// ingestion would, so the score and the stage move exactly as the same events sent to /v1/track
// move them; a re-import is a no-op, the dry run writes nothing, bad rows are listed exactly, and
// undo puts the leads back as they were.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/support/database.js';
import {
  type TestWorkspace,
  makeWorkspace,
  settled,
  testApp,
  testDeps,
} from '../../../test/support/fixtures.js';
import { IMPORTER as importer, importRuns } from '../../../test/support/import-test.js';
import type { Db } from '../../store/db.js';
import { events, leads, scoreContributions, transitions } from '../../store/schema/index.js';
import { storedRows } from '../../../test/support/stored-rows.js';
import type { Deps } from '../deps.js';
import { undoImport } from '../import-undo.js';

let db: Db;
let deps: Deps;
let app: FastifyInstance | null = null;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
});
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(async () => {
  await db.close();
});

const { run, dryRun, fingerprint, errorsOf } = importRuns(() => deps);

const DAY = 86_400_000;
/** Whole seconds `days` ago (the events must lie in the past, as history does). */
const daysAgo = (days: number) => new Date(Math.floor((Date.now() - days * DAY) / 1000) * 1000);

const created = daysAgo(40);
const LEAD = [
  'Email,First Name,Job Title,Company,Number of Employees,Create Date',
  `val@bigco.example,Val,Marketing Manager,BigCo,800,${created.toISOString()}`,
].join('\n');

/** The lead's score, stage and history, as comparable values (no ids). */
async function outcome(ws: TestWorkspace) {
  const workspaceId = ws.workspace.id;
  const [lead] = (await storedRows(db, leads, { workspaceId })).map((l) => ({
    stage: l.stage,
    stageEnteredAt: l.stageEnteredAt,
    fitGrade: l.fitGrade,
    fitPoints: l.fitPoints,
    engagement: l.engagementS.toFixed(9),
    lastContributionAt: l.lastContributionAt,
    lastActivityAt: l.lastActivityAt,
    fallOutAt: l.fallOutAt,
  }));
  const ledger = (await storedRows(db, scoreContributions, { workspaceId }, ['at', 'ruleId'])).map((c) => ({
    ruleId: c.ruleId,
    points: c.points,
    at: c.at,
  }));
  const moves = (await storedRows(db, transitions, { workspaceId }, ['at', 'id'])).map((t) => ({
    fromStage: t.fromStage,
    toStage: t.toStage,
    at: t.at,
    reason: t.reason,
  }));
  const stored = await storedRows(db, events, { workspaceId }, ['occurredAt', 'id']);
  return {
    lead,
    ledger,
    transitions: moves,
    events: stored.map((e) => ({
      type: e.type,
      event: e.event,
      occurredAt: e.occurredAt,
      properties: { path: (e.properties as { path?: string }).path ?? null },
      scored: e.scoredAt !== null,
    })),
  };
}

describe('importing activities', () => {
  // A manager in marketing at a mid-size company: fit B, so engagement (or a hand-raise) qualifies.
  const moments = { pricing: daysAgo(20), webinar: daysAgo(10), guide: daysAgo(3), demo: daysAgo(1) };
  const ACTIVITIES = [
    'Email,Event,Timestamp,Page',
    `val@bigco.example,Page View,${moments.pricing.toISOString()},https://bigco-buys.example/pricing?plan=team`,
    `val@bigco.example,Webinar Attended,${moments.webinar.toISOString()},`,
    `val@bigco.example,Content Downloaded,${moments.guide.toISOString()},`,
    `val@bigco.example,Demo Requested,${moments.demo.toISOString()},`,
  ].join('\n');

  it('moves the score and the stage exactly as the same events sent to /v1/track', async () => {
    const imported = await makeWorkspace(deps);
    await run(imported, 'leads', LEAD);
    const r = await run(imported, 'activities', ACTIVITIES);
    expect(r.counts).toEqual({ rows: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 });

    const tracked = await makeWorkspace(deps);
    await run(tracked, 'leads', LEAD);
    app = await testApp(deps);
    const auth = { authorization: `Basic ${Buffer.from(`${tracked.writeKey}:`).toString('base64')}` };
    const person = { anonymousId: 'visitor-1', context: { traits: { email: 'val@bigco.example' } } };
    const calls = [
      ['page', { properties: { path: '/pricing' }, timestamp: moments.pricing }],
      ['track', { event: 'Webinar Attended', timestamp: moments.webinar }],
      ['track', { event: 'Content Downloaded', timestamp: moments.guide }],
      ['track', { event: 'Demo Requested', timestamp: moments.demo }],
    ] as const;
    for (const [type, call] of calls) {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/${type}`,
        headers: auth,
        payload: { ...person, ...call },
      });
      expect(res.statusCode).toBe(200);
    }
    await settled(app);

    const mine = await outcome(imported);
    expect(mine).toEqual(await outcome(tracked));
    // It moved: points at each activity's time, then the hand-raise qualified the lead that day.
    expect(mine.ledger.map((c) => c.ruleId)).toEqual([
      'page-view',
      'pricing-page',
      'webinar-attended',
      'content-downloaded',
      'demo-requested',
    ]);
    expect(mine.transitions.map((t) => [t.toStage, t.at])).toEqual([
      ['lead', created],
      ['mql', moments.demo],
    ]);
    expect(mine.lead).toMatchObject({ stage: 'mql', lastActivityAt: moments.demo });
    expect(mine.events.every((e) => e.scored)).toBe(true);
  });

  it('re-imports as a no-op, dry-runs writing nothing, and undo puts the lead back', async () => {
    const ws = await makeWorkspace(deps);
    await run(ws, 'leads', LEAD);
    const before = await fingerprint(ws);
    const dry = await dryRun(ws, 'activities', ACTIVITIES);
    expect(dry.counts).toEqual({ rows: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(await fingerprint(ws)).toEqual(before);

    const first = await run(ws, 'activities', ACTIVITIES);
    const after = await fingerprint(ws);
    expect(after.events?.rows).toBe(4);
    const again = await run(ws, 'activities', ACTIVITIES);
    expect(again.counts).toEqual({ rows: 4, created: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await fingerprint(ws)).toEqual(after);
    expect((await dryRun(ws, 'activities', ACTIVITIES)).counts).toMatchObject({ created: 0, unchanged: 4 });

    await undoImport(deps, ws.workspace.id, importer, first.id);
    expect(await fingerprint(ws)).toEqual(before);
  });

  it('lists exactly the bad rows: unknown lead, bad date, missing event, a time to come, a repeated id', async () => {
    const ws = await makeWorkspace(deps);
    await run(ws, 'leads', LEAD);
    const content = [
      'Event ID,Email,Event,Timestamp,Page',
      'e-1,nobody@nowhere.example,Page View,2026-01-05,/pricing',
      'e-2,val@bigco.example,Page View,last tuesday,/pricing',
      'e-3,val@bigco.example,,2026-01-05,/pricing',
      'e-4,val@bigco.example,Page View,2999-01-01,/pricing',
      'e-5,val@bigco.example,Page View,2026-01-05T10:00:00Z,/pricing',
      'e-5,val@bigco.example,Page View,2026-01-06T10:00:00Z,/pricing',
      ',val@bigco.example,Email Clicked,2026-01-07 09:00,',
    ].join('\n');
    const dry = await dryRun(ws, 'activities', content);
    expect(dry.counts).toEqual({ rows: 7, created: 2, updated: 0, unchanged: 0, rejected: 5 });
    const r = await run(ws, 'activities', content);
    expect(r.counts).toEqual({ rows: 7, created: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(await errorsOf(ws, r.id)).toEqual([
      [2, [['Email', 'nobody@nowhere.example', 'names no lead of this workspace']]],
      [3, [['Timestamp', 'last tuesday', 'at is not a date (ISO 8601 expected)']]],
      [4, [['Event', '', 'event is required']]],
      [5, [['Timestamp', '2999-01-01T00:00:00.000Z', 'at is in the future']]],
      [7, [[null, null, 'is the same activity as row 6']]],
    ]);
    const stored = await storedRows(db, events, { workspaceId: ws.workspace.id }, ['occurredAt']);
    expect(stored.map((e) => e.occurredAt.toISOString())).toEqual([
      '2026-01-05T10:00:00.000Z',
      '2026-01-07T09:00:00.000Z',
    ]);
    expect(stored[0]!.messageId).toBe('import:e-5');
  });

  it("reads a marketing tool's activity export with no hand mapping: by e-mail or contact id", async () => {
    const fixtures = path.resolve('test/fixtures/imports');
    const ws = await makeWorkspace(deps);
    await run(ws, 'leads', readFileSync(path.join(fixtures, 'hubspot-contacts.csv'), 'utf8'));
    const before = await fingerprint(ws);
    const content = readFileSync(path.join(fixtures, 'activities-export.csv'), 'utf8');
    const r = await run(ws, 'activities', content);
    expect(r.counts).toEqual({ rows: 13, created: 12, updated: 0, unchanged: 0, rejected: 1 });
    expect(await errorsOf(ws, r.id)).toEqual([
      [14, [['Contact ID', '99', 'names no lead of this workspace']]],
    ]);
    const workspaceId = ws.workspace.id;
    const people = await storedRows(db, leads, { workspaceId });
    const emailOf = new Map(people.map((l) => [l.id, l.email]));
    const stored = await storedRows(db, events, { workspaceId }, ['occurredAt', 'id']);
    const byLead = [...new Set(stored.map((e) => emailOf.get(e.leadId!) ?? null))]
      .sort((a, b) => String(a).localeCompare(String(b)))
      .map((email) => {
        const mine = stored.filter((e) => emailOf.get(e.leadId!) === email);
        const paths = mine.flatMap((e) => {
          const p = (e.properties as { path?: string }).path;
          return p === undefined ? [] : [p];
        });
        return { email, n: mine.length, paths };
      });
    expect(byLead).toEqual([
      { email: 'chen.wei@lotus-tech.example', n: 3, paths: ['/blog/what-is-an-mql'] },
      { email: 'emma.schulz@bergwerk.example', n: 2, paths: ['/pricing'] },
      { email: 'jan.devries@polder.example', n: 1, paths: ['/contact'] },
      {
        email: 'maria.jonsson@nordlys.example',
        n: 3,
        paths: ['/pricing', '/resources/lead-scoring-guide'],
      },
      { email: 'tom.obrien@harbor.example', n: 3, paths: ['/pricing', '/demo'] },
    ]);
    const maria = people.find((l) => l.email === 'maria.jonsson@nordlys.example')!;
    const rules = (
      await storedRows(db, scoreContributions, { workspaceId, leadId: maria.id }, ['at', 'ruleId'])
    ).map((c) => c.ruleId);
    expect(rules).toEqual(['page-view', 'pricing-page', 'content-downloaded', 'webinar-attended']);
    const after = await fingerprint(ws);
    expect((await run(ws, 'activities', content)).counts).toMatchObject({ created: 0, unchanged: 12 });
    expect(await fingerprint(ws)).toEqual(after);
    await undoImport(deps, ws.workspace.id, importer, r.id);
    expect(await fingerprint(ws)).toEqual(before);
  });
});
