// Set-up for hand-off tests: a workspace with teams and reps, a movable clock, and helpers to qualify leads.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import type { Deps } from '../../src/services/deps.js';
import { silentLogger } from '../../src/services/deps.js';
import { createTeam, setTeamMember } from '../../src/services/teams.js';
import type { Db } from '../../src/store/db.js';
import type { User } from '../../src/store/users.js';
import { openTestDb } from './database.js';
import {
  bearer,
  countingDb,
  makeWorkspace,
  settled,
  signIn,
  testApp,
  type TestWorkspace,
} from './fixtures.js';

/** Monday 23 November 2026, 10:00 UTC: inside the test teams' office hours (Mon–Fri 09–17 UTC). */
export const MONDAY_10 = new Date('2026-11-23T10:00:00Z');

export const UTC_OFFICE = {
  timeZone: 'UTC',
  week: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
    sat: [],
    sun: [],
  },
  holidays: [],
};

export interface HandoffWorld {
  deps: Deps;
  app: FastifyInstance;
  ws: TestWorkspace;
  now(): Date;
  setNow(d: Date): void;
  advance(ms: number): void;
  reps: Record<string, User>;
  manager: User;
  teams: Record<string, string>;
}

const SYSTEM = { type: 'system' as const, id: null, label: 'test' };

/** Teams `amer` (reps a1 weight 2, a2 weight 1) and `emea` (e1, e2), a manager; clock at MONDAY_10. */
export async function handoffWorld(db: Db): Promise<HandoffWorld> {
  let current = new Date(MONDAY_10);
  const deps: Deps = { db, clock: () => new Date(current), log: silentLogger };
  const app = await testApp(deps);
  const ws = await makeWorkspace(deps);
  const manager = await ws.member('sales_manager', 'manager');
  const reps: Record<string, User> = {};
  for (const name of ['a1', 'a2', 'e1', 'e2']) reps[name] = await ws.member('sales_rep' as Role, name);
  const teams: Record<string, string> = {};
  for (const key of ['amer', 'emea']) {
    const team = await createTeam(deps, SYSTEM, ws.workspace.id, {
      key,
      name: key.toUpperCase(),
      calendar: UTC_OFFICE,
      managerId: manager.id,
    });
    teams[key] = team.id;
  }
  const member = (team: string, rep: string, weight: number) =>
    setTeamMember(deps, SYSTEM, ws.workspace.id, {
      teamId: teams[team]!,
      userId: reps[rep]!.id,
      weight,
      capacity: null,
      active: true,
    });
  await member('amer', 'a1', 2);
  await member('amer', 'a2', 1);
  await member('emea', 'e1', 1);
  await member('emea', 'e2', 1);
  return {
    deps,
    app,
    ws,
    now: () => new Date(current),
    setNow: (d) => (current = new Date(d)),
    advance: (ms) => (current = new Date(current.getTime() + ms)),
    reps,
    manager,
    teams,
  };
}

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
let counter = 0;

/** A VP who requests a demo: fit A, qualifies at once through the hand-raise. Returns the lead id. */
export async function qualifiedLead(
  world: HandoffWorld,
  opts: { country?: string; email?: string; event?: string } = {},
): Promise<string> {
  const n = ++counter;
  const email = opts.email ?? `buyer${n}-${Math.random().toString(36).slice(2, 7)}@bigco${n}.com`;
  const userId = `user-${email}`;
  const res = await world.app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: basic(world.ws.writeKey),
    payload: {
      batch: [
        {
          type: 'identify',
          userId,
          traits: {
            email,
            firstName: 'Buyer',
            lastName: `No${n}`,
            title: 'VP Marketing',
            employees: 500,
            country: opts.country ?? 'US',
          },
        },
        { type: 'track', userId, event: opts.event ?? 'Demo Requested' },
      ],
    },
  });
  expect(res.statusCode).toBe(200);
  await settled(world.app);
  const list = await world.app.inject({
    method: 'GET',
    url: `/api/v1/leads?email=${encodeURIComponent(email)}`,
    headers: bearer(await world.ws.key('admin')),
  });
  return list.json().data[0].id as string;
}

export async function leadState(
  world: HandoffWorld,
  id: string,
): Promise<{ stage: string; ownerId: string | null }> {
  await settled(world.app);
  const res = await world.app.inject({
    method: 'GET',
    url: `/api/v1/leads/${id}`,
    headers: bearer(await world.ws.key('admin')),
  });
  return res.json();
}

/** Headers of a signed-in member (session cookie + CSRF token), for actions only people take. */
export async function signedIn(world: HandoffWorld, user: User): Promise<Record<string, string>> {
  const { cookies, csrf } = await signIn(world.app, world.ws.workspace.slug, user);
  return { cookie: `tandem_session=${cookies.tandem_session}`, 'x-csrf-token': csrf };
}

export interface HandoffTest {
  /** The file's database (set before its tests run). */
  readonly db: Db;
  /**
   * A new hand-off world, its app closed after the test that made it; with `'file'` (from
   * beforeAll), after the file's last test.
   */
  world(lives?: 'test' | 'file'): Promise<HandoffWorld>;
}

/**
 * The hooks of a test file whose tests each build a hand-off world: one database for the file,
 * closed after it, and each world's app closed after its test, so a failing test leaks no server.
 * With `statements`, every statement run on the database is counted there (fixtures' countingDb).
 */
export function handoffTest(opts: { statements?: { count: number } } = {}): HandoffTest {
  let db: Db | undefined;
  const apps: FastifyInstance[] = [];
  const fileApps: FastifyInstance[] = [];
  const opened = (): Db => {
    if (!db) throw new Error('handoffTest: read db inside hooks and tests');
    return db;
  };
  beforeAll(async () => {
    db = await openTestDb();
    if (opts.statements) db = countingDb(db, opts.statements);
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await Promise.all(fileApps.splice(0).map((app) => app.close()));
    await db?.close();
  });
  return {
    get db() {
      return opened();
    },
    async world(lives = 'test') {
      const w = await handoffWorld(opened());
      (lives === 'file' ? fileApps : apps).push(w.app);
      return w;
    },
  };
}
