// The set-up a test file of services or of the HTTP API registers, written once: its database,
// deps and workspace (made before the file's tests run), the apps it starts (each closed after its
// test, so a failing test leaks no server), and the database closed after the file. Read the
// fields inside hooks and tests: they are set in beforeAll.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Deps } from '../../src/services/deps.js';
import type { Db } from '../../src/store/db.js';
import { openTestDb } from './database.js';
import { type TestWorkspace, makeWorkspace, testApp, testDeps } from './fixtures.js';

export type AppOptions = Parameters<typeof testApp>[1];

export interface WorkspaceTest {
  readonly db: Db;
  readonly deps: Deps;
  /** The file's workspace. */
  readonly ws: TestWorkspace;
  /** The file's own app, started before its tests and closed after them (`workspaceTest({ server })`). */
  readonly server: FastifyInstance;
  /** Starts an app on the file's deps (or on `deps` given), closed after the test that started it. */
  app(options?: AppOptions, deps?: Deps): Promise<FastifyInstance>;
}

/**
 * Registers the hooks and answers the context they fill. `clock` replaces the real clock of the
 * file's deps; `createdAt` is when the workspace (and its first agreement) began, when that must
 * come before the file's history; `server` starts one app for the whole file (with these options, or `true`).
 */
export function workspaceTest(
  setup: { clock?: () => Date; createdAt?: Date; server?: AppOptions | true } = {},
): WorkspaceTest {
  let db: Db | undefined;
  let deps: Deps | undefined;
  let ws: TestWorkspace | undefined;
  let server: FastifyInstance | undefined;
  const started: FastifyInstance[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('workspaceTest: read its fields inside hooks and tests');
    return value;
  };
  beforeAll(async () => {
    db = await openTestDb();
    let creating = setup.createdAt;
    const clock = setup.clock ?? (() => new Date());
    deps = testDeps(db, () => creating ?? clock());
    if (setup.server) server = await testApp(deps, setup.server === true ? {} : setup.server);
    ws = await makeWorkspace(deps);
    creating = undefined;
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((a) => a.close()));
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  return {
    get db() {
      return ready(db);
    },
    get deps() {
      return ready(deps);
    },
    get ws() {
      return ready(ws);
    },
    get server() {
      return ready(server);
    },
    async app(options, otherDeps) {
      const app = await testApp(otherDeps ?? ready(deps), options);
      started.push(app);
      return app;
    },
  };
}
