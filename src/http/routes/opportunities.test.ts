// /api/v1/opportunities: create, read, update, list with filters and cursors; won and lost move the lead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/db.js';
import { openTestDb } from '../../../test/support/database.js';
import { bearer } from '../../../test/support/fixtures.js';
import { type HandoffWorld, handoffWorld, leadState, qualifiedLead } from '../../../test/support/handoff.js';

let db: Db;
let world: HandoffWorld;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await openTestDb();
  world = await handoffWorld(db);
  headers = bearer(await world.ws.key('sales_manager'));
});
afterAll(async () => {
  await world.app.close();
  await db.close();
});

const post = (payload: object) =>
  world.app.inject({ method: 'POST', url: '/api/v1/opportunities', headers, payload });
const patch = (id: string, payload: object) =>
  world.app.inject({ method: 'PATCH', url: `/api/v1/opportunities/${id}`, headers, payload });
const list = (query: Record<string, string>) =>
  world.app.inject({ method: 'GET', url: '/api/v1/opportunities', headers, query });

// The field without its place in the request (`body.amount`, `querystring.closeFrom`).
const fieldName = (e: { field: string }) => e.field.replace(/^(body|query|querystring)\./, '');

async function leadWithAccount(): Promise<{ leadId: string; accountId: string }> {
  const leadId = await qualifiedLead(world);
  const lead = await leadState(world, leadId);
  return { leadId, accountId: (lead as unknown as { accountId: string }).accountId };
}

