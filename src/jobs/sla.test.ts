// The SLA worker on a fixed clock: a clock fires at its moment and not a millisecond before, each
// moment once, only while it runs; one tick serves every workspace with something due.
import { describe, expect, it } from 'vitest';
import { assignments, notifications, slaClocks } from '../store/schema/index.js';
import { stopClocks } from '../store/sla-clocks.js';
import { type HandoffWorld, MONDAY_10, handoffTest, qualifiedLead } from '../../test/support/handoff.js';
import { storedCount, storedRows } from '../../test/support/stored-rows.js';
import { slaTick } from './sla.js';

const t = handoffTest();

const HOUR = 3_600_000;
// A hand-raise at Monday 10:00 in 09–17 office hours: first touch is due in 2 business hours (warned
// at half), the MQL response in 8 (warned at three quarters).
const FIRST_TOUCH_WARN = new Date(MONDAY_10.getTime() + HOUR);
const FIRST_TOUCH_DUE = new Date(MONDAY_10.getTime() + 2 * HOUR);

/** Runs the worker at `at` until nothing is due (other workspaces' clocks may be due too). */
async function tickAt(w: HandoffWorld, at: Date): Promise<void> {
  w.setNow(at);
  while ((await slaTick(w.deps, 500)) > 0) {
    /* until drained */
  }
}

async function firstTouchClock(w: HandoffWorld, leadId: string) {
  const clocks = await storedRows(
    t.db,
    slaClocks,
    { workspaceId: w.ws.workspace.id, leadId, policyId: 'hand-raise-first-touch' },
    ['startedAt', 'id'],
  );
  return clocks[0]!;
}

/** Who was notified of `type` in the workspace, one entry per notification, sorted. */
async function notified(w: HandoffWorld, type: string): Promise<string[]> {
  const rows = await storedRows(t.db, notifications, { workspaceId: w.ws.workspace.id, type });
  return rows.map((r) => r.userId).sort();
}

describe('slaTick', () => {
  it('warns at the warning moment, not a millisecond before, and then waits for the due time', async () => {
    const w = await t.world();
    const lead = await qualifiedLead(w, { country: 'US' });
    expect((await firstTouchClock(w, lead)).nextFireAt).toEqual(FIRST_TOUCH_WARN);

    await tickAt(w, new Date(FIRST_TOUCH_WARN.getTime() - 1));
    expect(await firstTouchClock(w, lead)).toMatchObject({ warnedAt: null, status: 'running' });
    expect(await notified(w, 'sla.warning')).toEqual([]);

    await tickAt(w, FIRST_TOUCH_WARN);
    expect(await firstTouchClock(w, lead)).toMatchObject({
      status: 'running',
      warnedAt: FIRST_TOUCH_WARN,
      breachedAt: null,
      nextFireAt: FIRST_TOUCH_DUE,
    });
    const owner = (await firstTouchClock(w, lead)).ownerId;
    expect(await notified(w, 'sla.warning')).toEqual([owner]);
    // The same moment again, and a later one before the due time: nothing new.
    await tickAt(w, FIRST_TOUCH_WARN);
    await tickAt(w, new Date(FIRST_TOUCH_DUE.getTime() - 1));
    expect(await notified(w, 'sla.warning')).toEqual([owner]);
  });

  it('breaches once: the breach is stamped with the moment, escalated, and never fired again', async () => {
    const w = await t.world();
    const lead = await qualifiedLead(w, { country: 'US' });
    const owner = (await firstTouchClock(w, lead)).ownerId;
    // The worker was down through the warning: both are handled at once when it runs again.
    await tickAt(w, FIRST_TOUCH_DUE);
    const breached = await firstTouchClock(w, lead);
    expect(breached).toMatchObject({
      ownerId: owner,
      status: 'reassigned',
      warnedAt: FIRST_TOUCH_DUE,
      breachedAt: FIRST_TOUCH_DUE,
      nextFireAt: null,
    });
    // The owner and their manager hear of the breach, once each.
    const breachNotices = [owner, w.manager.id].sort();
    expect(await notified(w, 'sla.breached')).toEqual(breachNotices);
    const escalations = () =>
      storedCount(t.db, assignments, { workspaceId: w.ws.workspace.id, leadId: lead, kind: 'escalation' });
    expect(await escalations()).toBe(1);

    await tickAt(w, FIRST_TOUCH_DUE);
    await tickAt(w, new Date(FIRST_TOUCH_DUE.getTime() + 60_000));
    expect(await notified(w, 'sla.breached')).toEqual(breachNotices);
    expect(await escalations()).toBe(1);
  });

  it('never fires a clock that stopped before its moment', async () => {
    const w = await t.world();
    const lead = await qualifiedLead(w, { country: 'US' });
    await stopClocks(
      t.db,
      w.ws.workspace.id,
      lead,
      { clocks: ['first_touch'] },
      { status: 'met', reason: 'touched', at: new Date(MONDAY_10.getTime() + 60_000) },
    );
    await tickAt(w, new Date(FIRST_TOUCH_DUE.getTime() + HOUR));
    expect(await firstTouchClock(w, lead)).toMatchObject({
      status: 'met',
      warnedAt: null,
      breachedAt: null,
      nextFireAt: null,
    });
    expect(await notified(w, 'sla.breached')).toEqual([]);
    expect(await notified(w, 'sla.warning')).toEqual([]);
  });

  it('serves every workspace with a due clock in one tick, each with its own hand-off', async () => {
    const one = await t.world();
    const two = await t.world();
    const a = await qualifiedLead(one, { country: 'US' });
    const b = await qualifiedLead(two, { country: 'Germany' });
    one.setNow(FIRST_TOUCH_WARN);
    expect(await slaTick(one.deps, 500)).toBeGreaterThanOrEqual(2);
    expect((await firstTouchClock(one, a)).warnedAt).toEqual(FIRST_TOUCH_WARN);
    expect((await firstTouchClock(two, b)).warnedAt).toEqual(FIRST_TOUCH_WARN);
    // Each owner is told about their own lead, in their own workspace.
    const warnedOwners = await storedRows(t.db, notifications, {
      workspaceId: [one.ws.workspace.id, two.ws.workspace.id],
      type: 'sla.warning',
    });
    expect(warnedOwners.map((n) => n.leadId).sort()).toEqual([a, b].sort());
    expect(warnedOwners.find((n) => n.leadId === a)!.userId).toBe((await firstTouchClock(one, a)).ownerId);
    expect(warnedOwners.find((n) => n.leadId === b)!.userId).toBe((await firstTouchClock(two, b)).ownerId);
  });
});
