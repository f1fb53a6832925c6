// Property-based fuzzing of every endpoint from the OpenAPI document, and of the /v1 ingestion API:
// never a 5xx, every 4xx problem+json, and a refused request leaves the main tables as they were.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/store/db.js';
import { createApiKey } from '../../src/services/api-keys.js';
import type { Deps } from '../../src/services/deps.js';
import { TEST_PASSWORD, makeWorkspace } from '../support/fixtures.js';
import { MESSAGE_TYPES } from '../../src/domain/segment-spec.js';
import { type Operation, operationsOf } from './openapi.js';
import { DeepValue, hostileValue, valueOf } from './values.js';

export interface FuzzTarget {
  app: FastifyInstance;
  db: Db;
  workspaceId: string;
  /** An admin secret key; called again after the fuzzer revoked or demoted the previous one. */
  adminKey(): Promise<string>;
  /** A signed-in session (cookie and CSRF token); called again after the fuzzer signed it out. */
  session(): Promise<{ cookie: string; csrfToken: string }>;
  /** A write key; called again after the fuzzer revoked the previous one. */
  writeKey(): Promise<string>;
  /** Waits until accepted events are folded: the fold writes after the 200, not during a refusal. */
  settle(): Promise<void>;
}

export interface Finding {
  method: string;
  url: string;
  status: number;
  detail: string;
}

export interface FuzzReport {
  sent: number;
  statuses: Record<number, number>;
  serverErrors: Finding[];
  notProblemJson: Finding[];
  partialWrites: Finding[];
}

/** Rows of these tables may not change when a request is refused (a 4xx). */
const WATCHED = [
  'leads',
  'accounts',
  'events',
  'transitions',
  'lead_identities',
  'users',
  'api_keys',
  'teams',
  'team_members',
  'out_of_office',
  'activities',
  'crm_status_changes',
  'webhook_subscriptions',
  'webhook_deliveries',
  'notifications',
  'agreements',
  'audit_log',
];
const COUNTS_SQL = `select ${WATCHED.map((t) => `(select count(*) from ${t} where workspace_id = $1)::text as ${t}`).join(', ')}`;

/**
 * Refusals that write an audit row by design, and nothing else: a wrong current password is a
 * failed sign-in in all but name (it counts against the throttle and is audited, as sign-in is).
 */
const AUDITED_REFUSALS = new Set(['POST /api/v1/me/password']);
const withoutAudit = (counts: string): string => {
  const [row] = JSON.parse(counts) as Record<string, string>[];
  const { audit_log: _audit, ...rest } = row ?? {};
  return JSON.stringify(rest);
};

/** Operations that would make the rest of the run meaningless, or that only hash passwords (argon2: slow by design). */
const RARE = new Set([
  'DELETE /api/v1/session',
  'POST /api/v1/session',
  'POST /api/v1/users',
  'PATCH /api/v1/users/{id}',
]);

/** JSON text of a request value, DeepValues written out as text (JSON.stringify cannot). */
function serialize(value: unknown): string {
  const deep: DeepValue[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof DeepValue ? `${DEEP_MARK}${deep.push(v) - 1}` : v,
  );
  return (json ?? 'null').replace(new RegExp(`"${DEEP_MARK}(\\d+)"`, 'g'), (_m, i: string) =>
    deep[Number(i)]!.toText(),
  );
}
const DEEP_MARK = '@@deep@@';

