// The lead reads the jobs and the manager's view use: fall-out claiming and the unowned queue by stage.
import { describe, expect, it } from 'vitest';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import { handoffTest, qualifiedLead } from '../../test/support/handoff.js';
import { leadIdsAfter, lockLeadsDueToFallOut, unownedLeads } from './leads.js';

const t = handoffTest();

describe('lead store reads', () => {
  it('claims leads whose fall-out moment has come, pages ids, and queues unowned leads by stage', async () => {
    const world = await t.world();
    const ws = world.ws.workspace.id;
    const id = await qualifiedLead(world);
    const now = world.now();
    await t.db.query(
      `update leads set fall_out_at = $3, owner_id = null where workspace_id = $1 and id = $2`,
      [ws, id, new Date(now.getTime() - 1000).toISOString()],
    );
    const due = await t.db.transaction((tx) => lockLeadsDueToFallOut(tx, now, 100));
    expect(due).toContainEqual({ workspaceId: ws, id });
    const notYet = await t.db.transaction((tx) =>
      lockLeadsDueToFallOut(tx, new Date(now.getTime() - 2000), 100),
    );
    expect(notYet.map((r) => r.id)).not.toContain(id);

    expect(await leadIdsAfter(t.db, ws, null, 10)).toContain(id);
    expect(await leadIdsAfter(t.db, ws, id, 10)).not.toContain(id);

    expect((await unownedLeads(t.db, ws, QUALIFIED_STAGES)).map((l) => l.id)).toContain(id);
    expect((await unownedLeads(t.db, ws, ['sal'])).map((l) => l.id)).not.toContain(id);
  });
});
