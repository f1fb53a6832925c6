// The lead reads the jobs and the manager's view use: fall-out claiming and the unowned queue by stage.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import type { Db } from './db.js';
import { openTestDb } from '../../test/support/database.js';
import { handoffWorld, qualifiedLead } from '../../test/support/handoff.js';
import { leadIdsAfter, lockLeadsDueToFallOut, unownedLeads } from './leads.js';

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

describe('lead store reads', () => {
  it('claims leads whose fall-out moment has come, pages ids, and queues unowned leads by stage', async () => {
    const world = await handoffWorld(db);
    app = world.app;
    const ws = world.ws.workspace.id;
    const id = await qualifiedLead(world);
    const now = world.now();
    await db.query(`update leads set fall_out_at = $3, owner_id = null where workspace_id = $1 and id = $2`, [
      ws,
      id,
      new Date(now.getTime() - 1000).toISOString(),
    ]);
    const due = await db.transaction((tx) => lockLeadsDueToFallOut(tx, now, 100));
    expect(due).toContainEqual({ workspaceId: ws, id });
    const notYet = await db.transaction((tx) =>
      lockLeadsDueToFallOut(tx, new Date(now.getTime() - 2000), 100),
    );
    expect(notYet.map((r) => r.id)).not.toContain(id);

    expect(await leadIdsAfter(db, ws, null, 10)).toContain(id);
    expect(await leadIdsAfter(db, ws, id, 10)).not.toContain(id);

    expect((await unownedLeads(db, ws, QUALIFIED_STAGES)).map((l) => l.id)).toContain(id);
    expect((await unownedLeads(db, ws, ['sal'])).map((l) => l.id)).not.toContain(id);
  });
});
