import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBERS } from '../services/demo-workspace.js';
import { addUser } from '../services/workspaces.js';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { loadWorkspace } from './load.js';
import { ensureSalesTeams } from './sales-team.js';

const ACTOR = { type: 'system' as const, id: null, label: 'test' };

describe('loading a generated workspace', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(() => db.close());

  it('stores a year of history through ingestion and the hand-off: leads qualified, answered, won and lost', async () => {
    const deps = testDeps(db);
    const { workspace } = await makeWorkspace(deps);
    await db.transaction(async (tx) => {
      for (const m of DEMO_MEMBERS) {
        await addUser(tx, ACTOR, workspace.id, {
          ...m,
          email: `${workspace.slug}-${m.email}`,
          password: null,
        });
      }
    });
    await ensureSalesTeams(deps, workspace.id);

    const now = new Date();
    const cutoff = new Date(now.getTime() - 45 * 86_400_000);
    const summary = await loadWorkspace(deps, workspace.id, {
      scale: { leads: 120, visitorsPerLead: 0.5, months: 12, leadsPerAccount: 2 },
      seed: 3,
      now,
      answerQualifiedBefore: cutoff,
    });

    const q = async (sql: string, ...params: unknown[]) =>
      (await db.query<{ n: number }>(sql, [workspace.id, ...params]))[0]!.n;
    expect(summary.stored).toBe(summary.messages);
    expect(await q(`select count(*)::int as n from events where workspace_id = $1`)).toBe(summary.messages);
    expect(summary.leads).toBeGreaterThan(100);
    expect(summary.sales.qualified).toBeGreaterThan(10);
    expect(summary.sales.accepted + summary.sales.rejected).toBeGreaterThan(5);
    // Rejections carry the agreement's reason codes; qualified leads were routed to reps.
    expect(
      await q(
        `select count(*)::int as n from transitions where workspace_id = $1 and reason_code is not null`,
      ),
    ).toBe(summary.sales.rejected + summary.sales.reversed);
    // Marketing disputed some rejections (each one stored), and a reversal sent the lead back to sales.
    expect(await q(`select count(*)::int as n from rejection_disputes where workspace_id = $1`)).toBe(
      summary.sales.disputed,
    );
    expect(
      await q(`select count(*)::int as n from leads where workspace_id = $1 and owner_id is not null`),
    ).toBeGreaterThan(0);
    expect(await q(`select count(*)::int as n from opportunities where workspace_id = $1`)).toBe(
      summary.sales.opportunities,
    );
    expect(
      await q(`select count(distinct month)::int as n from channel_spend where workspace_id = $1`),
    ).toBeGreaterThanOrEqual(12);
    // Sales answers only what qualified before the cutoff: newer leads wait, their clocks running.
    expect(summary.sales.waiting).toBeGreaterThan(0);
    const waitingLeads = `select count(*)::int as n from leads l
       where l.workspace_id = $1 and l.stage in ('mql', 'pql') and l.owner_id is not null
         and exists (select 1 from transitions t where t.workspace_id = l.workspace_id and t.lead_id = l.id
                        and t.to_stage in ('mql', 'pql') and t.at >= $2)`;
    expect(await q(waitingLeads, cutoff)).toBeGreaterThan(0);
    expect(
      await q(
        `select count(*)::int as n from sla_clocks where workspace_id = $1 and status = 'running' and started_at >= $2`,
        cutoff,
      ),
    ).toBeGreaterThan(0);
    // Sales answers after Tandem handed the lead off, never before its clock started.
    expect(
      await q(
        `select count(*)::int as n from sla_clocks where workspace_id = $1 and stopped_at < started_at`,
      ),
    ).toBe(0);
    // History, not a burst: events spread over the year.
    expect(
      await q(
        `select count(distinct date_trunc('month', occurred_at))::int as n from events where workspace_id = $1`,
      ),
    ).toBeGreaterThanOrEqual(12);
    // A year of history takes about 20 s alone and more on a shared machine.
  }, 120_000);
});
