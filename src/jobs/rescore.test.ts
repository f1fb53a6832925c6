// The rescore worker on a fixed clock: after an agreement change every lead's score and ledger are
// recomputed under the new version; a run overtaken by a newer activation is superseded.
import { describe, expect, it } from 'vitest';
import { changeAgreement } from '../../test/support/agreement.js';
import { settled } from '../../test/support/fixtures.js';
import { type HandoffWorld, handoffTest } from '../../test/support/handoff.js';
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
  const rows = await t.db.query<{ lead_id: string }>(
    `select lead_id from lead_identities where workspace_id = $1 and kind = 'user' and value = $2`,
    [w.ws.workspace.id, userId],
  );
  return rows[0]!.lead_id;
}

/** The lead's stage and engagement ledger: rule, points, agreement version. */
async function scoreOf(w: HandoffWorld, lead: string) {
  const [row] = await t.db.query<{ stage: string }>(
    `select stage from leads where workspace_id = $1 and id = $2`,
    [w.ws.workspace.id, lead],
  );
  const ledger = await t.db.query<{ rule_id: string; points: number; agreement_version: number }>(
    `select rule_id, points, agreement_version from score_contributions
      where workspace_id = $1 and lead_id = $2 order by id`,
    [w.ws.workspace.id, lead],
  );
  return { stage: row!.stage, ledger };
}

async function runOf(w: HandoffWorld, id: string) {
  const rows = await t.db.query<{ status: string; total: number; done: number; agreement_version: number }>(
    `select status, total, done, agreement_version from rescore_runs where workspace_id = $1 and id = $2`,
    [w.ws.workspace.id, id],
  );
  return rows[0]!;
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
      ledger: [{ rule_id: 'webinar-attended', points: 15, agreement_version: 1 }],
    });

    const { version, rescoreRunId } = await changeAgreement(w.deps, w.ws.workspace.id, webinarPoints(40));
    expect(version).toBe(2);
    // Activation only schedules the work: scores change when the worker runs.
    expect(await runOf(w, rescoreRunId)).toMatchObject({ status: 'running', total: 2, done: 0 });
    expect((await scoreOf(w, one)).ledger).toEqual([
      { rule_id: 'webinar-attended', points: 15, agreement_version: 1 },
    ]);

    await drain(w);
    expect(await runOf(w, rescoreRunId)).toEqual({ status: 'done', total: 2, done: 2, agreement_version: 2 });
    for (const lead of [one, two]) {
      // The old line is replaced, not joined by a second one.
      expect((await scoreOf(w, lead)).ledger).toEqual([
        { rule_id: 'webinar-attended', points: 40, agreement_version: 2 },
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
    expect(await runOf(w, v3.rescoreRunId)).toMatchObject({ status: 'done', done: 1, agreement_version: 3 });
    expect((await scoreOf(w, lead)).ledger).toEqual([
      { rule_id: 'webinar-attended', points: 25, agreement_version: 3 },
    ]);
  });
});
