// Deactivating a member: their sessions and keys are refused on the very next request, their open
// leads go back through routing (the hand-off), reactivation restores access but not the leads; the
// last admin can neither be demoted nor deactivated.
import { beforeEach, describe, expect, it } from 'vitest';
import { leadAssignments } from '../../store/assignments.js';
import { notifications } from '../../store/schema/index.js';
import { runningClocksOfLeads } from '../../store/sla-clocks.js';
import { bearer, makeWorkspace } from '../../../test/support/fixtures.js';
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

beforeEach(async () => {
  world = await t.world();
});

const call = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => world.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function adminKey() {
  return bearer(await world.ws.key('admin'));
}

async function auditOf(userId: string): Promise<{ action: string; details: Record<string, unknown> }[]> {
  const res = await call('GET', '/api/v1/audit-log', await adminKey());
  return (res.json().data as { action: string; targetId: string; details: Record<string, unknown> }[]).filter(
    (e) => e.targetId === userId,
  );
}

describe('deactivating a member', () => {
  it('refuses their session at once and hands their open leads back to routing', async () => {
    const leadId = await qualifiedLead(world);
    const { ownerId } = await leadState(world, leadId);
    const { a1, a2 } = world.reps;
    expect([a1!.id, a2!.id]).toContain(ownerId);
    const [owner, other] = ownerId === a1!.id ? [a1!, a2!] : [a2!, a1!];
    const session = await signedIn(world, owner);
    expect((await call('GET', '/api/v1/inbox', session)).statusCode).toBe(200);

    const off = await call('POST', `/api/v1/users/${owner.id}/deactivate`, await adminKey());
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ user: { disabled: true }, sessionsEnded: 1, leadsRerouted: 1 });

    // The very next request with their session is refused.
    expect((await call('GET', '/api/v1/inbox', session)).statusCode).toBe(401);
    // Routing chose the other rep of the team; the assignment says why; the SLA clock moved along.
    expect((await leadState(world, leadId)).ownerId).toBe(other.id);
    const assignments = await leadAssignments(t.db, world.ws.workspace.id, leadId);
    expect(assignments.at(-1)).toMatchObject({ ownerId: other.id, previousOwnerId: owner.id });
    expect(assignments.at(-1)!.reason).toContain(`${owner.name} was deactivated`);
    const running = await runningClocksOfLeads(t.db, world.ws.workspace.id, [leadId]);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((c) => c.ownerId === other.id)).toBe(true);
    // The new owner hears about it.
    const told = await storedRows(t.db, notifications, {
      workspaceId: world.ws.workspace.id,
      leadId,
      userId: other.id,
      type: 'lead.reassigned',
    });
    expect(told.length).toBeGreaterThan(0);

    // Reactivation restores access, not the leads.
    const on = await call('POST', `/api/v1/users/${owner.id}/reactivate`, await adminKey());
    expect(on.statusCode).toBe(200);
    expect(on.json().disabled).toBe(false);
    expect((await call('GET', '/api/v1/inbox', await signedIn(world, owner))).statusCode).toBe(200);
    expect((await leadState(world, leadId)).ownerId).toBe(other.id);
    const actions = (await auditOf(owner.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.deactivated', 'user.reactivated']));
    expect((await auditOf(owner.id)).find((e) => e.action === 'user.deactivated')!.details).toMatchObject({
      sessionsEnded: 1,
      leadsRerouted: 1,
    });
  });

  it('refuses the API keys they made on the very next request, and restores them on reactivation', async () => {
    const second = await world.ws.member('admin', 'second-admin');
    const session = await signedIn(world, second);
    const made = await call('POST', '/api/v1/api-keys', session, {
      type: 'secret',
      role: 'admin',
      name: 'sync',
    });
    expect(made.statusCode).toBe(201);
    const key = bearer(made.json().secret as string);
    expect((await call('GET', '/api/v1/leads', key)).statusCode).toBe(200);

    expect((await call('POST', `/api/v1/users/${second.id}/deactivate`, await adminKey())).statusCode).toBe(
      200,
    );
    expect((await call('GET', '/api/v1/leads', key)).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/session', session)).statusCode).toBe(401);

    expect((await call('POST', `/api/v1/users/${second.id}/reactivate`, await adminKey())).statusCode).toBe(
      200,
    );
    expect((await call('GET', '/api/v1/leads', key)).statusCode).toBe(200);
    // A session that ended stays ended.
    expect((await call('GET', '/api/v1/session', session)).statusCode).toBe(401);
  });

  it('also through PATCH /users/{id} with disabled: the same hand-off', async () => {
    const leadId = await qualifiedLead(world, { country: 'DE' });
    const { ownerId } = await leadState(world, leadId);
    const { e1, e2 } = world.reps;
    const other = ownerId === e1!.id ? e2! : e1!;
    const res = await call('PATCH', `/api/v1/users/${ownerId}`, await adminKey(), { disabled: true });
    expect(res.statusCode).toBe(200);
    expect((await leadState(world, leadId)).ownerId).toBe(other.id);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or deactivated (400 naming the field); with another admin they can', async () => {
    const ws = await makeWorkspace(world.deps);
    const me = await signedIn({ ...world, ws }, ws.admin);
    const demote = await call('PATCH', `/api/v1/users/${ws.admin.id}`, me, { role: 'marketing' });
    expect(demote.statusCode).toBe(400);
    expect(demote.json().errors).toEqual([expect.objectContaining({ field: 'role' })]);
    const off = await call('POST', `/api/v1/users/${ws.admin.id}/deactivate`, me);
    expect(off.statusCode).toBe(400);
    expect(off.json().errors).toEqual([expect.objectContaining({ field: 'disabled' })]);
    // An API key is no way around it either.
    const viaKey = await call(
      'POST',
      `/api/v1/users/${ws.admin.id}/deactivate`,
      bearer(await ws.key('admin')),
    );
    expect(viaKey.statusCode).toBe(400);
    expect((await call('GET', '/api/v1/session', me)).statusCode).toBe(200);

    const other = await ws.member('sales_manager');
    expect((await call('PATCH', `/api/v1/users/${other.id}`, me, { role: 'admin' })).statusCode).toBe(200);
    const demoted = await call('PATCH', `/api/v1/users/${ws.admin.id}`, me, { role: 'marketing' });
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json().role).toBe('marketing');
    const res = await call('GET', '/api/v1/audit-log', bearer(await ws.key('admin')));
    const changes = (res.json().data as { action: string; details: object }[]).filter(
      (e) => e.action === 'user.role_changed',
    );
    expect(changes.map((c) => c.details)).toEqual([
      { from: 'admin', to: 'marketing' },
      { from: 'sales_manager', to: 'admin' },
    ]);
  });
});
