// The fall-out worker on a fixed clock: a lead whose engagement decays below the agreement's line
// leaves its stage at the stored moment, once, with the rule that moved it.
import { describe, expect, it } from 'vitest';
import { leads, slaClocks } from '../store/schema/index.js';
import { leadTransitions } from '../store/transitions.js';
import { changeAgreement } from '../../test/support/agreement.js';
import { type HandoffWorld, MONDAY_10, handoffTest, qualifiedLead } from '../../test/support/handoff.js';
import { storedCount, storedRows } from '../../test/support/stored-rows.js';
import { fallOutTick } from './fall-out.js';

const t = handoffTest();

const DAY = 86_400_000;

/** Runs the worker at `at` until nothing is due (other workspaces' leads may be due too). */
async function tickAt(w: HandoffWorld, at: Date): Promise<void> {
  w.setNow(at);
  while ((await fallOutTick(w.deps, 500)) > 0) {
    /* until drained */
  }
}

async function leadRow(w: HandoffWorld, id: string) {
  const [row] = await storedRows(t.db, leads, { workspaceId: w.ws.workspace.id, id });
  return { stage: row!.stage, fallOutAt: row!.fallOutAt };
}

describe('fallOutTick', () => {
  it('moves a lead out of its stage when its engagement decays below the line, at that moment and once', async () => {
    const w = await t.world();
    // A demo request is worth 30 points; with a 30-day half-life it is below 15 a month later.
    await changeAgreement(w.deps, w.ws.workspace.id, (doc) => {
      doc.qualification.fallOut = { stages: ['mql'], belowEngagement: 15, to: 'nurture' };
    });
    const lead = await qualifiedLead(w, { country: 'US' });
    const { stage, fallOutAt: at } = await leadRow(w, lead);
    expect(stage).toBe('mql');
    expect(at).not.toBeNull();
    expect(Math.abs(at!.getTime() - (MONDAY_10.getTime() + 30 * DAY))).toBeLessThan(60_000);

    await tickAt(w, new Date(at!.getTime() - 1000));
    expect((await leadRow(w, lead)).stage).toBe('mql');

    await tickAt(w, at!);
    expect(await leadRow(w, lead)).toEqual({ stage: 'nurture', fallOutAt: null });
    const history = await leadTransitions(t.db, w.ws.workspace.id, lead);
    expect(history.at(-1)).toMatchObject({
      fromStage: 'mql',
      toStage: 'nurture',
      at,
      ruleId: 'fall-out',
      reasonCode: null,
      actorType: 'system',
      agreementVersion: 2,
    });
    // Leaving the qualified stage stops its clocks.
    expect(
      await storedCount(t.db, slaClocks, { workspaceId: w.ws.workspace.id, leadId: lead, status: 'running' }),
    ).toBe(0);

    await tickAt(w, new Date(at!.getTime() + DAY));
    expect(await leadTransitions(t.db, w.ws.workspace.id, lead)).toHaveLength(history.length);
  });

  it('leaves leads alone where the agreement has no fall-out line: they have no moment at all', async () => {
    const w = await t.world();
    const lead = await qualifiedLead(w, { country: 'US' });
    expect(await leadRow(w, lead)).toEqual({ stage: 'mql', fallOutAt: null });
    await tickAt(w, new Date(MONDAY_10.getTime() + 400 * DAY));
    expect((await leadRow(w, lead)).stage).toBe('mql');
  });
});
