// The SLA worker on a fixed clock: a clock fires at its moment and not a millisecond before, each
// moment once, only while it runs; one tick serves every workspace with something due.
import { describe, expect, it } from 'vitest';
import { stopClocks } from '../store/sla-clocks.js';
import { type HandoffWorld, MONDAY_10, handoffTest, qualifiedLead } from '../../test/support/handoff.js';
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
  const rows = await t.db.query<{
    status: string;
    owner_id: string;
    warned_at: Date | null;
    breached_at: Date | null;
    next_fire_at: Date | null;
  }>(
    `select status, owner_id, warned_at, breached_at, next_fire_at from sla_clocks
      where workspace_id = $1 and lead_id = $2 and policy_id = 'hand-raise-first-touch' order by started_at, id`,
    [w.ws.workspace.id, leadId],
  );
  return rows[0]!;
}

/** Who was notified of `type` in the workspace, one entry per notification, sorted. */
async function notified(w: HandoffWorld, type: string): Promise<string[]> {
  const rows = await t.db.query<{ user_id: string }>(
    `select user_id from notifications where workspace_id = $1 and type = $2 order by user_id`,
    [w.ws.workspace.id, type],
  );
  return rows.map((r) => r.user_id);
}

describe('slaTick', () => {
  it('warns at the warning moment, not a millisecond before, and then waits for the due time', async () => {
    const w = await t.world();
    const lead = await qualifiedLead(w, { country: 'US' });
    expect((await firstTouchClock(w, lead)).next_fire_at).toEqual(FIRST_TOUCH_WARN);

    await tickAt(w, new Date(FIRST_TOUCH_WARN.getTime() - 1));
    expect(await firstTouchClock(w, lead)).toMatchObject({ warned_at: null, status: 'running' });
    expect(await notified(w, 'sla.warning')).toEqual([]);

    await tickAt(w, FIRST_TOUCH_WARN);
    expect(await firstTouchClock(w, lead)).toMatchObject({
      status: 'running',
      warned_at: FIRST_TOUCH_WARN,
      breached_at: null,
      next_fire_at: FIRST_TOUCH_DUE,
    });
    const owner = (await firstTouchClock(w, lead)).owner_id;
    expect(await notified(w, 'sla.warning')).toEqual([owner]);
    // The same moment again, and a later one before the due time: nothing new.
    await tickAt(w, FIRST_TOUCH_WARN);
    await tickAt(w, new Date(FIRST_TOUCH_DUE.getTime() - 1));
    expect(await notified(w, 'sla.warning')).toEqual([owner]);
  });

  it('breaches once: the breach is stamped with the moment, escalated, and never fired again', async () => {
    const w = await t.world();
    const lead = await qualifiedLead(w, { country: 'US' });
    const owner = (await firstTouchClock(w, lead)).owner_id;
    // The worker was down through the warning: both are handled at once when it runs again.
    await tickAt(w, FIRST_TOUCH_DUE);
    const breached = await firstTouchClock(w, lead);
    expect(breached).toMatchObject({
      owner_id: owner,
      status: 'reassigned',
      warned_at: FIRST_TOUCH_DUE,
      breached_at: FIRST_TOUCH_DUE,
      next_fire_at: null,
    });
    // The owner and their manager hear of the breach, once each.
    const breachNotices = [owner, w.manager.id].sort();
    expect(await notified(w, 'sla.breached')).toEqual(breachNotices);
    const escalations = async () =>
      (
        await t.db.query<{ n: number }>(
          `select count(*)::int as n from assignments where workspace_id = $1 and lead_id = $2 and kind = 'escalation'`,
          [w.ws.workspace.id, lead],
        )
      )[0]!.n;
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
      warned_at: null,
      breached_at: null,
      next_fire_at: null,
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
    expect((await firstTouchClock(one, a)).warned_at).toEqual(FIRST_TOUCH_WARN);
    expect((await firstTouchClock(two, b)).warned_at).toEqual(FIRST_TOUCH_WARN);
    // Each owner is told about their own lead, in their own workspace.
    const warnedOwners = await t.db.query<{ user_id: string; lead_id: string }>(
      `select user_id, lead_id from notifications where workspace_id = any($1::uuid[]) and type = 'sla.warning'`,
      [[one.ws.workspace.id, two.ws.workspace.id]],
    );
    expect(warnedOwners.map((n) => n.lead_id).sort()).toEqual([a, b].sort());
    expect(warnedOwners.find((n) => n.lead_id === a)!.user_id).toBe((await firstTouchClock(one, a)).owner_id);
    expect(warnedOwners.find((n) => n.lead_id === b)!.user_id).toBe((await firstTouchClock(two, b)).owner_id);
  });
});
