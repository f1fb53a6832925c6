// Browser tests: the real server on a test database with the demo workspace, the built web app, and
// Debian's Chromium driven by playwright-core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { seedTestDemo } from './demo-seed.js';
import { WEB_DIST, buildApp } from '../../src/http/app.js';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_PASSWORD,
  DEMO_SLUG,
  ensureDemoWorkspace,
} from '../../src/services/demo-workspace.js';
import { createAppServices } from '../../src/services/app-services.js';
import type { Deps } from '../../src/services/deps.js';
import { createTeam, setTeamMember } from '../../src/services/teams.js';
import type { Db } from '../../src/store/db.js';
import type { User } from '../../src/store/users.js';
import { openPreparedTestDb, openTestDb, withDirLock } from './database.js';
import { TEST_PASSWORD, type TestWorkspace, makeWorkspace, testDeps } from './fixtures.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../browser/screenshots');
const ROOT = path.resolve(import.meta.dirname, '../..');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserApp {
  baseUrl: string;
  deps: Deps;
  /** '' when started without the demo. */
  demoWorkspaceId: string;
  /** The worker's Chromium, shared with the files before and after this one: open contexts, never close it. */
  browser: Browser;
  /** Waits until every accepted event is folded (scores, stages, hand-off). */
  settled(): Promise<void>;
  /** A fresh context (own cookies) and page, 1440×900, collecting page errors. */
  newPage(): Promise<TestPage>;
  close(): Promise<void>;
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors, except failed resource loads the app expects (401 before sign-in). */
  errors: string[];
}

/** Fails, never skips, when Chromium is missing: browser tests are part of the suite. */
function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`bash scripts/install-chromium.sh\` first.`,
    );
  }
}

/**
 * Builds web/dist when it is older than web/ (`npm test` does this first; a direct `vitest run` may not).
 * Test files run in parallel workers, so one builds while the others wait on a lock directory.
 */
async function ensureWebBuilt(): Promise<void> {
  await withDirLock(
    path.join(ROOT, '.tandem-test', 'web-build.lock'),
    () => {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs'), '--if-stale'], {
        cwd: ROOT,
        stdio: 'inherit',
      });
    },
    180_000,
  );
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web app is not built at ${WEB_DIST}: run \`node scripts/build-web.mjs\`.`);
  }
}

// One Chromium per test worker, shared by its files one after another (each file gets its own
// contexts, so no cookie or storage crosses): launching it is a second or two of CPU per file.
// Playwright kills it when the worker exits; a browser that crashed is launched again.
let sharedBrowser: Promise<Browser> | null = null;

async function workerBrowser(): Promise<Browser> {
  const current = sharedBrowser && (await sharedBrowser.catch(() => null));
  if (current?.isConnected()) return current;
  sharedBrowser = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return sharedBrowser;
}

/**
 * `demo: false` starts without the demo; `openDb` another database; `deps` adds to the server's deps
 * (a mailer that sends to a test SMTP server, a PUBLIC_URL).
 */
