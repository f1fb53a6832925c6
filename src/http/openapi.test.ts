// The OpenAPI document is complete: it validates, every operation says what it answers, and the
// main resources are named components (the web app's types are generated from it).
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { testApp, testDeps } from '../../test/support/fixtures.js';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: object } };

let db: Db;
let app: FastifyInstance;
let doc: Document;

beforeAll(async () => {
  db = await openTestDb();
  app = await testApp(testDeps(db));
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function operations(): { name: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );
}

/** Every route the app serves, as `METHOD /path` with `{param}`s, read from Fastify's route tree. */
function servedRoutes(): string[] {
  const stack: { depth: number; path: string }[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    while (stack.length > depth) stack.pop();
    const path = (stack.at(-1)?.path ?? '') + (m[2] ?? '');
    stack.push({ depth, path });
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method === 'HEAD') continue; // Fastify's automatic HEAD beside each GET
      routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

/**
 * Routes kept out of the document on purpose: the document itself, the CORS pre-flight of the
 * ingest API (OPTIONS /v1/*, which Fastify's tree prints as a bare `*`), and the analytics SDKs'
 * short aliases of /v1/track, /v1/batch and the rest.
 */
const UNDOCUMENTED = /^(GET \/api\/openapi\.json|OPTIONS (?:\/v1\/)?\*|POST \/v1\/[a-z])$/;

describe('the OpenAPI document', () => {
  it('documents every route the app serves', () => {
    const documented = new Set(operations().map(({ name }) => name));
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((r) => !documented.has(r) && !UNDOCUMENTED.test(r))).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document whose every $ref resolves', async () => {
    // The parser dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('gives every operation a success response with a schema (204: no body)', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(40);
    const missing = ops
      .filter(({ op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (success.length === 0) return true;
        // JSON as a rule; a download (the workspace's JSON Lines) names its own media type.
        const hasSchema = (r: { content?: Record<string, { schema?: unknown }> }) =>
          !!r.content?.['application/json']?.schema ||
          (!r.content?.['application/json'] && Object.values(r.content ?? {}).some((c) => c.schema));
        return success.some(([status, r]) => status !== '204' && !hasSchema(r));
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('names the main resources as components, and only those an operation uses', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(
      expect.arrayContaining([
        'Problem',
        'Session',
        'Lead',
        'LeadDetail',
        'Event',
        'Transition',
        'InboxItem',
        'TeamView',
        'Team',
        'Absence',
        'AgreementVersion',
        'MarketingCommitment',
        'Account',
        'User',
        'ApiKey',
        'WebhookSubscription',
        'Notification',
      ]),
    );
    const text = JSON.stringify(doc.paths) + JSON.stringify(doc.components.schemas);
    const unused = names.filter((n) => !text.includes(`"#/components/schemas/${n}"`));
    expect(unused).toEqual([]);
  });

  it('writes every instant as an ISO-8601 date-time string', () => {
    const lead = (doc.components.schemas as Record<string, { properties: Record<string, unknown> }>).Lead;
    expect(lead?.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
  });
});
