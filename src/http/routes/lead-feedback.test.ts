// Notes and feedback both ways, through the API: comments with @mentions, flags, disputes of a
// rejection and a manager's decision on them, each with its events.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSubscription } from '../../services/webhooks.js';
import { notifications, webhookDeliveries } from '../../store/schema/index.js';
import type { User } from '../../store/users.js';
import { bearer } from '../../../test/support/fixtures.js';
import {
  type HandoffWorld,
  handoffTest,
  leadState,
  qualifiedLead,
  signedIn,
} from '../../../test/support/handoff.js';
import { storedRows } from '../../../test/support/stored-rows.js';

const t = handoffTest();
let world: HandoffWorld;
let marketer: User;

beforeAll(async () => {
  world = await t.world('file');
  marketer = await world.ws.member('marketing', 'maria');
  await t.db.transaction((tx) =>
    createSubscription(tx, { type: 'system', id: null, label: 'test' }, world.ws.workspace.id, {
      url: 'https://hooks.example/in',
      eventTypes: ['*'],
      description: null,
    }),
  );
});

const post = async (url: string, headers: Record<string, string>, payload: object) =>
  world.app.inject({ method: 'POST', url, headers, payload });

async function notificationsOf(userId: string, leadId: string) {
  return storedRows(t.db, notifications, { workspaceId: world.ws.workspace.id, userId, leadId });
}

/** The webhook deliveries of `type` about the lead. */
async function deliveries(type: string, leadId: string) {
  const all = await storedRows(t.db, webhookDeliveries, {
    workspaceId: world.ws.workspace.id,
    eventType: type,
  });
  return all.filter((d) => (d.payload.data.lead as { id?: string } | undefined)?.id === leadId);
}

async function rejected(reason = 'not_interested'): Promise<string> {
  const id = await qualifiedLead(world);
  const res = await post(`/api/v1/leads/${id}/reject`, bearer(await world.ws.key('sales_manager')), {
    reason,
  });
  expect(res.statusCode).toBe(200);
  return id;
}

