// The stage-change store on both databases: the rows stay as written, a lead's history reads in
// time order, and marketing's commitment counts only people's rejections with a reason code.
import { describe, expect, it } from 'vitest';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import { makeWorkspace } from '../../test/support/fixtures.js';
import { insertLead, insertTransitions } from '../../test/support/seed-rows.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { commitmentCounts, leadTransitions, rejectionReasons } from './transitions.js';

const t = workspaceTest();
const MARCH = new Date('2026-03-01T00:00:00Z');
const APRIL = new Date('2026-04-01T00:00:00Z');

describe('transitions', () => {
  it('are append-only: the database refuses to change or delete one', async () => {
    const ws = t.ws.workspace.id;
    const lead = await insertLead(t.db, ws);
    await insertTransitions(t.db, ws, lead, [['lead', '2026-03-02T09:00:00Z']]);
    await expect(
      t.db.query(`update transitions set reason = 'rewritten' where workspace_id = $1`, [ws]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query(`delete from transitions where workspace_id = $1`, [ws])).rejects.toThrow(
      /append-only/,
    );
    expect((await leadTransitions(t.db, ws, lead)).map((x) => x.reason)).toEqual(['seeded']);
  });

  it("read as a lead's history in time order, whatever order they were written in", async () => {
    const ws = t.ws.workspace.id;
    const lead = await insertLead(t.db, ws);
    await insertTransitions(t.db, ws, lead, [
      ['mql', '2026-03-05T09:00:00Z'],
      ['lead', '2026-03-01T09:00:00Z'],
      ['sal', '2026-03-06T09:00:00Z'],
    ]);
    const history = await leadTransitions(t.db, ws, lead);
    expect(history.map((x) => [x.toStage, x.at.toISOString()])).toEqual([
      ['lead', '2026-03-01T09:00:00.000Z'],
      ['mql', '2026-03-05T09:00:00.000Z'],
      ['sal', '2026-03-06T09:00:00.000Z'],
    ]);
  });

  it("count marketing's commitment over a window: made, accepted, and rejected by people with a code", async () => {
    const ws = (await makeWorkspace(t.deps)).workspace.id;
    const walk = async (steps: Parameters<typeof insertTransitions>[3]) =>
      insertTransitions(t.db, ws, await insertLead(t.db, ws), steps);
    // Made and accepted in March.
    await walk([
      ['mql', '2026-03-02T09:00:00Z'],
      ['sal', '2026-03-03T09:00:00Z'],
    ]);
    // Made in March, rejected by a person with a code (counted), then by a person in April (not in the window).
    await walk([
      ['pql', '2026-03-04T09:00:00Z'],
      ['nurture', '2026-03-05T09:00:00Z', 'timing', 'user'],
    ]);
    await walk([
      ['mql', '2026-03-10T09:00:00Z'],
      ['disqualified', '2026-04-02T09:00:00Z', 'not_a_fit', 'api_key'],
    ]);
    // The system sending a lead back to nurture is fall-out, not a rejection, even with a code.
    await walk([
      ['mql', '2026-03-11T09:00:00Z'],
      ['nurture', '2026-03-20T09:00:00Z', 'timing', 'system'],
    ]);
    // Made in February (outside the window), accepted in March (inside it).
    await walk([
      ['mql', '2026-02-20T09:00:00Z'],
      ['sal', '2026-03-01T09:00:00Z'],
    ]);
    expect(await commitmentCounts(t.db, ws, MARCH, APRIL, QUALIFIED_STAGES)).toEqual({
      mqls: 4,
      accepted: 2,
      rejected: 1,
    });
    expect(await rejectionReasons(t.db, ws, MARCH, APRIL, QUALIFIED_STAGES)).toEqual([
      { reason: 'timing', count: 1 },
    ]);
    expect(
      await rejectionReasons(t.db, ws, APRIL, new Date('2026-05-01T00:00:00Z'), QUALIFIED_STAGES),
    ).toEqual([{ reason: 'not_a_fit', count: 1 }]);
  });
});
