// The first-run setup of a fresh server, and the getting-started checklist of the workspace it makes.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarFor } from '../../services/calendars.js';
import { ensureDemoWorkspace } from '../../services/demo-workspace.js';
import type { Deps } from '../../services/deps.js';
import { createTeam } from '../../services/teams.js';
import { listAudit } from '../../store/audit-log.js';
import type { Db } from '../../store/db.js';
import { insertUser } from '../../store/users.js';
import { findWorkspaceBySlug, listWorkspaces } from '../../store/workspaces.js';
import { EMPTY_DEMO } from '../../../test/support/demo-seed.js';
import { openEmptyDb } from '../../../test/support/empty-database.js';
import { settled, testApp, testDeps } from '../../../test/support/fixtures.js';

const PASSWORD = 'lantern orchard velvet 42';

const setupBody = (slug = 'acme', overrides: Record<string, unknown> = {}) => ({
  companyName: 'Acme Inc',
  slug,
  timeZone: 'Europe/Berlin',
  businessHours: { days: ['mon', 'tue', 'wed', 'thu'], from: '08:30', to: '16:00' },
  admin: { name: 'Ada Admin', email: `ada@${slug}.example`, password: PASSWORD },
  ...overrides,
});

const opened: { db: Db; app: FastifyInstance }[] = [];
afterEach(async () => {
  for (const { db, app } of opened.splice(0)) {
    await app.close();
    await db.close();
  }
});

async function freshServer(): Promise<{ db: Db; deps: Deps; app: FastifyInstance }> {
  const db = await openEmptyDb();
  const deps = testDeps(db);
  const app = await testApp(deps);
  opened.push({ db, app });
  return { db, deps, app };
}

const post = (app: FastifyInstance, payload: unknown) =>
  app.inject({ method: 'POST', url: '/api/v1/setup', payload: payload as Record<string, unknown> });

function sessionOf(res: { cookies: { name: string; value: string }[]; json(): unknown }) {
  const cookie = res.cookies.find((c) => c.name === 'tandem_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookies: { tandem_session: cookie.value }, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

describe('the first-run setup', () => {
  it('creates the workspace with the default agreement and its admin, signs the admin in, then closes', async () => {
    const { db, app } = await freshServer();
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ available: true });

    const res = await post(app, setupBody());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      user: { email: 'ada@acme.example', name: 'Ada Admin', role: 'admin', timeZone: 'Europe/Berlin' },
      workspace: { slug: 'acme', name: 'Acme Inc', timeZone: 'Europe/Berlin' },
    });
    const s = sessionOf(res);
    const me = await app.inject({ method: 'GET', url: '/api/v1/session', cookies: s.cookies });
    expect(me.statusCode).toBe(200);
    expect(me.json().workspace.slug).toBe('acme');
    const agreement = await app.inject({ method: 'GET', url: '/api/v1/agreement', cookies: s.cookies });
    expect(agreement.statusCode).toBe(200);
    expect(agreement.json().active.version).toBe(1);

    const ws = (await findWorkspaceBySlug(db, 'acme'))!;
    expect(ws.settings.businessHours).toEqual({
      days: ['mon', 'tue', 'wed', 'thu'],
      from: '08:30',
      to: '16:00',
    });
    const actions = (await listAudit(db, ws.id, { limit: 50, beforeId: null })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'workspace.created',
        'user.created',
        'api_key.created',
        'workspace.setup_completed',
        'session.created',
      ]),
    );

    // Closed for good: the next visitor gets 409 and the page says so.
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ available: false });
    const again = await post(app, setupBody('other'));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    expect(again.cookies).toHaveLength(0);
    expect((await listWorkspaces(db)).map((w) => w.slug)).toEqual(['acme']);
  }, 60_000);

  it('lets exactly one of two submissions at once win', async () => {
    const { db, app } = await freshServer();
    const [a, b] = await Promise.all([post(app, setupBody('first')), post(app, setupBody('second'))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const winner = a.statusCode === 201 ? 'first' : 'second';
    expect((await listWorkspaces(db)).map((w) => w.slug)).toEqual([winner]);
  }, 60_000);

  it('refuses bad input naming each field, and writes nothing', async () => {
    const { db, app } = await freshServer();
    const res = await post(
      app,
      setupBody('Not a slug!', {
        companyName: ' ',
        timeZone: 'Mars/Olympus',
        businessHours: { days: [], from: '17:00', to: '09:00' },
        admin: { name: 'Ada', email: 'not-an-email', password: PASSWORD },
      }),
    );
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.companyName',
        'body.slug',
        'body.timeZone',
        'body.businessHours.days',
        'body.businessHours.to',
        'body.admin.email',
      ]),
    );
    // The demo's slug is reserved: `tandem demo` replaces whatever holds it.
    const demo = await post(app, setupBody('demo'));
    expect(demo.statusCode).toBe(400);
    expect(demo.json().errors).toEqual([expect.objectContaining({ field: 'body.slug' })]);
    // The password rule applies to the first admin as to everyone.
    const weak = await post(
      app,
      setupBody('acme', { admin: { name: 'Ada', email: 'ada@acme.example', password: 'password12' } }),
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
    expect(await listWorkspaces(db)).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ available: true });
  }, 60_000);

  it('stays open beside the demo workspace, which is not a company’s', async () => {
    const { deps, app } = await freshServer();
    await ensureDemoWorkspace(deps, { replace: false, seed: EMPTY_DEMO });
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ available: true });
    expect((await post(app, setupBody())).statusCode).toBe(201);
  }, 60_000);
});

