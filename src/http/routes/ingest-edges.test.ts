// Ingestion at the edges of HTTP: content codings in any case, and where analytics.js is told to send.
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { openTestDb } from '../../../test/support/database.js';
import { bearer, makeWorkspace, testDeps, type TestWorkspace } from '../../../test/support/fixtures.js';
import { createApiKey } from '../../services/api-keys.js';
import { type AppOptions, buildApp } from '../app.js';

let db: Db;
let ws: TestWorkspace;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  db = await openTestDb();
  ws = await makeWorkspace(testDeps(db));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await db.close();
});

async function start(options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  app = await buildApp(testDeps(db), {
    bodyLimitBytes: 1024 * 1024,
    sessionTtlMs: 3600_000,
    secureCookies: false,
    logger: { level: 'error' },
    webDist: '/nonexistent',
    ...options,
  });
  return app;
}

describe('Content-Encoding', () => {
  it('is case-insensitive, and x-gzip is gzip', async () => {
    const a = await start();
    for (const coding of ['GZIP', 'Gzip', 'x-gzip', 'X-GZIP']) {
      const body = gzipSync(
        JSON.stringify({
          writeKey: ws.writeKey,
          userId: `u-${coding}`,
          event: 'Signed Up',
          messageId: `m-${coding}`,
        }),
      );
      const res = await a.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { 'content-type': 'application/json', 'content-encoding': coding },
        payload: body,
      });
      expect(res.statusCode, coding).toBe(200);
    }
    const br = await a.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      payload: Buffer.from('x'),
    });
    expect(br.statusCode).toBe(415);
  });
});

describe('analytics.js settings behind a proxy', () => {
  const settings = (a: FastifyInstance) =>
    a.inject({
      method: 'GET',
      url: `/v1/projects/${ws.writeKey}/settings`,
      headers: {
        host: 'tandem.internal:3000',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
      },
    });
  const endpoint = async (a: FastifyInstance) => {
    const res = await settings(a);
    expect(res.statusCode).toBe(200);
    const { apiHost, protocol } = res.json().integrations['Segment.io'] as {
      apiHost: string;
      protocol: string;
    };
    return { apiHost, protocol };
  };

  it('ignores X-Forwarded-Host from a client that is not a trusted proxy', async () => {
    expect(await endpoint(await start())).toEqual({ apiHost: 'tandem.internal:3000/v1', protocol: 'http' });
  });

  it('ignores it from a peer outside TRUST_PROXY', async () => {
    const a = await start({ trustProxy: ['10.0.0.0/8'] });
    expect(await endpoint(a)).toEqual({ apiHost: 'tandem.internal:3000/v1', protocol: 'http' });
  });

  it('believes it from a trusted proxy', async () => {
    // app.inject() comes from 127.0.0.1.
    const a = await start({ trustProxy: ['127.0.0.1'] });
    expect(await endpoint(a)).toEqual({ apiHost: 'evil.example/v1', protocol: 'https' });
  });

  it('prefers PUBLIC_URL to any Host', async () => {
    const a = await start({ trustProxy: ['127.0.0.1'], publicUrl: 'https://leads.acme.example/tandem/' });
    expect(await endpoint(a)).toEqual({ apiHost: 'leads.acme.example/tandem/v1', protocol: 'https' });
  });
});

describe('a write key remembered by the node', () => {
  it('stops working at once when it is revoked on this node', async () => {
    const server = await start();
    const { key, secret } = await db.transaction((tx) =>
      createApiKey(
        tx,
        { type: 'system', id: null, label: 'test' },
        {
          workspaceId: ws.workspace.id,
          type: 'write',
          role: null,
          name: 'site',
        },
      ),
    );
    const send = () =>
      server.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}` },
        payload: { userId: 'cached-key', event: 'Pricing Viewed' },
      });
    expect((await send()).statusCode).toBe(200);
    const revoked = await server.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${key.id}`,
      headers: bearer(await ws.key('admin')),
    });
    expect(revoked.statusCode).toBe(200);
    const refused = await send();
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unauthenticated');
  });
});
