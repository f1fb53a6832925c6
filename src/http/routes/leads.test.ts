import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, makeWorkspace, type TestWorkspace } from '../../../test/support/fixtures.js';
import { storedCount } from '../../../test/support/stored-rows.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';
import { leads } from '../../store/schema/index.js';

const t = workspaceTest({ server: { bodyLimitBytes: 64 * 1024 } });
let other: TestWorkspace;

beforeAll(async () => {
  other = await makeWorkspace(t.deps);
});

const countLeads = (workspaceId: string) => storedCount(t.db, leads, { workspaceId });

describe('/api/v1/leads', () => {
  it('creates a lead with derived title function, region, domain type and a matched account', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: bearer(await t.ws.key('marketing')),
      payload: {
        email: 'Ana.Lima@Globex.com',
        firstName: 'Ana',
        title: 'VP of Marketing',
        country: 'Germany',
        company: 'Globex',
        employees: 250,
      },
    });
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead).toMatchObject({
      email: 'ana.lima@globex.com',
      emailDomain: 'globex.com',
      emailDomainType: 'business',
      titleFunction: 'marketing',
      titleSeniority: 'vp',
      country: 'DE',
      region: 'EMEA',
      stage: 'lead',
    });
    expect(lead.accountId).toEqual(expect.any(String));
    const account = await t.server.inject({
      method: 'GET',
      url: `/api/v1/accounts/${lead.accountId}`,
      headers: bearer(await t.ws.key('marketing')),
    });
    expect(account.json()).toMatchObject({ name: 'Globex', domain: 'globex.com' });
  });

  it('does not match free-mail leads to an account', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: bearer(await t.ws.key('admin')),
      payload: { email: 'someone@gmail.com' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ emailDomainType: 'free', accountId: null });
  });

  it('reads, updates and lists with filters and cursor pagination', async () => {
    const key = bearer(await t.ws.key('admin'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.server.inject({
        method: 'POST',
        url: '/api/v1/leads',
        headers: key,
        payload: { email: `page${i}@initech.com`, source: 'webinar' },
      });
      ids.push(res.json().id);
    }
    const patched = await t.server.inject({
      method: 'PATCH',
      url: `/api/v1/leads/${ids[0]}`,
      headers: key,
      payload: { title: 'Chief Financial Officer' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      title: 'Chief Financial Officer',
      titleFunction: 'finance',
      titleSeniority: 'c_level',
      email: 'page0@initech.com',
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.server.inject({
        method: 'GET',
        url: `/api/v1/leads?source=webinar&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: key,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { data: { id: string }[]; nextCursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((l) => l.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("refuses another workspace's lead with 404", async () => {
    const created = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: bearer(await t.ws.key('admin')),
      payload: { email: 'secret@hooli.com' },
    });
    const id = created.json().id as string;
    const read = await t.server.inject({
      method: 'GET',
      url: `/api/v1/leads/${id}`,
      headers: bearer(await other.key('admin')),
    });
    expect(read.statusCode).toBe(404);
    const write = await t.server.inject({
      method: 'PATCH',
      url: `/api/v1/leads/${id}`,
      headers: bearer(await other.key('admin')),
      payload: { firstName: 'Mallory' },
    });
    expect(write.statusCode).toBe(404);
    const list = await t.server.inject({
      method: 'GET',
      url: '/api/v1/leads?email=secret@hooli.com',
      headers: bearer(await other.key('admin')),
    });
    expect(list.json().data).toEqual([]);
  });

  it('rejects an unknown field, naming it, and writes nothing', async () => {
    const before = await countLeads(t.ws.workspace.id);
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: bearer(await t.ws.key('admin')),
      payload: { email: 'x@y.com', favouriteColour: 'teal' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([{ field: 'body.favouriteColour', message: 'is not a known field' }]);
    expect(await countLeads(t.ws.workspace.id)).toBe(before);
  });

  it('rejects wrong types with the field named', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: bearer(await t.ws.key('admin')),
      payload: { email: 'not-an-email', employees: 'many' },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.email', 'body.employees']);
  });

  it('rejects malformed JSON and an oversized body with nothing written', async () => {
    const before = await countLeads(t.ws.workspace.id);
    const key = bearer(await t.ws.key('admin'));
    const bad = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: { ...key, 'content-type': 'application/json' },
      payload: '{"email": "a@b.com",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body' }] });
    const big = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: { ...key, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'big@b.com', traits: { blob: 'x'.repeat(70 * 1024) } }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    expect(await countLeads(t.ws.workspace.id)).toBe(before);
  });

  it('answers 409 for a duplicate e-mail and 400 for an unknown country', async () => {
    const key = bearer(await t.ws.key('admin'));
    await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: key,
      payload: { email: 'dup@umbrella.com' },
    });
    const dup = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: key,
      payload: { email: 'DUP@umbrella.com' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('email');
    const country = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: key,
      payload: { email: 'c@umbrella.com', country: 'Atlantis' },
    });
    expect(country.statusCode).toBe(400);
    expect(country.json().errors[0].field).toBe('country');
  });

  it('refuses an owner from another workspace', async () => {
    const stranger = await other.member('sales_rep');
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: bearer(await t.ws.key('admin')),
      payload: { email: 'o@acme.org', ownerId: stranger.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('ownerId');
  });
});
