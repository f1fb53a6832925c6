// Marketing's commitment early in a period: a pace, not a bare count of a month that has just begun.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps, type TestWorkspace } from '../../test/support/fixtures.js';
import { insertLead } from '../../test/support/seed-rows.js';
import { marketingCommitment } from './marketing-commitment.js';

let db: Db;
let ws: TestWorkspace;

beforeAll(async () => {
  db = await openTestDb();
  ws = await makeWorkspace(testDeps(db));
  // Four MQLs on 1 and 2 November.
  for (const day of ['01', '01', '02', '02']) {
    const lead = await insertLead(db, ws.workspace.id);
    await db.query(
      `insert into transitions (workspace_id, lead_id, from_stage, to_stage, at, actor_type, actor_label, reason,
                                agreement_version)
       values ($1, $2, 'lead', 'mql', $3, 'system', 'test', 'seeded', 1)`,
      [ws.workspace.id, lead, `2026-11-${day}T10:00:00Z`],
    );
  }
});

afterAll(() => db.close());

const at = (iso: string) => testDeps(db, () => new Date(iso));

describe("marketing's commitment, early in the period", () => {
  it('projects where the month ends at the pace so far, once a day has gone by', async () => {
    // Two days of thirty gone, four MQLs: on pace for 60.
    const s = await marketingCommitment(at('2026-11-03T00:00:00Z'), ws.workspace.id, '2026-11');
    expect(s.mqls).toBe(4);
    expect(s.elapsed).toBeCloseTo(2 / 30);
    expect(s.projected).toBe(60);
  });

  it('has no projection in its first day, and none to make once the period has ended', async () => {
    const first = await marketingCommitment(at('2026-11-01T12:00:00Z'), ws.workspace.id, '2026-11');
    expect(first.projected).toBeNull();
    const after = await marketingCommitment(at('2026-12-15T00:00:00Z'), ws.workspace.id, '2026-11');
    expect(after).toMatchObject({ elapsed: 1, projected: 4 });
  });
});
