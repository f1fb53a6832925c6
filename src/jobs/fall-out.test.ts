// The fall-out worker on a fixed clock: a lead whose engagement decays below the agreement's line
// leaves its stage at the stored moment, once, with the rule that moved it.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { leadTransitions } from '../store/transitions.js';
import { changeAgreement } from '../../test/support/agreement.js';
import { openTestDb } from '../../test/support/database.js';
import { type HandoffWorld, MONDAY_10, handoffWorld, qualifiedLead } from '../../test/support/handoff.js';
import { fallOutTick } from './fall-out.js';

let db: Db;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(async () => {
  await db.close();
});

const DAY = 86_400_000;

async function world(): Promise<HandoffWorld> {
  const w = await handoffWorld(db);
  apps.push(w.app);
  return w;
}

/** Runs the worker at `at` until nothing is due (other workspaces' leads may be due too). */
async function tickAt(w: HandoffWorld, at: Date): Promise<void> {
  w.setNow(at);
  while ((await fallOutTick(w.deps, 500)) > 0) {
    /* until drained */
  }
}

async function leadRow(w: HandoffWorld, id: string) {
  const rows = await db.query<{ stage: string; fall_out_at: Date | null }>(
    `select stage, fall_out_at from leads where workspace_id = $1 and id = $2`,
    [w.ws.workspace.id, id],
  );
  return rows[0]!;
}

describe('fallOutTick', () => {
  it('moves a lead out of its stage when its engagement decays below the line, at that moment and once', async () => {
    const w = await world();
    // A demo request is worth 30 points; with a 30-day half-life it is below 15 a month later.
    await changeAgreement(w.deps, w.ws.workspace.id, (doc) => {
      doc.qualification.fallOut = { stages: ['mql'], belowEngagement: 15, to: 'nurture' };
    });
    const lead = await qualifiedLead(w, { country: 'US' });
    const { stage, fall_out_at: at } = await leadRow(w, lead);
    expect(stage).toBe('mql');
    expect(at).not.toBeNull();
    expect(Math.abs(at!.getTime() - (MONDAY_10.getTime() + 30 * DAY))).toBeLessThan(60_000);

    await tickAt(w, new Date(at!.getTime() - 1000));
    expect((await leadRow(w, lead)).stage).toBe('mql');

    await tickAt(w, at!);
    expect(await leadRow(w, lead)).toEqual({ stage: 'nurture', fall_out_at: null });
    const history = await leadTransitions(db, w.ws.workspace.id, lead);
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
    const running = await db.query(
      `select 1 from sla_clocks where workspace_id = $1 and lead_id = $2 and status = 'running'`,
      [w.ws.workspace.id, lead],
    );
    expect(running).toEqual([]);

    await tickAt(w, new Date(at!.getTime() + DAY));
    expect(await leadTransitions(db, w.ws.workspace.id, lead)).toHaveLength(history.length);
  });

  it('leaves leads alone where the agreement has no fall-out line: they have no moment at all', async () => {
    const w = await world();
    const lead = await qualifiedLead(w, { country: 'US' });
    expect(await leadRow(w, lead)).toEqual({ stage: 'mql', fall_out_at: null });
    await tickAt(w, new Date(MONDAY_10.getTime() + 400 * DAY));
    expect((await leadRow(w, lead)).stage).toBe('mql');
  });
});
