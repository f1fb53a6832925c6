// The lead list's filters (source, campaign, owner, creation date) and orders, with cursors that
// page through every lead exactly once under each order and refuse a cursor of another order.
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../../test/support/fixtures.js';
import { workspaceTest } from '../../../test/support/workspace-test.js';

const t = workspaceTest({ server: true });
let auth: Record<string, string>;
const ids: string[] = [];

beforeAll(async () => {
  auth = bearer(await t.ws.key('admin'));
  const rows = [
    { source: 'google', campaign: 'Spring' },
    { source: 'Google', campaign: 'autumn' },
    { source: 'linkedin', campaign: 'spring' },
    { source: 'newsletter', campaign: null },
  ];
  for (const [i, r] of rows.entries()) {
    const res = await t.server.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: auth,
      payload: { email: `p${i}@globex${i}.com`, ...r },
    });
    expect(res.statusCode).toBe(201);
    ids.push(res.json<{ id: string }>().id);
  }
});

async function list(query: string) {
  const res = await t.server.inject({ url: `/api/v1/leads?${query}`, headers: auth });
  return res;
}

async function all(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(`${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ data: { id: string }[]; nextCursor: string | null }>();
    seen.push(...body.data.map((l) => l.id));
    cursor = body.nextCursor;
  } while (cursor);
  return seen;
}

describe('GET /api/v1/leads filters and sorting', () => {
  it('filters by source and by campaign, ignoring case', async () => {
    const bySource = await all('source=GOOGLE');
    expect(bySource.sort()).toEqual([ids[0], ids[1]].sort());
    const byCampaign = await all('campaign=spring');
    expect(byCampaign.sort()).toEqual([ids[0], ids[2]].sort());
    expect(await all('campaign=spring&source=linkedin')).toEqual([ids[2]]);
    expect(await all('ownerId=none&campaign=autumn')).toEqual([ids[1]]);
    expect(
      await all(`createdAfter=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
    ).toEqual([]);
  });

  it('pages through every lead once, oldest first and newest first', async () => {
    expect(await all('sort=createdAt')).toEqual(ids);
    expect(await all('sort=-createdAt')).toEqual([...ids].reverse());
    expect((await all('sort=-lastActivityAt')).sort()).toEqual([...ids].sort());
    expect((await all('sort=stageEnteredAt')).sort()).toEqual([...ids].sort());
  });

  it('refuses an unknown order and a cursor taken under another order, naming the field', async () => {
    const bad = await list('sort=score');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.sort');
    const first = (await list('sort=createdAt&limit=1')).json<{ nextCursor: string }>();
    const mixed = await list(`sort=-createdAt&cursor=${first.nextCursor}`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors[0].field).toBe('cursor');
  });
});
