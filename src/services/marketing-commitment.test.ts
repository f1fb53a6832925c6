// Marketing's commitment on the Marketing page: each period is held against the agreement that was in
// force when it ran (nothing before the first one), and the parts committed per segment or territory
// are counted beside the whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementInput } from '../domain/agreement.js';
import { defaultAgreement } from '../domain/default-agreement.js';
import type { Db } from '../store/db.js';
import { openTestDb } from '../../test/support/database.js';
import { makeWorkspace, testDeps } from '../../test/support/fixtures.js';
import { insertLead, insertTransitions } from '../../test/support/seed-rows.js';
import { activateAgreement, saveDraft } from './agreements.js';
import type { Deps } from './deps.js';
import { marketingCommitment } from './marketing-commitment.js';

const ACTOR = { type: 'system', id: null, label: 'test' } as const;
let db: Db;
let now: Date;
let deps: Deps;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db, () => now);
});
afterAll(async () => {
  await db.close();
});

describe("marketing's commitment", () => {
  it('holds a period against the terms then in force, and counts each committed segment', async () => {
    now = new Date('2026-03-20T12:00:00Z');
    const ws = await makeWorkspace(deps);
    const id = ws.workspace.id;
    // The workspace (and its first agreement, 150 a month) began on 20 March 2026.
    const march = await marketingCommitment(deps, id, '2026-03');
    expect(march.commitment).toEqual({ mqls: 150, minAcceptanceRate: 0.6 });
    const february = await marketingCommitment(deps, id, '2026-02');
    expect(february).toMatchObject({ commitment: null, isVolumeOnTrack: null, expectedByNow: 0 });

    // On 1 May a second version commits 200, 120 of them in SaaS and 50 in EMEA.
    now = new Date('2026-05-01T09:00:00Z');
    const next: AgreementInput = defaultAgreement();
    next.marketing = {
      ...next.marketing,
      mqlCommitment: 200,
      segments: [
        { dimension: 'segment', value: 'SaaS', mqlCommitment: 120 },
        { dimension: 'territory', value: 'EMEA', mqlCommitment: 50 },
      ],
    };
    await saveDraft(deps, ACTOR, id, { document: next }, 'per segment');
    await activateAgreement(deps, ACTOR, id);
    const saas = await insertLead(db, id, { industry: 'SaaS', region: 'EMEA' });
    const retail = await insertLead(db, id, { industry: 'Retail', region: 'AMER' });
    await insertTransitions(db, id, saas, [
      ['lead', '2026-05-02T10:00:00Z'],
      ['mql', '2026-05-03T10:00:00Z'],
    ]);
    await insertTransitions(db, id, retail, [
      ['lead', '2026-05-02T10:00:00Z'],
      ['mql', '2026-05-04T10:00:00Z'],
    ]);

    now = new Date('2026-05-16T12:00:00Z');
    // April ended under the first version; May runs under the second.
    expect((await marketingCommitment(deps, id, '2026-04')).commitment?.mqls).toBe(150);
    const may = await marketingCommitment(deps, id);
    expect(may).toMatchObject({ period: '2026-05', mqls: 2, commitment: { mqls: 200 } });
    // 15.5 of May's 31 days: half the period, so half of each part is expected by now.
    expect(may.expectedByNow).toBe(100);
    expect(may.segments).toEqual([
      { dimension: 'segment', value: 'SaaS', committed: 120, mqls: 1, expectedByNow: 60 },
      { dimension: 'territory', value: 'EMEA', committed: 50, mqls: 1, expectedByNow: 25 },
    ]);
  });
});
