// The hand-off end to end: routing, SLA clocks with warnings, breaches and escalation, accept/reject.
import { describe, expect, it } from 'vitest';
import { slaTick } from '../jobs/sla.js';
import { notifications } from '../store/schema/index.js';
import { clocksOfLead } from '../store/sla-clocks.js';
import { bearer } from '../../test/support/fixtures.js';
import {
  type HandoffWorld,
  handoffTest,
  leadState,
  qualifiedLead,
  signedIn,
} from '../../test/support/handoff.js';
import { storedRows } from '../../test/support/stored-rows.js';

const t = handoffTest();
const HOUR = 3_600_000;

async function notificationsOf(world: HandoffWorld, userId: string) {
  return storedRows(t.db, notifications, { workspaceId: world.ws.workspace.id, userId });
}
const clocksOf = (world: HandoffWorld, leadId: string) => clocksOfLead(t.db, world.ws.workspace.id, leadId);

describe('routing a qualified lead', () => {
  it('follows territory rules and weighted round robin, recording the rule', async () => {
    const world = await t.world();
    const owners: string[] = [];
    for (let i = 0; i < 6; i++)
      owners.push((await leadState(world, await qualifiedLead(world, { country: 'US' }))).ownerId!);
    const a1 = owners.filter((o) => o === world.reps.a1!.id).length;
    const a2 = owners.filter((o) => o === world.reps.a2!.id).length;
    expect([a1, a2]).toEqual([4, 2]);
    const emea = await qualifiedLead(world, { country: 'Germany' });
    expect([world.reps.e1!.id, world.reps.e2!.id]).toContain((await leadState(world, emea)).ownerId);
    const handoff = await world.app.inject({
      method: 'GET',
      url: `/api/v1/leads/${emea}/handoff`,
      headers: bearer(await world.ws.key('admin')),
    });
    const first = handoff.json().assignments[0];
    expect(first).toMatchObject({ kind: 'rule', ruleId: 'emea' });
    // People read names: the reason names the rep picked, never their id.
    const picked = [world.reps.e1!, world.reps.e2!].find((r) => r.id === first.ownerId)!;
    expect(first.reason).toContain(`rep ${picked.name} (weight`);
    expect(first.reason).not.toContain(picked.id);
  });

  it('skips reps out of office or at capacity, and queues the lead for the manager when nobody can take it', async () => {
    const world = await t.world();
    const admin = bearer(await world.ws.key('admin'));
    await world.app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${world.teams.emea}/members/${world.reps.e1!.id}`,
      headers: admin,
      payload: { capacity: 0 },
    });
    const ooo = await world.app.inject({
      method: 'POST',
      url: '/api/v1/out-of-office',
      headers: admin,
      payload: {
        userId: world.reps.e2!.id,
        startsAt: new Date(world.now().getTime() - HOUR).toISOString(),
        endsAt: new Date(world.now().getTime() + 48 * HOUR).toISOString(),
        note: 'conference',
      },
    });
    expect(ooo.statusCode).toBe(201);
    const lead = await qualifiedLead(world, { country: 'France' });
    expect((await leadState(world, lead)).ownerId).toBeNull();
    const handoff = (
      await world.app.inject({ method: 'GET', url: `/api/v1/leads/${lead}/handoff`, headers: admin })
    ).json();
    expect(handoff.assignments[0]).toMatchObject({ kind: 'queue', ownerId: null, teamId: world.teams.emea });
    // The manager hears of it: the assignment went to nobody, so the notice is theirs.
    expect((await notificationsOf(world, world.manager.id)).map((n) => n.type)).toContain('lead.assigned');
    const view = (await world.app.inject({ method: 'GET', url: '/api/v1/team-view', headers: admin })).json();
    expect(view.queue.map((i: { lead: { id: string } }) => i.lead.id)).toContain(lead);
  });

  it('gives the lead to its account owner when the account has one', async () => {
    const world = await t.world();
    const admin = bearer(await world.ws.key('admin'));
    const account = await world.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: admin,
      payload: { name: 'Owned Inc', domain: 'owned-inc.com', ownerId: world.reps.e2!.id },
    });
    expect(account.statusCode).toBe(201);
    const lead = await qualifiedLead(world, { email: 'cfo@owned-inc.com', country: 'US' });
    expect((await leadState(world, lead)).ownerId).toBe(world.reps.e2!.id);
  });
});

describe('SLA clocks', () => {
  it('warns, breaches, notifies the manager and reassigns to the next rep with a fresh clock, each once', async () => {
    const world = await t.world();
    const lead = await qualifiedLead(world, { country: 'US' });
    const first = (await leadState(world, lead)).ownerId!;
    const clocks = await clocksOf(world, lead);
    // A hand-raise: the first-touch clock (2 business hours) and the MQL response clock (8).
    expect(clocks.map((c) => c.policyId).sort()).toEqual(['hand-raise-first-touch', 'mql-response']);
    expect(clocks.find((c) => c.policyId === 'mql-response')!.dueAt.toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );

    world.advance(1.5 * HOUR);
    await slaTick(world.deps);
    await slaTick(world.deps);
    expect((await notificationsOf(world, first)).filter((n) => n.type === 'sla.warning')).toHaveLength(1);

    world.advance(HOUR); // 12:30: the first-touch clock (due 12:00) is breached
    await slaTick(world.deps);
    await slaTick(world.deps);
    const after = await leadState(world, lead);
    expect(after.ownerId).not.toBe(first);
    expect(
      (await notificationsOf(world, world.manager.id)).filter((n) => n.type === 'sla.breached'),
    ).toHaveLength(1);
    expect((await notificationsOf(world, after.ownerId!)).map((n) => n.type)).toEqual(
      expect.arrayContaining(['lead.reassigned', 'sla.escalated']),
    );
    const now = await clocksOf(world, lead);
    expect(now.filter((c) => c.status === 'reassigned').map((c) => c.ownerId)).toEqual([first, first]);
    expect(now.filter((c) => c.status === 'running').every((c) => c.ownerId === after.ownerId)).toBe(true);
  });

  it('a first touch stops the first-touch clock and accepting stops the response clock', async () => {
    const world = await t.world();
    const lead = await qualifiedLead(world, { country: 'US' });
    const ownerId = (await leadState(world, lead)).ownerId!;
    const rep = Object.values(world.reps).find((r) => r.id === ownerId)!;
    const headers = await signedIn(world, rep);
    world.advance(HOUR);
    const touch = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/touches`,
      headers,
      payload: { kind: 'call', note: 'left a voicemail' },
    });
    expect(touch.json()).toMatchObject({ firstTouch: true });
    const accepted = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/accept`,
      headers,
      payload: {},
    });
    expect(accepted.statusCode).toBe(200);
    const clocks = await clocksOf(world, lead);
    expect(Object.fromEntries(clocks.map((c) => [c.policyId, c.status]))).toEqual({
      'hand-raise-first-touch': 'met',
      'mql-response': 'met',
      'sal-exit': 'running',
    });
  });
  it('a touch after the due time counts as met late, even before any worker marked the breach', async () => {
    const world = await t.world();
    const lead = await qualifiedLead(world, { country: 'US' });
    const ownerId = (await leadState(world, lead)).ownerId!;
    const rep = Object.values(world.reps).find((r) => r.id === ownerId)!;
    const headers = await signedIn(world, rep);
    world.advance(3 * HOUR); // past the 2-business-hour first-touch clock; no SLA tick has run
    const touch = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/touches`,
      headers,
      payload: { kind: 'email' },
    });
    expect(touch.statusCode).toBe(201);
    const clocks = await clocksOf(world, lead);
    const firstTouch = clocks.find((c) => c.policyId === 'hand-raise-first-touch')!;
    expect(firstTouch).toMatchObject({ status: 'met_late', breachedAt: null });
    expect(clocks.find((c) => c.policyId === 'mql-response')?.status).toBe('running');
  });
});

