// Content influence over a generated year (src/demo: pages, downloads, e-mails, webinars, sales'
// answers), with one asset planted before most wins: the report must put it on top of the gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantAssetBeforeQualifying } from '../../test/support/seed-rows.js';
import { loadWorkspace } from '../demo/load.js';
import { ensureSalesTeams } from '../demo/sales-team.js';
import { addMonths, monthOf } from '../domain/report-months.js';
import { reportFilters } from '../domain/report-query.js';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { DEMO_MEMBERS } from './demo-workspace.js';
import { contentInfluence } from './report-influence.js';
import { addUser } from './workspaces.js';

const ACTOR = { type: 'system' as const, id: null, label: 'test' };
const PLANTED = 'Competitive battlecard';
const NOW = new Date();
let db: Db;
let workspaceId: string;
let wins: number;

beforeAll(async () => {
  db = await openTestDb();
  const deps = testDeps(db);
  const { workspace } = await makeWorkspace(deps);
  workspaceId = workspace.id;
  await db.transaction(async (tx) => {
    for (const m of DEMO_MEMBERS)
      await addUser(tx, ACTOR, workspace.id, { ...m, email: `${workspace.slug}-${m.email}`, password: null });
  });
  await ensureSalesTeams(deps, workspace.id);
  await loadWorkspace(deps, workspace.id, {
    scale: { leads: 400, visitorsPerLead: 0.2, months: 12, leadsPerAccount: 2 },
    seed: 21,
    now: NOW,
    answerQualifiedBefore: new Date(NOW.getTime() - 30 * 86_400_000),
  });
  // The plant: three of every four won leads downloaded the battlecard a day before they first
  // qualified, and so did a few leads that never won (one in forty of the rest).
  const planted = await plantAssetBeforeQualifying(db, workspaceId, PLANTED);
  wins = planted.won;
}, 600_000);

afterAll(() => db.close());

describe('content influence on a generated workspace', () => {
  it('finds the asset planted before wins on top of the gap and of the touches', async () => {
    expect(wins).toBeGreaterThan(5);
    const filters = reportFilters({ from: addMonths(monthOf(NOW), -12), to: monthOf(NOW) }, NOW);
    const report = await contentInfluence(testDeps(db), workspaceId, filters, 20);
    const base = report.base[0]!;
    expect(base.leads).toBeGreaterThan(300);
    expect(base.stages.won.reached).toBeGreaterThan(0);

    expect(report.gap[0]).toMatchObject({ kind: 'asset', touch: PLANTED, isGap: true });
    expect(report.rows[0]!.touch).toBe(PLANTED);
    const won = report.gap[0]!.stages.won;
    expect(won.reached).toBe(wins);
    expect(won.lift!).toBeGreaterThan(3);
    // The generator's own touches are there too: pages by path, downloads by asset, campaigns, events.
    const kinds = new Set(report.rows.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['asset', 'campaign', 'event', 'page']);
    expect(report.rows.some((r) => r.kind === 'page' && r.touch === '/pricing')).toBe(true);
    // Small samples show their counts but no lift.
    for (const r of report.rows)
      for (const f of Object.values(r.stages)) if (f.exposed < 20) expect(f.lift).toBeNull();
  });
});
