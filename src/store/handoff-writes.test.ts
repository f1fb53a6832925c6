// Writing a plan: a lead is assigned only while it still has the owner the plan started from.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffPlan } from '../domain/handoff-types.js';
import type { Db } from './db.js';
import { openTestDb } from '../../test/support/database.js';
import { handoffWorld, leadState, qualifiedLead } from '../../test/support/handoff.js';
import { writeHandoffPlan } from './handoff-writes.js';

let db: Db;
let app: FastifyInstance | null = null;
beforeAll(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await app?.close();
  app = null;
});
afterAll(async () => {
  await db.close();
});

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
    const world = await handoffWorld(db);
    app = world.app;
    const id = await qualifiedLead(world);
    const owner = (await leadState(world, id)).ownerId;
    expect(owner).not.toBeNull();
    const other = [world.reps.a1!.id, world.reps.a2!.id].find((r) => r !== owner)!;
    const count = async () =>
      (
        await db.query<{ n: number }>(
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
    await writeHandoffPlan(db, world.ws.workspace.id, assign(null));
    expect((await leadState(world, id)).ownerId).toBe(owner);
    expect(await count()).toBe(before);
    // A plan made from the owner it has: it goes ahead.
    await writeHandoffPlan(db, world.ws.workspace.id, assign(owner));
    expect((await leadState(world, id)).ownerId).toBe(other);
    expect(await count()).toBe(before + 1);
  });
});