describe('the getting-started checklist', () => {
  it('shows each step done as the workspace’s data shows it', async () => {
    const { db, deps, app } = await freshServer();
    const res = await post(app, setupBody());
    const s = sessionOf(res);
    const wsId = (res.json() as { workspace: { id: string } }).workspace.id;
    const checklist = async () => {
      const r = await app.inject({ method: 'GET', url: '/api/v1/getting-started', cookies: s.cookies });
      expect(r.statusCode).toBe(200);
      return r.json() as { steps: { id: string; isDone: boolean; reason: string }[]; doneCount: number };
    };
    const reasons = async () => Object.fromEntries((await checklist()).steps.map((x) => [x.id, x.reason]));

    expect(await reasons()).toEqual({
      invite_team: 'only_the_admin',
      set_up_teams: 'no_team',
      copy_snippet: 'write_key_unused',
      first_event: 'no_event',
      review_agreement: 'agreement_not_reviewed',
    });

    const rep = await insertUser(db, {
      workspaceId: wsId,
      email: 'rep@acme.example',
      name: 'Rey Rep',
      role: 'sales_rep',
      passwordHash: null,
      timeZone: 'UTC',
    });
    const team = await createTeam(deps, { type: 'system', id: null, label: 'test' }, wsId, {
      key: 'emea',
      name: 'EMEA',
    });
    // A team made without a calendar works the workspace's business hours.
    expect(team.calendar).toMatchObject({
      timeZone: 'Europe/Berlin',
      week: { mon: [['08:30', '16:00']], thu: [['08:30', '16:00']], fri: [], sat: [] },
    });
    expect((await checklist()).doneCount).toBe(2);
    // A member with no team works the workspace's hours, in their own zone.
    const repHours = await calendarFor(db, wsId, rep.id, null);
    expect(repHours.calendar).toMatchObject({
      timeZone: 'UTC',
      week: { mon: [['08:30', '16:00']], fri: [] },
    });

    const keys = await app.inject({ method: 'GET', url: '/api/v1/api-keys', cookies: s.cookies });
    const writeKey = (keys.json().data as { type: string; writeKey: string | null }[]).find(
      (k) => k.type === 'write',
    )!.writeKey!;
    const batch = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch: [{ type: 'track', event: 'Signed Up', userId: 'u-1', properties: {} }] },
    });
    expect(batch.statusCode).toBe(200);
    await settled(app);
    expect(await reasons()).toMatchObject({ copy_snippet: 'write_key_used', first_event: 'event_received' });

    const reviewed = await app.inject({
      method: 'POST',
      url: '/api/v1/getting-started/agreement-reviewed',
      cookies: s.cookies,
      headers: { 'x-csrf-token': s.csrf },
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ doneCount: 5, isComplete: true });
    const audit = await listAudit(db, wsId, { limit: 50, beforeId: null });
    expect(audit.filter((e) => e.action === 'agreement.reviewed')).toHaveLength(1);

    // Only admins see the checklist.
    expect(rep.role).toBe('sales_rep');
    const forRep = await app.inject({
      method: 'GET',
      url: '/api/v1/getting-started',
      headers: { authorization: `Bearer ${await repKey(app, s)}` },
    });
    expect(forRep.statusCode).toBe(403);
  }, 90_000);
});

async function repKey(
  app: FastifyInstance,
  s: { cookies: Record<string, string>; csrf: string },
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    cookies: s.cookies,
    headers: { 'x-csrf-token': s.csrf },
    payload: { type: 'secret', role: 'sales_rep', name: 'rep key' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().secret as string;
}