describe('opportunities through the API', () => {
  it("creates one for a lead: its account, the agreement's first stage and default probability, USD", async () => {
    const { leadId, accountId } = await leadWithAccount();
    const res = await post({ leadId, amount: 12_500, closeDate: '2027-01-31' });
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      leadId,
      accountId,
      amount: 12_500,
      currency: 'USD',
      stage: 'Discovery',
      probability: 0.1,
      isProbabilitySet: false,
      status: 'open',
      closeDate: '2027-01-31',
    });
    expect(o.accountName).toEqual(expect.any(String));
    // Opening the deal moved the lead to opportunity.
    expect((await leadState(world, leadId)).stage).toBe('opportunity');
    const read = await world.app.inject({ method: 'GET', url: `/api/v1/opportunities/${o.id}`, headers });
    expect(read.json()).toEqual(o);
  });

  it('names the field that is wrong', async () => {
    const { leadId, accountId } = await leadWithAccount();
    const cases: [object, string][] = [
      [{ accountId }, 'amount'],
      [{ accountId, amount: -1 }, 'amount'],
      [{ accountId, amount: 1, currency: 'dollars' }, 'currency'],
      [{ accountId, amount: 1, currency: 'XYZ' }, 'currency'],
      // A real currency, but not the workspace's: amounts are never converted.
      [{ accountId, amount: 1, currency: 'EUR' }, 'currency'],
      [{ accountId, amount: 1, stage: 'Maybe' }, 'stage'],
      [{ accountId, amount: 1, probability: 2 }, 'probability'],
      [{ accountId, amount: 1, closeDate: '31/01/2027' }, 'closeDate'],
      [{ amount: 1 }, 'accountId'],
      [{ leadId: '00000000-0000-4000-8000-000000000000', amount: 1 }, 'leadId'],
      [{ accountId: '00000000-0000-4000-8000-000000000000', amount: 1 }, 'accountId'],
      [{ leadId, amount: 1, ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map(fieldName), JSON.stringify(payload)).toContain(field);
    }
    const bad = await list({ closeFrom: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(fieldName)).toEqual(['closeFrom']);
  });

  it('keeps the CRM id unique per system: a second one with the same id is a 409 on externalId', async () => {
    const { accountId } = await leadWithAccount();
    expect(
      (await post({ accountId, amount: 1, externalId: '006A', externalSystem: 'salesforce' })).statusCode,
    ).toBe(201);
    expect(
      (await post({ accountId, amount: 1, externalId: '006A', externalSystem: 'hubspot' })).statusCode,
    ).toBe(201);
    const again = await post({ accountId, amount: 1, externalId: '006A', externalSystem: 'salesforce' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('externalId');
  });

  it('a won opportunity makes its lead a customer; the stage default replaces an unset probability', async () => {
    const { leadId } = await leadWithAccount();
    const o = (await post({ leadId, amount: 40_000, currency: 'usd', stage: 'Proposal' })).json();
    expect(o).toMatchObject({ currency: 'USD', stage: 'Proposal', probability: 0.5 });
    const set = (await patch(o.id, { probability: 0.6 })).json();
    expect(set).toMatchObject({ probability: 0.6, isProbabilitySet: true });
    const moved = (await patch(o.id, { stage: 'Negotiation' })).json();
    expect(moved).toMatchObject({ stage: 'Negotiation', probability: 0.6 });
    const won = await patch(o.id, { stage: 'closed won' });
    expect(won.statusCode).toBe(200);
    expect(won.json()).toMatchObject({ stage: 'Closed Won', status: 'won', probability: 1 });
    expect(won.json().closedAt).not.toBeNull();
    const lead = await leadState(world, leadId);
    expect(lead.stage).toBe('customer');
    const history = await world.app.inject({
      method: 'GET',
      url: `/api/v1/leads/${leadId}/transitions`,
      headers,
    });
    if (history.statusCode === 200) {
      const rows = JSON.stringify(history.json());
      expect(rows).toContain('customer');
    }
  });

  it('a lost opportunity parks its lead in lost', async () => {
    const { leadId } = await leadWithAccount();
    const o = (await post({ leadId, amount: 5_000 })).json();
    const lost = (await patch(o.id, { stage: 'Closed Lost' })).json();
    expect(lost).toMatchObject({ status: 'lost', probability: 0 });
    expect((await leadState(world, leadId)).stage).toBe('lost');
  });

  it('lists with filters and pages with a cursor', async () => {
    const { leadId, accountId } = await leadWithAccount();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      world.advance(1000);
      const o = (
        await post({
          accountId,
          amount: 1000 + i,
          source: i % 2 ? 'partner' : 'webinar',
          closeDate: `2027-0${i + 1}-15`,
          ...(i === 4 ? { stage: 'Closed Won' } : {}),
        })
      ).json();
      ids.push(o.id);
    }
    const all = (await list({ accountId })).json();
    expect(all.data.map((o: { id: string }) => o.id)).toEqual([...ids].reverse());
    const first = (await list({ accountId, limit: '2' })).json();
    expect(first.data).toHaveLength(2);
    const second = (await list({ accountId, limit: '2', cursor: first.nextCursor })).json();
    const third = (await list({ accountId, limit: '2', cursor: second.nextCursor })).json();
    expect(third.nextCursor).toBeNull();
    expect([...first.data, ...second.data, ...third.data].map((o: { id: string }) => o.id)).toEqual(
      [...ids].reverse(),
    );
    const ofIds = (q: Record<string, string>) =>
      list({ accountId, ...q }).then((r) =>
        r
          .json()
          .data.map((o: { id: string }) => o.id)
          .reverse(),
      );
    expect(await ofIds({ status: 'won' })).toEqual([ids[4]]);
    expect(await ofIds({ status: 'open' })).toEqual(ids.slice(0, 4));
    expect(await ofIds({ status: 'lost' })).toEqual([]);
    expect(await ofIds({ stage: 'closed won' })).toEqual([ids[4]]);
    expect(await ofIds({ source: 'partner' })).toEqual([ids[1], ids[3]]);
    expect(await ofIds({ closeFrom: '2027-02-15', closeTo: '2027-04-15' })).toEqual(ids.slice(1, 4));
    expect(await ofIds({ leadId })).toEqual([]);
    const bad = await list({ cursor: 'nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map(fieldName)).toEqual(['cursor']);
  });

  it('filters by owner and refuses marketing a write', async () => {
    const { accountId } = await leadWithAccount();
    const ownerId = world.reps.e1!.id;
    const o = (await post({ accountId, amount: 7, ownerId })).json();
    expect(o.ownerName).toBe('e1');
    const mine = (await list({ ownerId })).json();
    expect(mine.data.map((x: { id: string }) => x.id)).toEqual([o.id]);
    const marketing = bearer(await world.ws.key('marketing'));
    const refused = await world.app.inject({
      method: 'POST',
      url: '/api/v1/opportunities',
      headers: marketing,
      payload: { accountId, amount: 1 },
    });
    expect(refused.statusCode).toBe(403);
    const read = await world.app.inject({ method: 'GET', url: '/api/v1/opportunities', headers: marketing });
    expect(read.statusCode).toBe(200);
  });

  it('leaves an audit entry for each write', async () => {
    const { accountId } = await leadWithAccount();
    const o = (await post({ accountId, amount: 3 })).json();
    await patch(o.id, { amount: 4 });
    const audit = (
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/audit-log',
        headers: bearer(await world.ws.key('admin')),
      })
    ).json();
    const mine = audit.data.filter((e: { targetId?: string; target?: { id: string } }) =>
      JSON.stringify(e).includes(o.id),
    );
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual([
      'opportunity.created',
      'opportunity.updated',
    ]);
  });
});
