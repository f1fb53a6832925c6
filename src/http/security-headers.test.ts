import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { testDeps } from '../../test/support/fixtures.js';
import { buildApp } from './app.js';

let db: Db;
let web: string;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  db = await openTestDb();
  // A built web app in miniature: the page, a script, and the script's (hidden) source map.
  web = mkdtempSync(path.join(tmpdir(), 'tandem-web-'));
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(
    path.join(web, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(path.join(web, 'assets/app.js'), 'console.log(1)\n');
  writeFileSync(path.join(web, 'assets/app.js.map'), '{"version":3,"sources":["secret.tsx"]}');
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await db.close();
  rmSync(web, { recursive: true, force: true });
});

async function start(opts: { https: boolean }): Promise<FastifyInstance> {
  app = await buildApp(testDeps(db), {
    bodyLimitBytes: 1024 * 1024,
    sessionTtlMs: 3600_000,
    secureCookies: opts.https,
    publicUrl: opts.https ? 'https://tandem.example' : null,
    logger: { level: 'error' },
    webDist: web,
  });
  return app;
}

/** The CSP as a map of directive → sources. */
function csp(header: unknown): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources.join(' ')]),
  );
}

function expectSecurityHeaders(headers: Record<string, unknown>) {
  expect(csp(headers['content-security-policy'])).toMatchObject({
    'default-src': "'self'",
    'script-src': "'self'",
    'style-src': "'self'",
    'img-src': "'self' data:",
    'connect-src': "'self'",
    'frame-ancestors': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'object-src': "'none'",
  });
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('security headers', () => {
  it('come with the web app, an API answer and a problem answer, without HSTS over http', async () => {
    const a = await start({ https: false });
    const page = await a.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const script = await a.inject({ method: 'GET', url: '/assets/app.js' });
    expect(script.statusCode).toBe(200);
    const api = await a.inject({ method: 'GET', url: '/api/v1/meta' });
    expect(api.statusCode).toBe(200);
    const problem = await a.inject({ method: 'GET', url: '/api/v1/leads' });
    expect(problem.statusCode).toBe(401);
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await a.inject({ method: 'GET', url: '/assets/gone-1234.js' });
    expect(missing.statusCode).toBe(404);
    for (const res of [page, script, api, problem, missing]) {
      expectSecurityHeaders(res.headers);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(csp(res.headers['content-security-policy'])).not.toHaveProperty('upgrade-insecure-requests');
    }
  });

  it('add HSTS when PUBLIC_URL is https', async () => {
    const a = await start({ https: true });
    for (const url of ['/', '/api/v1/meta', '/api/v1/leads']) {
      const res = await a.inject({ method: 'GET', url });
      expectSecurityHeaders(res.headers);
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    }
  });

  it('leave the ingestion endpoints answering browsers from other origins', async () => {
    const a = await start({ https: false });
    const origin = 'https://www.globex.example';
    const preflight = await a.inject({
      method: 'OPTIONS',
      url: '/v1/t',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    const post = await a.inject({
      method: 'POST',
      url: '/v1/t',
      headers: { origin, 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(post.headers['access-control-allow-origin']).toBe(origin);
  });
});

describe('the built web app', () => {
  it('does not serve source maps, and a missing asset is a 404 rather than the page', async () => {
    const a = await start({ https: false });
    const map = await a.inject({ method: 'GET', url: '/assets/app.js.map' });
    expect(map.statusCode).toBe(404);
    expect(map.body).not.toContain('secret.tsx');
    expect((await a.inject({ method: 'GET', url: '/assets/gone-1234.js' })).statusCode).toBe(404);
    // Client-side routes still get the page.
    const route = await a.inject({ method: 'GET', url: '/leads/abc' });
    expect(route.statusCode).toBe(200);
    expect(route.headers['content-type']).toMatch(/^text\/html/);
  });
});
