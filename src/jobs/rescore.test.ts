// The rescore worker on a fixed clock: after an agreement change every lead's score and ledger are
// recomputed under the new version; a run overtaken by a newer activation is superseded.
import { describe, expect, it } from 'vitest';
import { changeAgreement } from '../../test/support/agreement.js';
import { settled } from '../../test/support/fixtures.js';
import { type HandoffWorld, handoffTest } from '../../test/support/handoff.js';
import { leadContributions } from '../store/contributions.js';
import { findKnownIdentities } from '../store/identities.js';
import { getLead } from '../store/leads.js';
import { getRescoreRun } from '../store/rescore-runs.js';
import { rescoreTick } from './rescore.js';

const t = handoffTest();

/** An engineer (not a buyer: stays a lead) who attended a webinar now. Returns the lead id. */
async function webinarAttendee(w: HandoffWorld, name: string): Promise<string> {
  const userId = `${name}-${w.ws.workspace.slug}`;
  const res = await w.app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { authorization: `Basic ${Buffer.from(`${w.ws.writeKey}:`).toString('base64')}` },
    payload: {
      batch: [
        {
          type: 'identify',
          userId,
          traits: { email: `${userId}@example-corp.com`, title: 'Software Engineer', employees: 40 },
        },
        { type: 'track', userId, event: 'Webinar Attended' },
      ],
    },
  });
  expect(res.statusCode).toBe(200);
  await settled(w.app);
  const known = await findKnownIdentities(t.db, w.ws.workspace.id, {
    users: [userId],
    anonymous: [],
    emails: [],
  });
  return known.users.get(userId)!;
}

/** The lead's stage and engagement ledger: rule, points, agreement version. */
async function scoreOf(w: HandoffWorld, lead: string) {
  const row = await getLead(t.db, w.ws.workspace.id, lead);
  const ledger = await leadContributions(t.db, w.ws.workspace.id, lead);
  return {
    stage: row!.stage,
    ledger: ledger.map(({ ruleId, points, agreementVersion }) => ({ ruleId, points, agreementVersion })),
  };
}

async function runOf(w: HandoffWorld, id: string) {
  const { status, total, done, agreementVersion } = (await getRescoreRun(t.db, w.ws.workspace.id, id))!;
  return { status, total, done, agreementVersion };
}

async function drain(w: HandoffWorld): Promise<void> {
  while (await rescoreTick(w.deps)) {
    /* every running run, chunk by chunk */
  }
}

const webinarPoints = (points: number) => (doc: Parameters<Parameters<typeof changeAgreement>[2]>[0]) => {
  const rule = doc.engagement.rules.find((r) => r.id === 'webinar-attended')!;
  rule.points = points;
};

describe('rescoreTick', () => {
  it("recomputes every lead's ledger under the new version once the run is worked, and finishes the run", async () => {
    const w = await t.world();
    const one = await webinarAttendee(w, 'ada');
    const two = await webinarAttendee(w, 'bob');
    expect(await scoreOf(w, one)).toEqual({
      stage: 'lead',
      ledger: [{ ruleId: 'webinar-attended', points: 15, agreementVersion: 1 }],
    });

    const { version, rescoreRunId } = await changeAgreement(w.deps, w.ws.workspace.id, webinarPoints(40));
    expect(version).toBe(2);
    // Activation only schedules the work: scores change when the worker runs.
    expect(await runOf(w, rescoreRunId)).toMatchObject({ status: 'running', total: 2, done: 0 });
    expect((await scoreOf(w, one)).ledger).toEqual([
      { ruleId: 'webinar-attended', points: 15, agreementVersion: 1 },
    ]);

    await drain(w);
    expect(await runOf(w, rescoreRunId)).toEqual({ status: 'done', total: 2, done: 2, agreementVersion: 2 });
    for (const lead of [one, two]) {
      // The old line is replaced, not joined by a second one.
      expect((await scoreOf(w, lead)).ledger).toEqual([
        { ruleId: 'webinar-attended', points: 40, agreementVersion: 2 },
      ]);
    }
  });

  it('supersedes a run when a newer version is activated before it finished: the newest version wins', async () => {
    const w = await t.world();
    const lead = await webinarAttendee(w, 'cy');
    const v2 = await changeAgreement(w.deps, w.ws.workspace.id, webinarPoints(40));
    const v3 = await changeAgreement(w.deps, w.ws.workspace.id, webinarPoints(25));
    expect(await runOf(w, v2.rescoreRunId)).toMatchObject({ status: 'superseded', done: 0 });

    await drain(w);
    expect(await runOf(w, v2.rescoreRunId)).toMatchObject({ status: 'superseded', done: 0 });
    expect(await runOf(w, v3.rescoreRunId)).toMatchObject({ status: 'done', done: 1, agreementVersion: 3 });
    expect((await scoreOf(w, lead)).ledger).toEqual([
      { ruleId: 'webinar-attended', points: 25, agreementVersion: 3 },
    ]);
  });
});
