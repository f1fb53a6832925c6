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
import { importRuns, importer } from '../../../test/support/import-runs.js';
import type { Db } from '../../store/db.js';
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
  const [lead] = await db.query(
    `select stage, stage_entered_at, fit_grade, fit_points, round(engagement_s::numeric, 9)::text as s,
            last_contribution_at, last_activity_at, fall_out_at
       from leads where workspace_id = $1`,
    [ws.workspace.id],
  );
  const ledger = await db.query(
    `select rule_id, points, at from score_contributions where workspace_id = $1 order by at, rule_id`,
    [ws.workspace.id],
  );
  const transitions = await db.query(
    `select from_stage, to_stage, at, reason from transitions where workspace_id = $1 order by at, id`,
    [ws.workspace.id],
  );
  const events = await db.query<{ properties: { path?: string }; scored: boolean }>(
    `select type, event, occurred_at, properties, scored_at is not null as scored from events
      where workspace_id = $1 order by occurred_at, id`,
    [ws.workspace.id],
  );
  return {
    lead,
    ledger,
    transitions,
    events: events.map((e) => ({ ...e, properties: { path: e.properties.path ?? null } })),
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
    expect(mine.ledger.map((c) => c.rule_id)).toEqual([
      'page-view',
      'pricing-page',
      'webinar-attended',
      'content-downloaded',
      'demo-requested',
    ]);
    expect(mine.transitions.map((t) => [t.to_stage, t.at])).toEqual([
      ['lead', created],
      ['mql', moments.demo],
    ]);
    expect(mine.lead).toMatchObject({ stage: 'mql', last_activity_at: moments.demo });
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
    const events = await db.query<{ message_id: string; occurred_at: Date }>(
      `select message_id, occurred_at from events where workspace_id = $1 order by occurred_at`,
      [ws.workspace.id],
    );
    expect(events.map((e) => e.occurred_at.toISOString())).toEqual([
      '2026-01-05T10:00:00.000Z',
      '2026-01-07T09:00:00.000Z',
    ]);
    expect(events[0]!.message_id).toBe('import:e-5');
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
    const byLead = await db.query<{ email: string | null; n: number; paths: string[] }>(
      `select l.email, count(*)::int as n,
              array_remove(array_agg(e.properties->>'path' order by e.occurred_at), null) as paths
         from events e join leads l on l.workspace_id = e.workspace_id and l.id = e.lead_id
        where e.workspace_id = $1 group by l.email order by l.email`,
      [ws.workspace.id],
    );
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
    const [maria] = await db.query<{ rules: string[] }>(
      `select array_agg(c.rule_id order by c.at, c.rule_id) as rules from score_contributions c
         join leads l on l.workspace_id = c.workspace_id and l.id = c.lead_id
        where c.workspace_id = $1 and l.email = 'maria.jonsson@nordlys.example'`,
      [ws.workspace.id],
    );
    expect(maria!.rules).toEqual(['page-view', 'pricing-page', 'content-downloaded', 'webinar-attended']);
    const after = await fingerprint(ws);
    expect((await run(ws, 'activities', content)).counts).toMatchObject({ created: 0, unchanged: 12 });
    expect(await fingerprint(ws)).toEqual(after);
    await undoImport(deps, ws.workspace.id, importer, r.id);
    expect(await fingerprint(ws)).toEqual(before);
  });
});
