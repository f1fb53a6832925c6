// Writing a plan: a lead is assigned only while it still has the owner the plan started from.
import { describe, expect, it } from 'vitest';
import type { HandoffPlan } from '../domain/handoff-types.js';
import { handoffTest, leadState, qualifiedLead } from '../../test/support/handoff.js';
import { writeHandoffPlan } from './handoff-writes.js';

const t = handoffTest();

const empty = (): HandoffPlan => ({
  assignments: [],
  owners: [],
  routingStates: [],
  clocks: { stop: [], start: [], mark: [] },
  events: [],
  deliveries: [],
  notifications: [],
});

describe('writeHandoffPlan', () => {
  it('assigns a lead only while it still has the owner the plan expected, and records nothing otherwise', async () => {
    const world = await t.world();
    const id = await qualifiedLead(world);
    const owner = (await leadState(world, id)).ownerId;
    expect(owner).not.toBeNull();
    const other = [world.reps.a1!.id, world.reps.a2!.id].find((r) => r !== owner)!;
    const count = async () =>
      (
        await t.db.query<{ n: number }>(
          `select count(*)::int as n from assignments where workspace_id = $1 and lead_id = $2`,
          [world.ws.workspace.id, id],
        )
      )[0]!.n;
    const before = await count();
    const assign = (expectedOwnerId: string | null): HandoffPlan => ({
      ...empty(),
      owners: [{ leadId: id, ownerId: other, teamId: world.teams.amer!, at: world.now(), expectedOwnerId }],
      assignments: [
        {
          leadId: id,
          ownerId: other,
          previousOwnerId: expectedOwnerId,
          teamId: world.teams.amer!,
          kind: 'rule',
          ruleId: null,
          reason: 'test',
          actorType: 'system',
          actorId: null,
          at: world.now(),
        },
      ],
    });
    // A plan made while the lead looked unassigned: it has an owner now, so nothing happens.
    await writeHandoffPlan(t.db, world.ws.workspace.id, assign(null));
    expect((await leadState(world, id)).ownerId).toBe(owner);
    expect(await count()).toBe(before);
    // A plan made from the owner it has: it goes ahead.
    await writeHandoffPlan(t.db, world.ws.workspace.id, assign(owner));
    expect((await leadState(world, id)).ownerId).toBe(other);
    expect(await count()).toBe(before + 1);
  });
});