describe('accepting and rejecting', () => {
  it('only the owner or a manager may accept or reject', async () => {
    const world = await t.world();
    const lead = await qualifiedLead(world, { country: 'Germany' });
    const ownerId = (await leadState(world, lead)).ownerId!;
    const other = Object.values(world.reps).find((r) => r.id !== ownerId)!;
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/accept`,
      headers: await signedIn(world, other),
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    const manager = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/accept`,
      headers: await signedIn(world, world.manager),
      payload: {},
    });
    expect(manager.statusCode).toBe(200);
  });

  it('a reject needs a reason (and a note where the agreement says so); the lead goes back to nurture and leaves the inbox', async () => {
    const world = await t.world();
    const lead = await qualifiedLead(world, { country: 'US' });
    const ownerId = (await leadState(world, lead)).ownerId!;
    const headers = await signedIn(
      world,
      Object.values(world.reps).find((r) => r.id === ownerId)!,
    );
    const none = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/reject`,
      headers,
      payload: {},
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('body.reason');
    const noNote = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/reject`,
      headers,
      payload: { reason: 'wrong_contact' },
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('note');
    const inboxBefore = await world.app.inject({ method: 'GET', url: '/api/v1/inbox', headers });
    expect(inboxBefore.json().data.map((i: { lead: { id: string } }) => i.lead.id)).toContain(lead);
    const ok = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/reject`,
      headers,
      payload: { reason: 'no_budget_timing', note: 'budget frozen until Q3' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      fromStage: 'mql',
      toStage: 'nurture',
      reasonCode: 'no_budget_timing',
      note: 'budget frozen until Q3',
    });
    const inboxAfter = await world.app.inject({ method: 'GET', url: '/api/v1/inbox', headers });
    expect(inboxAfter.json().data.map((i: { lead: { id: string } }) => i.lead.id)).not.toContain(lead);
    const commitment = (
      await world.app.inject({
        method: 'GET',
        url: '/api/v1/commitments/marketing?period=2026-11',
        headers: bearer(await world.ws.key('marketing')),
      })
    ).json();
    expect(commitment).toMatchObject({
      mqls: 1,
      accepted: 0,
      rejected: 1,
      acceptanceRate: 0,
      rejectionReasons: [{ reason: 'no_budget_timing', count: 1 }],
    });
  });

  it('not-a-fit disqualifies for good', async () => {
    const world = await t.world();
    const lead = await qualifiedLead(world, { country: 'US' });
    const res = await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/reject`,
      headers: await signedIn(world, world.manager),
      payload: { reason: 'not_a_fit' },
    });
    expect(res.json()).toMatchObject({ toStage: 'disqualified', reasonCode: 'not_a_fit' });
  });
});

