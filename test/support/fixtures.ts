// Builders for tests: a fresh workspace with members and keys, an app to inject requests into.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/domain/roles.js';
import type { SignInThrottlePolicy } from '../../src/domain/sign-in-throttle.js';
import { hashPassword } from '../../src/services/credentials.js';
import { insertUser } from '../../src/store/users.js';
import { buildApp } from '../../src/http/app.js';
import { createApiKey } from '../../src/services/api-keys.js';
import { createAppServices } from '../../src/services/app-services.js';
import type { Folder } from '../../src/services/fold.js';
import type { Principal } from '../../src/services/principal.js';
import { AppError } from '../../src/domain/errors.js';
import { type Deps, silentLogger } from '../../src/services/deps.js';
import { createWorkspace } from '../../src/services/workspaces.js';
import type { Db, Queryable } from '../../src/store/db.js';
import type { User } from '../../src/store/users.js';
import type { Workspace } from '../../src/store/workspaces.js';
import { openTestDb } from './database.js';

export const TEST_PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | undefined;
const testPasswordHash = (): Promise<string> => (cachedHash ??= hashPassword(TEST_PASSWORD));
const ACTOR = { type: 'system' as const, id: null, label: 'test' };

export function testDeps(db: Db, now?: () => Date): Deps {
  return { db, clock: now ?? (() => new Date()), log: silentLogger };
}

export interface TestWorkspace {
  workspace: Workspace;
  admin: User;
  writeKey: string;
  /** A secret key per role, created on demand. */
  key(role: Role): Promise<string>;
  member(role: Role, name?: string): Promise<User>;
}

export async function makeWorkspace(deps: Deps): Promise<TestWorkspace> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const { workspace, admin, writeKey } = await createWorkspace(deps, ACTOR, {
    slug,
    name: `Test ${slug}`,
    timeZone: 'UTC',
    admin: {
      email: `admin@${slug}.test`,
      name: 'Admin',
      role: 'admin',
      password: null,
      passwordHash: await testPasswordHash(),
    },
  });
  const keys = new Map<Role, string>();
  return {
    workspace,
    admin,
    writeKey,
    async key(role) {
      const existing = keys.get(role);
      if (existing) return existing;
      const { secret } = await deps.db.transaction((tx) =>
        createApiKey(tx, ACTOR, { workspaceId: workspace.id, type: 'secret', role, name: `${role} key` }),
      );
      keys.set(role, secret);
      return secret;
    },
    // Members share one password hash: argon2 costs most of a second per hash, by design.
    async member(role, name) {
      const n = name ?? `${role}-${randomUUID().slice(0, 6)}`;
      return insertUser(deps.db, {
        workspaceId: workspace.id,
        email: `${n}@${slug}.test`,
        name: n,
        role,
        passwordHash: await testPasswordHash(),
        timeZone: 'UTC',
      });
    },
  };
}

/** The set-up most test files share: their database, its deps on the real clock, one workspace. */
export async function openTestWorkspace(): Promise<{ db: Db; deps: Deps; ws: TestWorkspace }> {
  const db = await openTestDb();
  const deps = testDeps(db);
  return { db, deps, ws: await makeWorkspace(deps) };
}

/** A member's browser session: the cookie, and the CSRF token every change sends (also as headers). */
export interface SignedIn {
  cookies: { tandem_session: string };
  csrf: string;
  headers: { 'x-csrf-token': string };
}

export async function signIn(
  app: FastifyInstance,
  workspaceSlug: string,
  user: { email: string },
  password = TEST_PASSWORD,
): Promise<SignedIn> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { workspace: workspaceSlug, email: user.email, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`signing ${user.email} in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tandem_session');
  if (!cookie) throw new Error('signing in set no session cookie');
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return { cookies: { tandem_session: cookie.value }, csrf, headers: { 'x-csrf-token': csrf } };
}

/** Counts every statement run through `inner` or its transactions into `counter.count`. */
export function countingDb(inner: Db, counter: { count: number }): Db {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      counter.count++;
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  return {
    ...inner,
    ...wrap(inner),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    close: () => inner.close(),
  };
}

/** `inner` with every statement (and every statement of its transactions) written down in `seen`. */
export function recordingDb(inner: Db, seen: string[]): Db {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      seen.push(sql);
      return q.query(sql, params);
    },
    exec: (sql) => {
      seen.push(sql);
      return q.exec(sql);
    },
  });
  return { ...inner, ...wrap(inner), transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))) };
}

const foldersOf = new WeakMap<FastifyInstance, Folder>();

/**
 * Waits until everything the app accepted so far is folded (scores, stages, hand-off): ingestion
 * answers once events are stored, and the fold follows in the background.
 */
export async function settled(app: FastifyInstance): Promise<void> {
  const folder = foldersOf.get(app);
  if (!folder) throw new Error('settled() needs an app built by testApp()');
  await folder.drain();
}

export async function testApp(
  deps: Deps,
  overrides: { bodyLimitBytes?: number; signInThrottle?: Partial<SignInThrottlePolicy> } = {},
): Promise<FastifyInstance> {
  const services = createAppServices(deps);
  const app = await buildApp(deps, {
    services,
    bodyLimitBytes: overrides.bodyLimitBytes ?? 1024 * 1024,
    sessionTtlMs: 90 * 24 * 3600_000,
    secureCookies: false,
    // Only unexpected errors (500s) are logged, so a failing test shows why.
    logger: { level: 'error' },
    webDist: '/nonexistent',
    ...(overrides.signInThrottle ? { signInThrottle: overrides.signInThrottle } : {}),
  });
  foldersOf.set(app, services.fold);
  return app;
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** A member calling a service as themselves (a signed-in session), with their own role. */
export const principalOf = (user: User): Principal => ({
  kind: 'user',
  workspaceId: user.workspaceId,
  userId: user.id,
  role: user.role,
  label: user.email,
  sessionId: 'test-session',
  csrfToken: 'test-csrf',
});

/** The AppError `work` fails with; fails the test if it succeeds or throws anything else. */
export async function appErrorOf(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(
    () => new Error('expected an AppError, but it succeeded'),
    (e: unknown) => e,
  );
  if (err instanceof AppError) return err;
  throw err;
}
