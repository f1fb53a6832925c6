// SLA clock rows: next_fire_at follows warning → due → nothing; only running, due clocks are
// claimed; stopping after the due time is "met late"; alerts count per owner.
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { insertLead } from './leads.js';
import { claimDueClocks, clocksOfLead, runningClockAlertsByOwner, stopClocks } from './sla-clocks.js';
import { insertClocks, markClock } from '../../test/support/seed-rows.js';

const t = testDatabase();

// Long before any other test's clocks, so the cross-workspace claim sees only this file's.
const T0 = new Date('2001-05-07T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function setUp() {
  const ws = await makeWorkspace(testDeps(t.db));
  const rep = await ws.member('sales_rep');
  const lead = await insertLead(t.db, ws.workspace.id, { email: `lead@${ws.workspace.slug}.test` });
  const clock = (policyId: string, warn: number, due: number, stage = 'mql') => ({
    leadId: lead.id,
    policyId,
    clock: 'response' as const,
    stage,
    ownerId: rep.id,
    teamId: null,
    startedAt: T0,
    warnAt: at(warn),
    dueAt: at(due),
    agreementVersion: 1,
  });
  return { ws: ws.workspace.id, lead: lead.id, rep: rep.id, clock };
}

const claim = (now: Date, ws: string) =>
  t.db.transaction(async (tx) => (await claimDueClocks(tx, now, 1000)).filter((c) => c.workspaceId === ws));

describe('SLA clock rows', () => {
  it('fire first at the warning, then at the due time, then never; a clock without a warning fires when due', async () => {
    const { ws, lead, rep, clock } = await setUp();
    await insertClocks(t.db, ws, [clock('warned', 30, 60), clock('unwarned', 60, 60)]);
    expect(await claim(at(29), ws)).toEqual([]);
    const first = await claim(at(30), ws);
    expect(first.map((c) => c.policyId)).toEqual(['warned']);

    await markClock(t.db, first[0]!, { warnedAt: at(30) });
    expect(await claim(at(59), ws)).toEqual([]);
    // Both due at 60, in next_fire_at order; the alert counts see one warning.
    expect((await claim(at(60), ws)).map((c) => c.policyId).sort()).toEqual(['unwarned', 'warned']);
    expect(await runningClockAlertsByOwner(t.db, ws)).toEqual([{ ownerId: rep, warnings: 1, breaches: 0 }]);

    for (const c of await claim(at(60), ws)) await markClock(t.db, c, { breachedAt: at(60) });
    expect(await claim(at(10_000), ws)).toEqual([]);
    expect(await runningClockAlertsByOwner(t.db, ws)).toEqual([{ ownerId: rep, warnings: 0, breaches: 2 }]);
    expect((await clocksOfLead(t.db, ws, lead)).every((c) => c.status === 'running')).toBe(true);
  });

  it('stop only the matching running clocks: met in time, met late after the due time, never claimed again', async () => {
    const { ws, lead, clock } = await setUp();
    await insertClocks(t.db, ws, [
      clock('in-time', 30, 60),
      clock('late', 30, 60),
      clock('sal', 30, 60, 'sal'),
    ]);
    const inTime = await stopClocks(
      t.db,
      ws,
      lead,
      { stage: 'mql' },
      { status: 'met', reason: 'accepted', at: at(45) },
    );
    expect(inTime.map((c) => [c.policyId, c.status]).sort()).toEqual([
      ['in-time', 'met'],
      ['late', 'met'],
    ]);
    // Stopping again finds nothing running in mql.
    expect(
      await stopClocks(t.db, ws, lead, { stage: 'mql' }, { status: 'met', reason: 'again', at: at(46) }),
    ).toEqual([]);
    const late = await stopClocks(
      t.db,
      ws,
      lead,
      { stage: 'sal' },
      { status: 'met', reason: 'worked', at: at(61) },
    );
    expect(late).toMatchObject([
      { policyId: 'sal', status: 'met_late', stoppedAt: at(61), stopReason: 'worked' },
    ]);
    expect(await claim(at(10_000), ws)).toEqual([]);
    expect(await runningClockAlertsByOwner(t.db, ws)).toEqual([]);
  });
});
