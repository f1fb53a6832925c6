// The lead's history in the store: transitions and assignments are append-only and read in time
// order; events are stored once per message id and paged newest first by a keyset cursor.
import { describe, expect, it } from 'vitest';
import { QUALIFIED_STAGES } from '../domain/stages.js';
import { testDatabase } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { type AssignmentInsert, leadAssignments } from './assignments.js';
import { recordAssignment } from '../../test/support/seed-rows.js';
import { decodeCursor } from './cursor.js';
import { activitiesOfLeads, leadTimeline } from './events.js';
import { insertLead } from './leads.js';
import {
  type TransitionInsert,
  commitmentCounts,
  leadTransitions,
  rejectionReasons,
  transitionsInsert,
} from './transitions.js';

const t = testDatabase();

const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function workspaceWithLead(): Promise<{ ws: string; lead: string }> {
  const { workspace } = await makeWorkspace(testDeps(t.db));
  const lead = await insertLead(t.db, workspace.id, { email: `someone@${workspace.slug}.test` });
  return { ws: workspace.id, lead: lead.id };
}

function move(
  leadId: string,
  from: string | null,
  to: string,
  minutes: number,
  extra: Partial<TransitionInsert> = {},
) {
  return {
    leadId,
    fromStage: from,
    toStage: to,
    at: at(minutes),
    actorType: 'system',
    actorId: null,
    actorLabel: 'agreement',
    reason: 'test',
    reasonCode: null,
    ruleId: null,
    note: null,
    agreementVersion: 1,
    source: null,
    ownerId: null,
    ...extra,
  } satisfies TransitionInsert;
}

async function insertTransitions(ws: string, rows: TransitionInsert[]): Promise<void> {
  const part = transitionsInsert(2, rows);
  await t.db.query(part.sql, [ws, ...part.params]);
}

/** The SQLSTATE a statement fails with (undefined when it succeeds), and the constraint it names. */
async function failure(work: Promise<unknown>): Promise<{ code: string; constraint?: string } | undefined> {
  try {
    await work;
    return undefined;
  } catch (err) {
    const { code, constraint } = err as { code: string; constraint?: string };
    return { code, ...(constraint ? { constraint } : {}) };
  }
}

/** The append-only trigger's refusal (raise_exception). */
const REFUSED = { code: 'P0001' };

describe('transitions', () => {
  it('are read in the order they happened, ties in the order recorded, whatever order they were written in', async () => {
    const { ws, lead } = await workspaceWithLead();
    await insertTransitions(ws, [
      move(lead, 'mql', 'sal', 30),
      move(lead, null, 'lead', 0),
      move(lead, 'lead', 'mql', 10),
      // Same moment as the qualification: recorded after it, so read after it.
      move(lead, 'mql', 'mql', 10, { reason: 'second at the same instant' }),
    ]);
    const history = await leadTransitions(t.db, ws, lead);
    expect(history.map((t) => [t.fromStage, t.toStage])).toEqual([
      [null, 'lead'],
      ['lead', 'mql'],
      ['mql', 'mql'],
      ['mql', 'sal'],
    ]);
    expect(history[1]!.id).toBeLessThan(history[2]!.id);
  });

  it('refuse updates and deletes: only a purge of their own workspace removes them', async () => {
    const { ws, lead } = await workspaceWithLead();
    await insertTransitions(ws, [move(lead, null, 'lead', 0)]);
    expect(
      await failure(t.db.query(`update transitions set reason = 'rewritten' where workspace_id = $1`, [ws])),
    ).toEqual(REFUSED);
    expect(await failure(t.db.query(`delete from transitions where workspace_id = $1`, [ws]))).toEqual(
      REFUSED,
    );
    // A purge marked for another workspace does not open this one.
    const other = await workspaceWithLead();
    expect(
      await failure(
        t.db.transaction(async (tx) => {
          await tx.query(`select set_config('tandem.purge', $1, true)`, [other.ws]);
          await tx.query(`delete from transitions where workspace_id = $1`, [ws]);
        }),
      ),
    ).toEqual(REFUSED);
    expect((await leadTransitions(t.db, ws, lead)).map((t) => t.reason)).toEqual(['test']);
    await t.db.transaction(async (tx) => {
      await tx.query(`select set_config('tandem.purge', $1, true)`, [ws]);
      await tx.query(`delete from transitions where workspace_id = $1`, [ws]);
    });
    expect(await leadTransitions(t.db, ws, lead)).toEqual([]);
  });

  it("count marketing's commitment in the window: qualifications, acceptances, and people's rejections by code", async () => {
    const { ws, lead } = await workspaceWithLead();
    const second = (await insertLead(t.db, ws, { email: `second@${ws}.test` })).id;
    const third = (await insertLead(t.db, ws, { email: `third@${ws}.test` })).id;
    const rejected = (
      lead: string,
      minutes: number,
      code: string,
      actorType: TransitionInsert['actorType'],
    ) => move(lead, 'mql', 'disqualified', minutes, { reasonCode: code, actorType, actorLabel: 'rep' });
    await insertTransitions(ws, [
      move(lead, 'lead', 'mql', 0),
      move(lead, 'mql', 'sal', 5),
      move(second, 'lead', 'pql', 1),
      rejected(second, 6, 'not_a_fit', 'user'),
      move(third, 'lead', 'mql', 2),
      rejected(third, 7, 'no_budget_timing', 'api_key'),
      // A CRM's disqualification with a mapped code is not sales rejecting the lead.
      rejected(third, 8, 'not_a_fit', 'crm'),
      // Outside [from, to): neither counted.
      move(lead, 'lead', 'mql', -1),
      rejected(second, 60, 'not_a_fit', 'user'),
    ]);
    const from = at(0);
    const to = at(60);
    expect(await commitmentCounts(t.db, ws, from, to, QUALIFIED_STAGES)).toEqual({
      mqls: 3,
      accepted: 1,
      rejected: 2,
    });
    expect(await rejectionReasons(t.db, ws, from, to, QUALIFIED_STAGES)).toEqual([
      { reason: 'no_budget_timing', count: 1 },
      { reason: 'not_a_fit', count: 1 },
    ]);
    expect(await rejectionReasons(t.db, ws, from, at(61), QUALIFIED_STAGES)).toEqual([
      { reason: 'not_a_fit', count: 2 },
      { reason: 'no_budget_timing', count: 1 },
    ]);
  });
});