describe('comments', () => {
  it('lets marketing comment on a lead, and the @named member alone is notified, by name', async () => {
    const id = await qualifiedLead(world);
    const { a1, a2 } = world.reps;
    const res = await post(`/api/v1/leads/${id}/comments`, await signedIn(world, marketer), {
      body: `@${a1!.name} this one came from the webinar, call soon. @nobody knows`,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().mentions.map((m: { userId: string }) => m.userId)).toEqual([a1!.id]);
    expect(res.json().unknownMentions).toEqual(['nobody']);

    const got = await notificationsOf(a1!.id, id);
    const mentions = got.filter((n) => n.type === 'mention');
    expect(mentions).toHaveLength(1);
    expect(mentions[0]!.title).toContain('maria');
    expect(mentions[0]!.title).not.toContain(marketer.id);
    expect(mentions[0]!.leadId).toBe(id);
    for (const other of [a2!, world.manager, marketer]) {
      expect((await notificationsOf(other.id, id)).filter((n) => n.type === 'mention')).toEqual([]);
    }
  });

  it('refuses an empty comment, naming the field', async () => {
    const id = await qualifiedLead(world);
    const res = await post(`/api/v1/leads/${id}/comments`, bearer(await world.ws.key('marketing')), {
      body: '   ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toContain('body');
  });

  it('shows touches, comments and flags in the lead conversation, with who and when', async () => {
    const id = await qualifiedLead(world);
    const { ownerId } = await leadState(world, id);
    const owner = Object.values(world.reps).find((r) => r.id === ownerId)!;
    const ownerHeaders = await signedIn(world, owner);
    expect(
      (await post(`/api/v1/leads/${id}/touches`, ownerHeaders, { kind: 'call', note: 'left a voicemail' }))
        .statusCode,
    ).toBe(201);
    world.advance(60_000);
    expect((await post(`/api/v1/leads/${id}/flags`, ownerHeaders, { note: 'real budget' })).statusCode).toBe(
      201,
    );
    world.advance(60_000);
    expect(
      (await post(`/api/v1/leads/${id}/comments`, await signedIn(world, marketer), { body: 'great' }))
        .statusCode,
    ).toBe(201);

    const res = await world.app.inject({
      method: 'GET',
      url: `/api/v1/leads/${id}/conversation`,
      headers: bearer(await world.ws.key('marketing')),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().data as {
      kind: string;
      by: { name: string };
      touchKind: string | null;
      text: string;
      at: string;
    }[];
    expect(items.map((i) => i.kind)).toEqual(['comment', 'flag', 'touch']);
    expect(items[2]).toMatchObject({ touchKind: 'call', text: 'left a voicemail', by: { name: owner.name } });
    expect(items[1]).toMatchObject({ text: 'real budget', by: { name: owner.name } });
    expect(items[0]).toMatchObject({ by: { name: 'maria' } });
    expect(Date.parse(items[0]!.at)).toBe(world.now().getTime());
  });
});

describe('flags', () => {
  it('lets sales flag a good lead and sends lead.flagged; marketing may not flag', async () => {
    const id = await qualifiedLead(world);
    const res = await post(`/api/v1/leads/${id}/flags`, bearer(await world.ws.key('sales_rep')), {});
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ note: null, stage: 'mql' });
    const sent = await deliveries('lead.flagged', id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.data).toMatchObject({ lead: { id }, flag: { id: res.json().id } });
    expect(
      (await post(`/api/v1/leads/${id}/flags`, bearer(await world.ws.key('marketing')), {})).statusCode,
    ).toBe(403);
  });
});

describe('disputes', () => {
  it('refuses to dispute a lead nobody rejected', async () => {
    const id = await qualifiedLead(world);
    const res = await post(`/api/v1/leads/${id}/disputes`, bearer(await world.ws.key('marketing')), {
      note: 'why?',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
  });

  it('opens one dispute of a rejection while it is open, and tells the sales managers by name', async () => {
    const id = await rejected();
    const headers = await signedIn(world, marketer);
    const res = await post(`/api/v1/leads/${id}/disputes`, headers, { note: 'they asked for pricing twice' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'open',
      rejectedFrom: 'mql',
      rejectedTo: 'nurture',
      reasonCode: 'not_interested',
      openedBy: { name: 'maria' },
    });
    const again = await post(`/api/v1/leads/${id}/disputes`, headers, { note: 'again' });
    expect(again.statusCode).toBe(409);

    const told = (await notificationsOf(world.manager.id, id)).filter((n) => n.type === 'rejection.disputed');
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toContain('maria');
    expect(told[0]!.body).toContain('they asked for pricing twice');
    expect(await deliveries('rejection.disputed', id)).toHaveLength(1);
    expect(
      (await post(`/api/v1/leads/${id}/disputes`, bearer(await world.ws.key('sales_rep')), { note: 'x' }))
        .statusCode,
    ).toBe(403);
  });

  it('a reversal moves the lead back to the stage it was rejected from, as a recorded transition', async () => {
    const id = await rejected();
    const opened = await post(`/api/v1/leads/${id}/disputes`, await signedIn(world, marketer), {
      note: 'wrong',
    });
    world.advance(60_000);
    const res = await post(
      `/api/v1/disputes/${opened.json().id}/resolve`,
      await signedIn(world, world.manager),
      {
        decision: 'reversed',
        note: 'marketing is right',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().dispute).toMatchObject({ status: 'reversed', resolvedBy: { name: 'manager' } });
    expect(res.json().transition).toMatchObject({
      fromStage: 'nurture',
      toStage: 'mql',
      reasonCode: 'rejection_reversed',
      note: 'marketing is right',
    });
    expect((await leadState(world, id)).stage).toBe('mql');

    const history = await world.app.inject({
      method: 'GET',
      url: `/api/v1/leads/${id}/transitions`,
      headers: bearer(await world.ws.key('admin')),
    });
    const last = history.json().data.at(-1);
    expect(last).toMatchObject({ fromStage: 'nurture', toStage: 'mql', reasonCode: 'rejection_reversed' });
    expect(last.id).toBe(res.json().dispute.reversalTransitionId);

    const told = (await notificationsOf(marketer.id, id)).filter((n) => n.type === 'dispute.resolved');
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toContain('manager');
    const sent = await deliveries('dispute.resolved', id);
    expect(sent[0]!.payload.data).toMatchObject({ decision: 'reversed', transition: { to: 'mql' } });
    // A closed dispute is not decided twice.
    const twice = await post(
      `/api/v1/disputes/${opened.json().id}/resolve`,
      bearer(await world.ws.key('sales_manager')),
      {
        decision: 'upheld',
      },
    );
    expect(twice.statusCode).toBe(409);
  });

  it('upholding leaves the lead where the rejection put it', async () => {
    const id = await rejected();
    const opened = await post(`/api/v1/leads/${id}/disputes`, bearer(await world.ws.key('marketing')), {
      note: 'hm',
    });
    const before = await world.app.inject({
      method: 'GET',
      url: `/api/v1/leads/${id}/transitions`,
      headers: bearer(await world.ws.key('admin')),
    });
    const res = await post(
      `/api/v1/disputes/${opened.json().id}/resolve`,
      bearer(await world.ws.key('sales_manager')),
      {
        decision: 'upheld',
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dispute: { status: 'upheld' }, transition: null });
    expect((await leadState(world, id)).stage).toBe('nurture');
    const after = await world.app.inject({
      method: 'GET',
      url: `/api/v1/leads/${id}/transitions`,
      headers: bearer(await world.ws.key('admin')),
    });
    expect(after.json().data).toHaveLength(before.json().data.length);
  });

  it('only a sales manager (or an admin) decides a dispute', async () => {
    const id = await rejected();
    const opened = await post(`/api/v1/leads/${id}/disputes`, bearer(await world.ws.key('marketing')), {
      note: 'hm',
    });
    for (const role of ['marketing', 'sales_rep'] as const) {
      const res = await post(
        `/api/v1/disputes/${opened.json().id}/resolve`,
        bearer(await world.ws.key(role)),
        {
          decision: 'reversed',
        },
      );
      expect(res.statusCode).toBe(403);
    }
  });
});