describe('CRM status changes and recycling', () => {
  it('a lead closed in the CRM returns to nurture and re-qualifies only after the cool-off with fresh engagement', async () => {
    const world = await t.world();
    const admin = bearer(await world.ws.key('admin'));
    const lead = await qualifiedLead(world, { country: 'US', email: 'recycle@returning.com' });
    await world.app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead}/accept`,
      headers: await signedIn(world, world.manager),
      payload: {},
    });
    const crm = await world.app.inject({
      method: 'POST',
      url: '/api/v1/crm/status-changes',
      headers: admin,
      payload: {
        lead: { email: 'recycle@returning.com' },
        system: 'salesforce',
        object: 'lead',
        status: 'Closed - Not Converted',
      },
    });
    expect(crm.json().results[0]).toMatchObject({ outcome: 'moved', from: 'sal', to: 'nurture' });
    const unmapped = await world.app.inject({
      method: 'POST',
      url: '/api/v1/crm/status-changes',
      headers: admin,
      payload: { lead: { id: lead }, system: 'hubspot', object: 'lead', status: 'Made Up' },
    });
    expect(unmapped.json().results[0]).toMatchObject({ outcome: 'unmapped' });
    // A bad batch names the field inside the shape it came closest to, and moves nothing.
    const bad = await world.app.inject({
      method: 'POST',
      url: '/api/v1/crm/status-changes',
      headers: admin,
      payload: {
        changes: [
          { lead: { id: lead }, system: 'salesforce', object: 'lead', status: 'Working - Contacted' },
          { lead: { id: lead }, system: 'salesforce', object: 'lead', status: 42 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'body.changes.1.status', message: 'expected string, received number' },
    ]);
    const missing = await world.app.inject({
      method: 'POST',
      url: '/api/v1/crm/status-changes',
      headers: admin,
      payload: { changes: [{ lead: { id: lead }, system: 'salesforce', object: 'lead' }] },
    });
    expect(missing.json().errors).toEqual([{ field: 'body.changes.0.status', message: 'is required' }]);
    expect((await leadState(world, lead)).stage).toBe('nurture');

    const basic = { authorization: `Basic ${Buffer.from(`${world.ws.writeKey}:`).toString('base64')}` };
    const engage = (n: number) =>
      world.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: basic,
        payload: {
          batch: Array.from({ length: n }, (_, i) => ({
            type: 'track',
            userId: 'user-recycle@returning.com',
            event: 'Webinar Attended',
            messageId: `w-${world.now().getTime()}-${i}`,
          })),
        },
      });
    world.advance(10 * 24 * HOUR);
    await engage(3);
    expect((await leadState(world, lead)).stage).toBe('nurture');
    world.advance(25 * 24 * HOUR);
    await engage(2);
    const back = await leadState(world, lead);
    expect(back.stage).toBe('mql');
    const history = (
      await world.app.inject({ method: 'GET', url: `/api/v1/leads/${lead}/transitions`, headers: admin })
    ).json().data;
    expect(history.map((t: { toStage: string }) => t.toStage)).toEqual([
      'lead',
      'mql',
      'sal',
      'nurture',
      'mql',
    ]);
    expect(history[3].actor.type).toBe('crm');
  });
});
