// The role × endpoint permission matrix, generated from the OpenAPI document: every operation under
// /api/v1 is called by an API key of every role with a minimal request that passes validation where
// the schema allows, and answers 403 exactly when the operation's permission (x-permission) leaves the
// role out. An operation without a permission fails the test unless listed below with a reason.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, PERMISSIONS, ROLES, type Role, can } from '../../src/domain/roles.js';
import type { Db } from '../../src/store/db.js';
import { openTestDb } from '../support/database.js';
import { type TestWorkspace, bearer, makeWorkspace, testApp, testDeps } from '../support/fixtures.js';

/** Operations with no permission of their own, and why that is right. */
const UNGUARDED: Record<string, string> = {
  'GET /api/v1/meta': 'public: the version and features the sign-in page shows',
  'GET /api/v1/setup': 'public: whether the first-run setup is still open',
  'POST /api/v1/setup':
    'public until done: the first visitor sets the company up (409 once a workspace has a member)',
  'POST /api/v1/session': 'public: signing in',
  'GET /api/v1/session': 'self-service: who am I, for any signed-in caller',
  'DELETE /api/v1/session': 'self-service: signing out',
  'PATCH /api/v1/me': 'self-service: your own name and time zone, any signed-in member (a key has none: 401)',
  'POST /api/v1/me/password': 'self-service: your own password, any signed-in member (a key has none: 401)',
  'POST /api/v1/invitations/preview': 'public: the invitee opens the link before having an account',
  'POST /api/v1/invitations/accept': 'public: accepting an invitation creates the account and signs in',
  'POST /api/v1/password-resets': 'public: forgot password, throttled like sign-in',
  'POST /api/v1/password-resets/preview': 'public: the reset page shows whose password the link sets',
  'POST /api/v1/password-resets/complete': 'public: using a reset link sets the password',
};

/**
 * Operations whose role is allowed but which check the caller or the object inside, so some allowed
 * roles are refused: the roles refused, why, and what the probe adds to the minimal request to reach
 * the check. Kept exact: a change either way fails.
 */
const INNER_CHECKS: Record<
  string,
  { refused: readonly Role[]; why: string; query?: () => Record<string, string> }
> = {
  'GET /api/v1/alert-preferences': {
    refused: ['admin', 'marketing', 'sales_manager', 'sales_rep'],
    why: 'your own alert choices: a key is nobody, so it has none',
  },
  'PUT /api/v1/alert-preferences': {
    refused: ['admin', 'marketing', 'sales_manager', 'sales_rep'],
    why: 'your own alert choices: a key is nobody, so it has none',
  },
  'POST /api/v1/out-of-office': {
    refused: ['marketing', 'sales_rep'],
    why: "only your own absence unless a manager; a key has no user, so another member's id is refused",
  },
  'GET /api/v1/inbox': {
    refused: ['marketing', 'sales_rep'],
    why: "only a manager may look at another rep's inbox",
    query: () => ({ ownerId: randomUUID() }),
  },
  'GET /api/v1/notifications': {
    refused: ROLES,
    why: 'notifications belong to a signed-in person; an API key has none',
  },
  'POST /api/v1/notifications/{id}/read': {
    refused: ROLES,
    why: 'notifications belong to a signed-in person; an API key has none',
  },
  'POST /api/v1/notifications/read-all': {
    refused: ROLES,
    why: 'notifications belong to a signed-in person; an API key has none',
  },
};

type Schema = Record<string, unknown>;
interface Operation {
  key: string;
  method: string;
  path: string;
  permission: Permission | undefined;
  op: Schema;
}

let db: Db;
let app: FastifyInstance;
let ws: TestWorkspace;
let doc: { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };

beforeAll(async () => {
  db = await openTestDb();
  const deps = testDeps(db);
  app = await testApp(deps);
  await app.ready();
  ws = await makeWorkspace(deps);
  doc = app.swagger() as unknown as typeof doc;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(byMethod)) {
      const m = method.toUpperCase();
      const permission = op['x-permission'] as Permission | undefined;
      out.push({ key: `${m} ${path}`, method: m, path, permission, op });
    }
  }
  return out;
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(doc.components?.schemas?.[name] ?? {});
}

