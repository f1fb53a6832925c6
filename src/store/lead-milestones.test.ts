// lead_milestones, kept by triggers on transitions (migration 0017), on both databases: after any
// mix of multi-lead inserts (in any time order, as the fold, hand moves and imports write them) and
// undos of imports (which delete a lead's transitions after a mark), it equals a recomputation
// from the transitions; the reports' cohorts read it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { milestoneCount, milestoneDrift } from '../../test/support/lead-milestones.js';
import { makeWorkspace } from '../../test/support/fixtures.js';
import { insertLead } from '../../test/support/seed-rows.js';
import { workspaceTest } from '../../test/support/workspace-test.js';
import { type LeadMark, markLeads, rollBackLeads } from './import-history-writes.js';
import { type TransitionInsert, transitionsInsert } from './transitions.js';
import { purgeWorkspace } from './workspaces.js';

const t = workspaceTest();
const STAGES = ['lead', 'mql', 'pql', 'sal', 'sql', 'opportunity', 'customer', 'nurture', 'disqualified'];
const LEADS = 3;

type Op =
  | { kind: 'insert'; rows: { lead: number; stage: string; minute: number }[] }
  | { kind: 'mark'; leads: number[] }
  | { kind: 'undo' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      rows: fc.array(
        fc.record({
          lead: fc.nat(LEADS - 1),
          stage: fc.constantFrom(...STAGES),
          // Few distinct instants: ties between a lead's transitions happen.
          minute: fc.nat(40).map((m) => m * 720),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      leads: fc.uniqueArray(fc.nat(LEADS - 1), { minLength: 1, maxLength: LEADS }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'undo' as const }) },
);

const transition = (leadId: string, stage: string, at: Date): TransitionInsert => ({
  leadId,
  fromStage: null,
  toStage: stage,
  at,
  actorType: 'import',
  actorId: null,
  actorLabel: 'test',
  reason: 'property',
  reasonCode: null,
  ruleId: null,
  note: null,
  agreementVersion: 1,
  source: null,
  ownerId: null,
});

describe('lead milestones', () => {
  it('equal a recomputation from the transitions after any mix of inserts and undos', async () => {
    const ws = t.ws.workspace.id;
    const start = Date.parse('2026-01-01T00:00:00Z');
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const leads: string[] = [];
        for (let i = 0; i < LEADS; i++) leads.push(await insertLead(t.db, ws));
        let mark: LeadMark[] | null = null;
        for (const o of ops) {
          if (o.kind === 'insert') {
            // One statement for every lead of the batch, as the fold and the imports write them.
            const part = transitionsInsert(
              2,
              o.rows.map((r) => transition(leads[r.lead]!, r.stage, new Date(start + r.minute * 60_000))),
            );
            await t.db.query(part.sql, [ws, ...part.params]);
          } else if (o.kind === 'mark') {
            mark ??= await markLeads(
              t.db,
              ws,
              o.leads.map((i) => leads[i]!),
            );
          } else if (mark) {
            await t.db.transaction((tx) => rollBackLeads(tx, ws, mark!));
            mark = null;
          }
          expect(await milestoneDrift(t.db, ws)).toEqual([]);
        }
      }),
      { numRuns: 20 },
    );
    expect(await milestoneCount(t.db, ws)).toBeGreaterThan(0);
  });

  it('go back with an undo: the times an import lowered, and a lead the import began', async () => {
    const ws = t.ws.workspace.id;
    const [kept, begun] = [await insertLead(t.db, ws), await insertLead(t.db, ws)];
    const write = async (rows: TransitionInsert[]) => {
      const part = transitionsInsert(2, rows);
      await t.db.query(part.sql, [ws, ...part.params]);
    };
    await write([transition(kept, 'lead', new Date('2026-03-01T00:00:00Z'))]);
    const mark = await markLeads(t.db, ws, [kept, begun]);
    await write([
      transition(kept, 'mql', new Date('2026-02-01T00:00:00Z')),
      transition(begun, 'customer', new Date('2026-02-02T00:00:00Z')),
    ]);
    expect(await milestoneCount(t.db, ws)).toBeGreaterThanOrEqual(2);
    await t.db.transaction((tx) => rollBackLeads(tx, ws, mark));
    expect(await milestoneDrift(t.db, ws)).toEqual([]);
    const rows = await t.db.query<{ lead_id: string; mql_at: unknown }>(
      `select lead_id, mql_at from lead_milestones where workspace_id = $1 and lead_id = any($2::uuid[])`,
      [ws, [kept, begun]],
    );
    expect(rows).toEqual([{ lead_id: kept, mql_at: null }]);
  });

  it('hold each lead’s first times whatever order one statement writes them in, and go with a purge', async () => {
    const ws = t.ws.workspace.id;
    const lead = await insertLead(t.db, ws);
    const part = transitionsInsert(2, [
      transition(lead, 'sql', new Date('2026-02-03T00:00:00Z')),
      transition(lead, 'lead', new Date('2026-02-01T00:00:00Z')),
      transition(lead, 'pql', new Date('2026-02-02T00:00:00Z')),
    ]);
    await t.db.query(part.sql, [ws, ...part.params]);
    const rows = await t.db.query<Record<string, string | null>>(
      `select entered_at::text as entered, mql_at::text as mql, sql_at::text as sql, won_at::text as won
         from lead_milestones where workspace_id = $1 and lead_id = $2`,
      [ws, lead],
    );
    expect(
      rows.map((r) => [r.entered, r.mql, r.sql, r.won].map((v) => v && new Date(v).toISOString())),
    ).toEqual([['2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z', '2026-02-03T00:00:00.000Z', null]]);
    const other = (await makeWorkspace(t.deps)).workspace.id;
    const gone = await insertLead(t.db, other);
    const more = transitionsInsert(2, [transition(gone, 'lead', new Date('2026-02-01T00:00:00Z'))]);
    await t.db.query(more.sql, [other, ...more.params]);
    expect(await milestoneCount(t.db, other)).toBe(1);
    await t.db.transaction((tx) => purgeWorkspace(tx, other));
    expect(await milestoneCount(t.db, other)).toBe(0);
  });
});
