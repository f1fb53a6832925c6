import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostAllowList } from '../../domain/network-address.js';
import { INTERNAL_HOSTS } from '../../../test/support/ssrf-spellings.js';
import { bearer, testApp } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest({ server: true });
/** The same API on a server whose operator allow-listed loopback and 10/8 for webhooks. */
let allowingApp: FastifyInstance;
let admin: Record<string, string>;

beforeAll(async () => {
  allowingApp = await testApp({
    ...t.deps,
    webhookAllowedHosts: parseHostAllowList('127.0.0.1, 10.0.0.0/8').list,
  });
  admin = bearer(await t.ws.key('admin'));
});
afterAll(async () => {
  await allowingApp.close();
});

const create = (payload: Record<string, unknown>, headers = admin) =>
  t.server.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload });

type Problem = { errors: { field: string; message: string }[] };

describe('/api/v1/webhooks', () => {
  it('creates a subscription and shows its secret then, never in the list', async () => {
    const res = await create({
      url: 'https://crm.example/hooks/tandem',
      eventTypes: ['lead.created', 'sla.breached', 'lead.created'],
      description: 'CRM sync',
    });
    expect(res.statusCode).toBe(201);
    const { subscription, secret } = res.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(subscription).toMatchObject({
      url: 'https://crm.example/hooks/tandem',
      eventTypes: ['lead.created', 'sla.breached'],
      description: 'CRM sync',
      active: true,
    });

    const list = await t.server.inject({ method: 'GET', url: '/api/v1/webhooks', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.json().data.map((s: { id: string }) => s.id)).toContain(subscription.id);

    const audit = await t.server.inject({ method: 'GET', url: '/api/v1/audit-log', headers: admin });
    expect(audit.json().data.map((e: { action: string }) => e.action)).toContain('webhook.created');
  });

  it('rejects a URL that is not http(s) and an unknown event type, naming the fields', async () => {
    const ftp = await create({ url: 'ftp://files.example/in', eventTypes: ['lead.created'] });
    expect(ftp.statusCode).toBe(400);
    expect((ftp.json() as Problem).errors).toEqual([
      { field: 'body.url', message: 'must be an http:// or https:// URL' },
    ]);

    const unknown = await create({
      url: 'https://ok.example',
      eventTypes: ['lead.created', 'lead.exploded'],
    });
    expect(unknown.statusCode).toBe(400);
    const [error] = (unknown.json() as Problem).errors;
    expect(error!.field).toBe('body.eventTypes.1');
    expect(error!.message).toContain('is not an event type');

    const none = await create({ url: 'https://ok.example', eventTypes: [] });
    expect((none.json() as Problem).errors[0]!.field).toBe('body.eventTypes');
    const mixed = await create({ url: 'https://ok.example', eventTypes: ['*', 'lead.created'] });
    expect((mixed.json() as Problem).errors[0]!.field).toBe('body.eventTypes');
  });

  it.each(INTERNAL_HOSTS)('refuses a receiver at %s, naming the url', async (host) => {
    const res = await create({ url: `http://${host}:5432/x`, eventTypes: ['*'] });
    expect(res.statusCode).toBe(400);
    expect((res.json() as Problem).errors.map((e) => e.field)).toEqual(['body.url']);
  });

  it('refuses to change a receiver to an internal address, naming the url', async () => {
    const { subscription } = (await create({ url: 'https://e.example', eventTypes: ['*'] })).json();
    const res = await t.server.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${subscription.id}`,
      headers: admin,
      payload: { url: 'http://[::ffff:169.254.169.254]/latest/meta-data' },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as Problem).errors.map((e) => e.field)).toEqual(['body.url']);
  });

  it('takes an internal receiver the operator allow-listed, and no other', async () => {
    const inject = (url: string) =>
      allowingApp.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: admin,
        payload: { url, eventTypes: ['*'] },
      });
    expect((await inject('http://127.0.0.1:8080/in')).statusCode).toBe(201);
    expect((await inject('http://0x0a000001/in')).statusCode).toBe(201);
    expect((await inject('http://[::1]:8080/in')).statusCode).toBe(400);
    expect((await inject('http://192.168.1.1/in')).statusCode).toBe(400);
  });

  it('changes a subscription, rotates its secret and removes it', async () => {
    const { subscription, secret } = (await create({ url: 'https://a.example', eventTypes: ['*'] })).json();
    const url = `/api/v1/webhooks/${subscription.id}`;

    const patched = await t.server.inject({
      method: 'PATCH',
      url,
      headers: admin,
      payload: { url: 'http://b.example/in', eventTypes: ['lead.assigned'], active: false, description: '' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      url: 'http://b.example/in',
      eventTypes: ['lead.assigned'],
      active: false,
      description: null,
    });
    const badPatch = await t.server.inject({
      method: 'PATCH',
      url,
      headers: admin,
      payload: { url: 'mailto:x@y.z' },
    });
    expect((badPatch.json() as Problem).errors[0]!.field).toBe('body.url');

    const rotated = await t.server.inject({ method: 'POST', url: `${url}/rotate-secret`, headers: admin });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(secret);

    expect((await t.server.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(200);
    expect((await t.server.inject({ method: 'GET', url, headers: admin })).statusCode).toBe(404);
    expect(
      (await t.server.inject({ method: 'GET', url: `${url}/deliveries`, headers: admin })).statusCode,
    ).toBe(404);
  });

  it('queues a test delivery that shows in the log', async () => {
    const { subscription } = (await create({ url: 'https://c.example', eventTypes: ['sla.warning'] })).json();
    const res = await t.server.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${subscription.id}/test`,
      headers: admin,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempts: 0 });
    const log = await t.server.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${subscription.id}/deliveries?limit=1`,
      headers: admin,
    });
    expect(log.json()).toMatchObject({ data: [{ id: res.json().id }], nextCursor: null });
    const one = await t.server.inject({
      method: 'GET',
      url: `/api/v1/webhooks/deliveries/${res.json().id}`,
      headers: admin,
    });
    expect(one.json()).toMatchObject({ payload: { type: 'webhook.test' }, attemptLog: [] });
  });

  it('is described in the OpenAPI document, with notifications', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}/deliveries',
        '/api/v1/webhooks/deliveries/{deliveryId}/redeliver',
        '/api/v1/notifications',
      ]),
    );
  });

  it('is for admins only', async () => {
    const res = await create(
      { url: 'https://d.example', eventTypes: ['*'] },
      bearer(await t.ws.key('marketing')),
    );
    expect(res.statusCode).toBe(403);
  });
});