describe('assignments', () => {
  const assignment = (leadId: string, ownerId: string | null, minutes: number): AssignmentInsert => ({
    leadId,
    ownerId,
    previousOwnerId: null,
    teamId: null,
    kind: ownerId ? 'manual' : 'queue',
    ruleId: null,
    reason: 'test',
    actorType: 'system',
    actorId: null,
    at: at(minutes),
  });

  it('are a history in time order that nobody rewrites', async () => {
    const { ws, lead } = await workspaceWithLead();
    const { workspace, admin } = await makeWorkspace(testDeps(t.db));
    const own = await insertLead(t.db, workspace.id, { email: `own@${workspace.slug}.test` });
    await recordAssignment(t.db, workspace.id, assignment(own.id, admin.id, 20));
    await recordAssignment(t.db, workspace.id, assignment(own.id, null, 10));
    expect((await leadAssignments(t.db, workspace.id, own.id)).map((a) => [a.ownerId, a.kind])).toEqual([
      [null, 'queue'],
      [admin.id, 'manual'],
    ]);
    // Another workspace's lead has none, and its id finds nothing across workspaces.
    expect(await leadAssignments(t.db, ws, lead)).toEqual([]);
    expect(await leadAssignments(t.db, ws, own.id)).toEqual([]);
    expect(
      await failure(
        t.db.query(`update assignments set owner_id = null where workspace_id = $1`, [workspace.id]),
      ),
    ).toEqual(REFUSED);
    expect(
      await failure(t.db.query(`delete from assignments where workspace_id = $1`, [workspace.id])),
    ).toEqual(REFUSED);
    expect(await leadAssignments(t.db, workspace.id, own.id)).toHaveLength(2);
  });
});

describe('events', () => {
  async function insertEvent(
    ws: string,
    lead: string | null,
    messageId: string,
    minutes: number,
    scored = true,
  ): Promise<number> {
    const rows = await t.db.query<{ id: number }>(
      `insert into events (workspace_id, message_id, type, event, lead_id, occurred_at, received_at, scored_at)
       values ($1, $2, 'track', $3, $4, $5, $5, $6) returning id`,
      [
        ws,
        messageId,
        `Event ${messageId}`,
        lead,
        at(minutes).toISOString(),
        scored ? at(minutes).toISOString() : null,
      ],
    );
    return Number(rows[0]!.id);
  }

  it('are stored once per message id in a workspace, and the same id is free in another', async () => {
    const { ws, lead } = await workspaceWithLead();
    const other = await workspaceWithLead();
    await insertEvent(ws, lead, 'msg-1', 0);
    expect(await failure(insertEvent(ws, lead, 'msg-1', 1))).toMatchObject({
      code: '23505',
      constraint: 'events_message_id_key',
    });
    await insertEvent(other.ws, other.lead, 'msg-1', 0);
  });

  it('page a timeline newest first, through events that share a moment, without skipping or repeating', async () => {
    const { ws, lead } = await workspaceWithLead();
    const ids: number[] = [];
    // Seven events at four moments: three pairs share a timestamp.
    for (const [i, minutes] of [0, 1, 1, 2, 2, 3, 3].entries())
      ids.push(await insertEvent(ws, lead, `t-${i}`, minutes));
    await insertEvent(ws, null, 'anonymous', 5);
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Awaited<ReturnType<typeof leadTimeline>> = await leadTimeline(t.db, ws, lead, {
        limit: 3,
        after: decodeCursor(cursor ?? undefined, { at: 'timestamp', id: 'integer' }),
      });
      seen.push(...page.data.map((e) => Number(e.id)));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    // Newest first; within a moment the later id first.
    expect(seen).toEqual([ids[6], ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]]);
  });

  it('give the fold only scored events of the asked leads, oldest first, per lead', async () => {
    const { ws, lead } = await workspaceWithLead();
    const second = (await insertLead(t.db, ws, { email: `second@${ws}.test` })).id;
    await insertEvent(ws, lead, 'a-late', 10);
    await insertEvent(ws, lead, 'a-early', 0);
    await insertEvent(ws, lead, 'a-waiting', 5, false);
    await insertEvent(ws, second, 'b-1', 3);
    const byLead = await activitiesOfLeads(t.db, ws, [lead, second]);
    expect(byLead.get(lead)!.map((a) => a.event)).toEqual([`Event a-early`, `Event a-late`]);
    expect(byLead.get(second)!.map((a) => a.event)).toEqual(['Event b-1']);
    expect((await activitiesOfLeads(t.db, ws, [second])).has(lead)).toBe(false);
  });
});
