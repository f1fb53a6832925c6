// Changing a lead's owner by hand (assignOwner, through /assign and an ownerId sent with a lead):
// only roles that may assign, only to an active member; the SLA clocks follow the lead to its new
// owner, who is told; sending the owner a lead already has changes nothing.
import { describe, expect, it } from 'vitest';
import { leadAssignments } from '../store/assignments.js';
import { listNotifications } from '../store/notifications.js';
import { clocksOfLead } from '../store/sla-clocks.js';
import { updateUser, type User } from '../store/users.js';
import { appErrorOf, principalOf } from '../../test/support/fixtures.js';
import { type HandoffWorld, handoffTest, leadState, qualifiedLead } from '../../test/support/handoff.js';
import { reassignLead } from './assignment.js';
import { changeLead } from './leads.js';

const t = handoffTest();

/** A routed lead with running SLA clocks, its owner, and another rep of the workspace. */
async function ownedLead(world: HandoffWorld): Promise<{ id: string; owner: User; other: User }> {
  const id = await qualifiedLead(world);
  const { ownerId } = await leadState(world, id);
  const reps = Object.values(world.reps);
  const owner = reps.find((r) => r.id === ownerId);
  if (!owner) throw new Error(`the lead was routed to ${ownerId}, not to a rep`);
  return { id, owner, other: reps.find((r) => r.id !== ownerId)! };
}

const runningClocks = async (world: HandoffWorld, leadId: string) =>
  (await clocksOfLead(t.db, world.ws.workspace.id, leadId)).filter((c) => c.status === 'running');

async function notificationTypes(world: HandoffWorld, user: User, leadId: string): Promise<string[]> {
  const { data } = await listNotifications(t.db, world.ws.workspace.id, user.id, {
    isUnreadOnly: false,
    limit: 100,
    after: null,
  });
  return data.filter((n) => n.leadId === leadId).map((n) => n.type);
}

describe('assigning a lead to another owner', () => {
  it('moves its running SLA clocks to the new owner, records why, and tells the new owner', async () => {
    const world = await t.world();
    const { id, owner, other } = await ownedLead(world);
    const before = await runningClocks(world, id);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((c) => c.ownerId === owner.id)).toBe(true);

    await reassignLead(world.deps, principalOf(world.manager), id, { ownerId: other.id, reason: 'coverage' });

    expect((await leadState(world, id)).ownerId).toBe(other.id);
    const after = await runningClocks(world, id);
    expect(after.map((c) => c.policyId).sort()).toEqual(before.map((c) => c.policyId).sort());
    expect(after.every((c) => c.ownerId === other.id)).toBe(true);
    const last = (await leadAssignments(t.db, world.ws.workspace.id, id)).at(-1)!;
    expect(last).toMatchObject({ ownerId: other.id, previousOwnerId: owner.id, kind: 'manual' });
    expect(last.actorId).toBe(world.manager.id);
    expect(await notificationTypes(world, other, id)).toContain('lead.reassigned');
  });

  it('back to the queue (no owner): the clocks run on without one', async () => {
    const world = await t.world();
    const { id } = await ownedLead(world);
    await reassignLead(world.deps, principalOf(world.manager), id, { ownerId: null, reason: 'back' });
    expect((await leadState(world, id)).ownerId).toBeNull();
    const clocks = await runningClocks(world, id);
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((c) => c.ownerId === null)).toBe(true);
  });

  it('is forbidden to a role without leads:assign, and nothing changes', async () => {
    const world = await t.world();
    const { id, owner, other } = await ownedLead(world);
    const assignments = (await leadAssignments(t.db, world.ws.workspace.id, id)).length;
    const err = await appErrorOf(
      reassignLead(world.deps, principalOf(owner), id, { ownerId: other.id, reason: 'swap' }),
    );
    expect(err.code).toBe('forbidden');
    expect((await leadState(world, id)).ownerId).toBe(owner.id);
    expect(await leadAssignments(t.db, world.ws.workspace.id, id)).toHaveLength(assignments);
  });

  it('refuses a deactivated member, or someone who is not a member, naming ownerId', async () => {
    const world = await t.world();
    const { id, owner, other } = await ownedLead(world);
    await updateUser(t.db, world.ws.workspace.id, other.id, { disabled: true });
    for (const ownerId of [other.id, '00000000-0000-4000-8000-000000000000']) {
      const err = await appErrorOf(
        reassignLead(world.deps, principalOf(world.manager), id, { ownerId, reason: 'x' }),
      );
      expect(err.code).toBe('validation_failed');
      expect(err.errors.map((e) => e.field)).toEqual(['ownerId']);
    }
    expect((await leadState(world, id)).ownerId).toBe(owner.id);
    expect((await runningClocks(world, id)).every((c) => c.ownerId === owner.id)).toBe(true);
    expect(await notificationTypes(world, other, id)).not.toContain('lead.reassigned');
  });

  it('sending the owner the lead already has (with a lead change) records no assignment', async () => {
    const world = await t.world();
    const { id, owner } = await ownedLead(world);
    const assignments = await leadAssignments(t.db, world.ws.workspace.id, id);
    const clocks = await runningClocks(world, id);
    const changed = await changeLead(world.deps, principalOf(world.manager), id, {
      ownerId: owner.id,
      company: 'Renamed Co',
    });
    expect(changed).toMatchObject({ ownerId: owner.id, company: 'Renamed Co' });
    expect(await leadAssignments(t.db, world.ws.workspace.id, id)).toEqual(assignments);
    expect(await runningClocks(world, id)).toEqual(clocks);
  });
});