/** mulberry32: a small seeded PRNG for choosing operations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Req {
  method: string;
  url: string;
  headers: Record<string, string>;
  cookies?: Record<string, string>;
  payload?: string | Buffer;
}

function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(name, typeof v === 'object' && v !== null ? serialize(v) : String(v));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Segment messages: valid-looking, with hostile values in any field now and then. */
function segmentArbitraries() {
  const maybe = <T>(a: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 6, arbitrary: a }, { weight: 1, arbitrary: hostileValue });
  const traits = fc.record(
    {
      email: maybe(fc.emailAddress()),
      name: maybe(fc.string({ maxLength: 20 })),
      employees: maybe(
        fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(3_000_000_000, 1e21, '10k', '51-200')),
      ),
      annualRevenue: maybe(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant('$1.5M')),
      ),
      createdAt: maybe(
        fc.oneof(
          fc.constantFrom(1e21, 1.7e9, 1.7e12, -5, '2024-05-01', '0000-01-01'),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
      ),
      country: maybe(fc.constantFrom('Germany', 'BR', 'Atlantis')),
    },
    { requiredKeys: [] },
  );
  const timestamp = maybe(
    fc.oneof(
      fc
        .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2024-13-01', 1e21),
    ),
  );
  const message = fc.record(
    {
      type: maybe(fc.constantFrom(...MESSAGE_TYPES)),
      messageId: maybe(fc.uuid()),
      userId: maybe(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.integer())),
      anonymousId: maybe(fc.uuid()),
      event: maybe(fc.string({ minLength: 1, maxLength: 20 })),
      groupId: maybe(fc.string({ minLength: 1, maxLength: 12 })),
      previousId: maybe(fc.string({ minLength: 1, maxLength: 12 })),
      properties: maybe(
        fc.dictionary(fc.string({ maxLength: 8 }), maybe(fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 }),
      ),
      traits: maybe(traits),
      context: maybe(
        fc.record(
          {
            traits: maybe(traits),
            groupId: maybe(fc.string()),
            campaign: maybe(fc.record({ source: maybe(fc.string()) })),
          },
          { requiredKeys: [] },
        ),
      ),
      timestamp,
      sentAt: timestamp,
      originalTimestamp: timestamp,
    },
    { requiredKeys: [] },
  );
  const batch = fc.record(
    {
      batch: fc.array(message, { minLength: 1, maxLength: 5 }),
      sentAt: timestamp,
      context: maybe(fc.record({ ip: fc.string() })),
    },
    { requiredKeys: ['batch'] },
  );
  return { message, batch };
}

const INGEST_PATHS = [
  'identify',
  'track',
  'page',
  'screen',
  'group',
  'alias',
  'i',
  't',
  'p',
  'batch',
  'import',
  'b',
];

export async function fuzz(
  target: FuzzTarget,
  opts: { requests: number; seed?: number },
): Promise<FuzzReport> {
  const seed = opts.seed ?? 42;
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const doc = target.app.swagger();
  const ops = operationsOf(doc).filter((op) => !op.path.startsWith('/v1/') || op.method === 'GET');
  const knownIds: string[] = [];
  type Sample = { path: unknown[]; query: Record<string, unknown>; body: unknown };
  const arbs = new Map<string, fc.Arbitrary<Sample>>();
  /** Clean requests (schema-valid values only) reach the writes; hostile ones put bad values in some fields. */
  const arbOf = (op: Operation, isHostile: boolean) => {
    const key = `${op.method} ${op.path} ${isHostile}`;
    let arb = arbs.get(key);
    if (!arb) {
      const valueOpts = { doc, hostileWeight: isHostile ? 8 : 0, knownIds: () => knownIds };
      arb = fc.record({
        path: fc.tuple(...op.pathParams.map((p) => valueOf(p.schema, valueOpts))),
        query: fc.record(Object.fromEntries(op.query.map((q) => [q.name, valueOf(q.schema, valueOpts)])), {
          requiredKeys: op.query.filter((q) => q.required).map((q) => q.name),
        }),
        body: !op.body
          ? fc.constant(undefined)
          : isHostile
            ? fc.oneof(
                { weight: 9, arbitrary: valueOf(op.body, valueOpts) },
                { weight: 1, arbitrary: hostileValue },
              )
            : valueOf(op.body, valueOpts),
      });
      arbs.set(key, arb);
    }
    return arb;
  };
  const segment = segmentArbitraries();
  let adminKey = await target.adminKey();
  let session = await target.session();
  let writeKey = await target.writeKey();
  const report: FuzzReport = {
    sent: 0,
    statuses: {},
    serverErrors: [],
    notProblemJson: [],
    partialWrites: [],
  };
  const note = (list: Finding[], f: Finding) => void (list.length < 25 && list.push(f));
  const counts = async () => JSON.stringify(await target.db.query(COUNTS_SQL, [target.workspaceId]));
  let before = await counts();

  for (let i = 0; i < opts.requests; i++) {
    const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed: seed * 7919 + i, numRuns: 1 })[0]!;
    let req: Req;
    let usesKey = false;
    let usesSession = false;
    let usesWriteKey = false;
    if (random() < 0.25) {
      const path = pick(INGEST_PATHS);
      const isBatch = ['batch', 'import', 'b'].includes(path);
      const body = sample(isBatch ? segment.batch : segment.message) as Record<string, unknown>;
      const auth = random();
      const headers: Record<string, string> = {
        'content-type': random() < 0.1 ? 'text/plain' : 'application/json',
      };
      usesWriteKey = auth < 0.95;
      if (auth < 0.9) headers.authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
      else if (usesWriteKey) body.writeKey = writeKey;
      let payload: string | Buffer = serialize(body);
      if (random() < 0.2) {
        payload = gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
      req = { method: 'POST', url: `/v1/${path}`, headers, payload };
    } else {
      let op = pick(ops);
      while (RARE.has(`${op.method} ${op.path}`) && random() > 0.02) op = pick(ops);
      const { path, query, body } = sample(arbOf(op, random() < 0.6));
      let p = 0;
      const url = op.path.replace(/\{[^}]+\}/g, () =>
        encodeURIComponent(serialize(path[p++]).replace(/^"|"$/g, '')),
      );
      req = { method: op.method, url: `${url}${queryString(query)}`, headers: {} };
      if (op.body) {
        req.headers['content-type'] = 'application/json';
        req.payload = body === undefined ? '' : serialize(body);
      }
      if (op.isAuthenticated && url.startsWith('/api/')) {
        if (random() < 0.15) {
          usesSession = true;
          req.cookies = { tandem_session: session.cookie };
          req.headers['x-csrf-token'] = session.csrfToken;
        } else {
          usesKey = true;
          req.headers.authorization = `Bearer ${adminKey}`;
        }
      }
    }

    const res = await target.app.inject(req);
    await target.settle();
    report.sent++;
    report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
    const finding = {
      method: req.method,
      url: req.url.slice(0, 200),
      status: res.statusCode,
      detail: res.body.slice(0, 300),
    };
    if (res.statusCode >= 500) note(report.serverErrors, finding);
    if (
      res.statusCode >= 400 &&
      !String(res.headers['content-type']).startsWith('application/problem+json')
    ) {
      note(report.notProblemJson, finding);
    }
    const after = await counts();
    const audited = AUDITED_REFUSALS.has(`${req.method} ${req.url.split('?')[0]}`);
    const wrote = audited ? withoutAudit(after) !== withoutAudit(before) : after !== before;
    if (res.statusCode >= 400 && wrote) {
      note(report.partialWrites, { ...finding, detail: `${finding.detail} | ${before} → ${after}` });
    }
    before = after;
    // JSON answers only: a workspace export is JSON Lines, a list may answer CSV.
    const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
    if (res.statusCode < 300 && isJson && res.body.startsWith('{')) collectIds(res.json(), knownIds);
    // The run goes on as an admin even after it revoked its key or signed itself out.
    if (res.statusCode === 401 || res.statusCode === 403) {
      if (usesKey) adminKey = await target.adminKey();
      if (usesSession) session = await target.session();
      if (usesWriteKey) writeKey = await target.writeKey();
      before = await counts();
    }
  }
  return report;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from a response (top level, `data[]`, one object deep), so later requests hit real rows. */