export async function startBrowserApp(
  opts: { demo?: boolean; openDb?: () => Promise<Db>; deps?: Partial<Deps> } = {},
): Promise<BrowserApp> {
  assertChromium();
  await ensureWebBuilt();
  let db: Db | null = null;
  let app: FastifyInstance | null = null;
  try {
    // The demo is seeded once per run and copied (seeding takes seconds on PGlite); on PostgreSQL
    // the files share one database, where the first seeds it and the others find it.
    const seed = async (d: Db) => {
      await ensureDemoWorkspace(testDeps(d), { replace: false, seed: seedTestDemo });
    };
    db = await (opts.openDb ?? (opts.demo === false ? openTestDb : () => openPreparedTestDb('demo', seed)))();
    const deps: Deps = { ...testDeps(db), ...opts.deps };
    const { workspaceId } =
      opts.demo === false
        ? { workspaceId: '' }
        : await ensureDemoWorkspace(deps, { replace: false, seed: seedTestDemo });
    const services = createAppServices(deps);
    app = await buildApp(deps, {
      services,
      bodyLimitBytes: 1024 * 1024,
      sessionTtlMs: 3600_000,
      secureCookies: false,
      logger: false,
      webDist: WEB_DIST,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
    const b = await workerBrowser();
    const contexts: BrowserContext[] = [];
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const [openDb, openApp] = [db, app];
    return {
      baseUrl,
      deps,
      demoWorkspaceId: workspaceId,
      browser: b,
      async settled() {
        await services.fold.drain();
      },
      async newPage() {
        const context = await b.newContext({
          baseURL: baseUrl,
          viewport: { width: 1440, height: 900 },
          locale: 'en-US',
        });
        contexts.push(context);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
        page.on('console', (msg) => {
          if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
            errors.push(msg.text());
        });
        return { page, context, errors };
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => undefined);
        await openApp.close();
        await openDb.close();
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    throw err;
  }
}

export interface ApiSession {
  /** Calls /api/v1 as the signed-in member (session cookie and CSRF header); throws on a non-2xx answer. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Signs in over HTTP, for setting up data the way the app itself would. */
export async function apiSession(
  baseUrl: string,
  email = DEMO_ADMIN_EMAIL,
  password = DEMO_PASSWORD,
): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace: DEMO_SLUG, email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const r = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return (r.status === 204 ? undefined : await r.json()) as T;
    },
  };
}

/** Signs in through the sign-in form and waits for the workspace to show. */
export async function signIn(
  page: Page,
  opts: { email?: string; password?: string; workspace?: string; path?: string } = {},
): Promise<void> {
  await page.goto(opts.path ?? '/sign-in');
  await page.getByLabel('Workspace').fill(opts.workspace ?? DEMO_SLUG);
  await page.getByLabel('E-mail').fill(opts.email ?? DEMO_ADMIN_EMAIL);
  await page.getByLabel('Password').fill(opts.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor();
}

/** Saves a full-page screenshot to test/browser/screenshots/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---------------------------------------------------------------------------------------------
// A sales workspace of the test's own (the demo workspace's data is not the test's to rely on).

/** Open every hour of every day, so SLA clocks run whenever the test does. */
const ALWAYS_OPEN = {
  timeZone: 'UTC',
  week: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
  holidays: [],
};

export interface SalesWorkspace {
  ws: TestWorkspace;
  slug: string;
  rep: User;
  manager: User;
  /** Team `amer` (where the default agreement routes US leads): the rep alone. */
  teamId: string;
  /** A VP from a 500-person US company who requests a demo: fit A, qualified and routed to the rep at once. */
  qualifiedLead(opts?: {
    firstName?: string;
    lastName?: string;
    company?: string;
    country?: string;
  }): Promise<string>;
  /** Signs in to this workspace through the form. */
  signInAs(page: Page, user: User, path?: string): Promise<void>;
}

let leadCounter = 0;

export async function salesWorkspace(app: BrowserApp): Promise<SalesWorkspace> {
  const system = { type: 'system' as const, id: null, label: 'browser test' };
  const ws = await makeWorkspace(app.deps);
  const rep = await ws.member('sales_rep', `rep-${ws.workspace.slug}`);
  const manager = await ws.member('sales_manager', `manager-${ws.workspace.slug}`);
  const team = await createTeam(app.deps, system, ws.workspace.id, {
    key: 'amer',
    name: 'Americas',
    calendar: ALWAYS_OPEN,
    managerId: manager.id,
  });
  await setTeamMember(app.deps, system, ws.workspace.id, {
    teamId: team.id,
    userId: rep.id,
    weight: 1,
    capacity: 25,
    active: true,
  });
  const adminKey = await ws.key('admin');
  return {
    ws,
    slug: ws.workspace.slug,
    rep,
    manager,
    teamId: team.id,
    async qualifiedLead(opts = {}) {
      const n = ++leadCounter;
      const email = `buyer${n}-${Math.random().toString(36).slice(2, 7)}@bigco${n}.example`;
      const userId = `user-${email}`;
      const day = 86_400_000;
      const res = await fetch(`${app.baseUrl}/v1/batch`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          batch: [
            {
              type: 'identify',
              userId,
              traits: {
                email,
                firstName: opts.firstName ?? 'Buyer',
                lastName: opts.lastName ?? `No${n}`,
                company: opts.company ?? `Bigco ${n}`,
                title: 'VP Marketing',
                employees: 500,
                country: opts.country ?? 'US',
              },
              timestamp: new Date(Date.now() - 3 * day).toISOString(),
            },
            {
              type: 'page',
              userId,
              name: 'Pricing',
              properties: { path: '/pricing', title: 'Pricing' },
              timestamp: new Date(Date.now() - 2 * day).toISOString(),
            },
            {
              type: 'track',
              userId,
              event: 'Webinar Attended',
              properties: { webinar: 'Scoring that sales trusts' },
              timestamp: new Date(Date.now() - day).toISOString(),
            },
            { type: 'track', userId, event: 'Demo Requested', properties: { form: 'contact-sales' } },
          ],
        }),
      });
      if (!res.ok) throw new Error(`/v1/batch: ${res.status} ${await res.text()}`);
      // Accepted is not yet scored: wait for the fold, so the lead is qualified and handed off.
      await app.settled();
      const list = await fetch(`${app.baseUrl}/api/v1/leads?email=${encodeURIComponent(email)}`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      const body = (await list.json()) as { data: { id: string }[] };
      const id = body.data[0]?.id;
      if (!id) throw new Error(`no lead for ${email}`);
      return id;
    },
    async signInAs(page, user, path) {
      await signIn(page, {
        workspace: ws.workspace.slug,
        email: user.email,
        password: TEST_PASSWORD,
        ...(path ? { path } : {}),
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The set-up and the chart check the report pages' browser tests share.

export interface BrowserAppTest {
  readonly app: BrowserApp;
  /** The file's own sales workspace (without the demo), seeded before its tests. */
  readonly world: SalesWorkspace;
}

/**
 * Registers a file's app: started before its tests, with the demo workspace (`demo: true`) or with
 * a sales workspace of its own that `seed` fills; closed after them. Read the fields inside tests.
 */
export function browserAppTest(
  setup: { demo: true } | { demo: false; seed?: (db: Db, world: SalesWorkspace) => Promise<void> },
): BrowserAppTest {
  let app: BrowserApp | undefined;
  let world: SalesWorkspace | undefined;
  beforeAll(async () => {
    app = await startBrowserApp({ demo: setup.demo });
    if (!setup.demo) {
      world = await salesWorkspace(app);
      await setup.seed?.(app.deps.db, world);
    }
  }, 600_000);
  afterAll(async () => {
    await app?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserAppTest: no ${what} (read it inside tests)`);
    return value;
  };
  return {
    get app() {
      return ready(app, 'app');
    },
    get world() {
      return ready(world, 'sales workspace');
    },
  };
}

/** Painted pixels of the chart in `selector` (0 while it is blank), once Chart.js has drawn its data. */
export async function inked(page: Page, selector: string): Promise<number> {
  const canvas = page.locator(`${selector} canvas`);
  await canvas.waitFor();
  // Chart.js draws on the next frame after its data arrives.
  await page.waitForTimeout(300);
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
    return n;
  });
}