/** The smallest value the schema accepts, as far as a generic walk can tell (formats, bounds, enums). */
function sample(raw: Schema): unknown {
  const schema = resolve(raw);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) return sample(branches.find((b) => resolve(b).type !== 'null') ?? branches[0]!);
  if (Array.isArray(schema.allOf))
    return Object.assign({}, ...(schema.allOf as Schema[]).map((s) => sample(s) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sample(props[k] ?? {})]));
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () =>
        sample((schema.items ?? {}) as Schema),
      );
    case 'integer':
    case 'number':
      return (
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 0)
      );
    case 'boolean':
      return false;
    case 'string':
      switch (schema.format) {
        case 'uuid':
          return randomUUID();
        case 'date-time':
          return new Date().toISOString();
        case 'email':
          return `x${randomUUID().slice(0, 6)}@example.com`;
        case 'uri':
          return 'https://example.com/hook';
        default:
          return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
      }
    default:
      return {};
  }
}

function minimalRequest(o: Operation) {
  const params = (o.op.parameters ?? []) as {
    in: string;
    name: string;
    required?: boolean;
    schema: Schema;
  }[];
  const url = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const p = params.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(String(sample(p?.schema ?? { type: 'string', format: 'uuid' })));
  });
  const query = {
    ...Object.fromEntries(
      params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sample(p.schema))]),
    ),
    ...INNER_CHECKS[o.key]?.query?.(),
  };
  const body = o.op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined;
  const json = body?.content?.['application/json']?.schema;
  return { method: o.method as 'GET', url, query, ...(json ? { payload: sample(json) as object } : {}) };
}

/** The roles that must get 403: those the permission leaves out, and those an inner check refuses. */
function refusedRoles(o: Operation): Role[] {
  const byPermission = ROLES.filter((r) => o.permission !== undefined && !can(r, o.permission));
  const inner = INNER_CHECKS[o.key]?.refused ?? [];
  return ROLES.filter((r) => byPermission.includes(r) || inner.includes(r));
}

describe('the permission matrix', () => {
  it('names a permission for every operation under /api/v1, or a reason why not', () => {
    const ops = operations();
    const missing = ops.filter((o) => !o.permission && !UNGUARDED[o.key]).map((o) => o.key);
    expect(missing).toEqual([]);
    // Every listed exception still exists and really has no permission.
    for (const key of Object.keys(UNGUARDED))
      expect(ops.find((o) => o.key === key)?.permission).toBeUndefined();
    for (const key of Object.keys(INNER_CHECKS)) expect(ops.some((o) => o.key === key)).toBe(true);
    for (const o of ops) if (o.permission) expect(Object.keys(PERMISSIONS)).toContain(o.permission);
    // The shared reports: both teams read the same numbers.
    for (const key of [
      'GET /api/v1/reports',
      'GET /api/v1/reports/funnel',
      'GET /api/v1/reports/velocity',
      'GET /api/v1/reports/quality',
      'GET /api/v1/reports/pipeline',
      'GET /api/v1/reports/sla',
    ])
      expect(ops.find((o) => o.key === key)?.permission).toBe('reports:read');
  });

  it('answers 403 exactly where the role may not, for every operation × role (via an API key)', async () => {
    const ops = operations();
    const rows: string[] = [];
    const violations: string[] = [];
    const statuses = new Map<number, number>();
    for (const o of ops) {
      const refused = refusedRoles(o);
      const cells: string[] = [];
      for (const role of ROLES) {
        const res = await app.inject({ ...minimalRequest(o), headers: bearer(await ws.key(role)) });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const isRefused = res.statusCode === 403;
        cells.push(String(res.statusCode));
        if (res.statusCode >= 500) violations.push(`${o.key} as ${role}: ${res.statusCode} ${res.body}`);
        if (isRefused !== refused.includes(role)) {
          violations.push(
            `${o.key} as ${role}: ${res.statusCode}, expected ${refused.includes(role) ? '403' : 'not 403'} (${o.permission ?? 'no permission'})`,
          );
        }
      }
      rows.push(`${o.key.padEnd(58)} ${(o.permission ?? '-').padEnd(16)} ${cells.join(' ')}`);
    }
    console.log(
      [
        `Permission matrix: ${ops.length} operations × ${ROLES.length} roles = ${ops.length * ROLES.length} calls`,
        `${''.padEnd(58)} ${'permission'.padEnd(16)} ${ROLES.join(' ')}`,
        ...rows,
        `Statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`,
      ].join('\n'),
    );
    expect(violations).toEqual([]);
    expect(ops.length).toBeGreaterThanOrEqual(62);
    // Some 300 calls, a few of them hashing a password: more than the default 30 s on a loaded machine.
  }, 120_000);
});