function collectIds(body: unknown, into: string[]): void {
  const visit = (x: unknown, depth: number) => {
    if (depth > 2 || typeof x !== 'object' || x === null) return;
    for (const [k, v] of Object.entries(x)) {
      if (k === 'id' && typeof v === 'string' && UUID.test(v) && !into.includes(v)) {
        into.push(v);
        if (into.length > 60) into.shift();
      } else visit(v, depth + 1);
    }
  };
  visit(body, 0);
}

/** A fresh workspace to fuzz, with its admin signed in and keys minted on demand. */
export async function makeFuzzTarget(
  deps: Deps,
  app: FastifyInstance,
  settle: () => Promise<void>,
): Promise<FuzzTarget> {
  const ws = await makeWorkspace(deps);
  const actor = { type: 'system' as const, id: null, label: 'fuzz' };
  const mint = async (type: 'secret' | 'write') =>
    (
      await deps.db.transaction((tx) =>
        createApiKey(tx, actor, {
          workspaceId: ws.workspace.id,
          type,
          role: type === 'secret' ? 'admin' : null,
          name: `fuzz ${type}`,
        }),
      )
    ).secret;
  return {
    app,
    db: deps.db,
    settle,
    workspaceId: ws.workspace.id,
    adminKey: () => mint('secret'),
    writeKey: () => mint('write'),
    async session() {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        // A new admin each time: the fuzzer may have demoted or deactivated the last one.
        payload: {
          workspace: ws.workspace.slug,
          email: (await ws.member('admin')).email,
          password: TEST_PASSWORD,
        },
      });
      const cookie = res.cookies.find((c) => c.name === 'tandem_session')?.value ?? '';
      return { cookie, csrfToken: String((res.json() as { csrfToken?: string }).csrfToken ?? '') };
    },
  };
}
