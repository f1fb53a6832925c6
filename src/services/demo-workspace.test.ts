// The demo beside company workspaces: starting it and re-creating it never touch another workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTestDemo } from '../../test/support/demo-seed.js';
import type { Db } from '../store/db.js';
import { transitions } from '../store/schema/index.js';
import { storedRows } from '../../test/support/stored-rows.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import { openTestDb } from '../../test/support/database.js';
import { settled, testApp, testDeps } from '../../test/support/fixtures.js';
import { workspaceFingerprint } from '../../test/support/workspace-fingerprint.js';
import { agreementsInForce } from './agreements.js';
import { DEMO_SLUG, ensureDemoWorkspace } from './demo-workspace.js';
import type { Deps } from './deps.js';
import { createCompanyWorkspace } from './setup.js';
import { createTeam, setTeamMember } from './teams.js';
import { addUser } from './workspaces.js';

let db: Db;
let deps: Deps;

beforeAll(async () => {
  db = await openTestDb();
  deps = testDeps(db);
});
afterAll(async () => {
  await db.close();
});

const ACTOR = { type: 'cli' as const, id: null, label: 'test' };

/** A company workspace with people, a team, leads, events, scores and hand-offs of its own. */
async function companyWithData(slug: string): Promise<string> {
  const { workspace, writeKey } = await createCompanyWorkspace(deps, ACTOR, {
    slug,
    name: 'Company beside the demo',
    timeZone: 'Europe/Berlin',
    admin: { name: 'Ada', email: `ada@${slug}.example`, password: 'lantern orchard velvet 42' },
  });
  const rep = await db.transaction((tx) =>
    addUser(tx, ACTOR, workspace.id, {
      email: `rep@${slug}.example`,
      name: 'Rey Rep',
      role: 'sales_rep',
      password: null,
    }),
  );
  const team = await createTeam(deps, ACTOR, workspace.id, { key: 'emea', name: 'EMEA' });
  await setTeamMember(deps, ACTOR, workspace.id, {
    teamId: team.id,
    userId: rep.id,
    weight: 1,
    capacity: 10,
    active: true,
  });
  const app = await testApp(deps);
  try {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: {
        batch: [
          {
            type: 'identify',
            userId: 'buyer-1',
            traits: { email: 'buyer@bigco.example', title: 'VP Marketing', employees: 500, country: 'DE' },
          },
          { type: 'page', userId: 'buyer-1', name: 'Pricing', properties: { path: '/pricing' } },
          { type: 'track', userId: 'buyer-1', event: 'Demo Requested', properties: {} },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    await settled(app);
  } finally {
    await app.close();
  }
  return workspace.id;
}

describe('the demo workspace beside company workspaces', () => {
  it('is created (as `serve --demo` does) and re-created (as `tandem demo` does) without touching another workspace', async () => {
    const slug = `beside-${Date.now().toString(36)}`;
    const companyId = await companyWithData(slug);
    const before = await workspaceFingerprint(db, companyId);
    expect(before.leads?.rows).toBe(1);
    expect(before.events?.rows).toBe(3);
    expect(before.users?.rows).toBe(2);

    // `serve --demo` on a database with a company workspace: the demo is made beside it.
    const first = await ensureDemoWorkspace(deps, { replace: false, seed: seedTestDemo });
    expect(await workspaceFingerprint(db, companyId)).toEqual(before);

    // `tandem demo`: the demo is purged and made again, with its whole generated history.
    const again = await ensureDemoWorkspace(deps, { replace: true, seed: seedTestDemo });
    expect(again).toMatchObject({ created: true });
    expect(again.workspaceId).not.toBe(first.workspaceId);
    expect((await workspaceFingerprint(db, again.workspaceId)).leads?.rows).toBeGreaterThan(0);
    expect(await workspaceFingerprint(db, companyId)).toEqual(before);
    expect((await findWorkspaceBySlug(db, slug))?.id).toBe(companyId);
    expect((await findWorkspaceBySlug(db, DEMO_SLUG))?.id).toBe(again.workspaceId);

    // Its year of history happened under its agreement: the workspace and version 1 of the agreement
    // are in force from the history's first day, so past months are judged against their commitment.
    const demo = (await findWorkspaceBySlug(db, DEMO_SLUG))!;
    const [version1] = await agreementsInForce(db, demo.id);
    expect(version1?.since.getTime()).toBe(demo.createdAt.getTime());
    expect(Date.now() - demo.createdAt.getTime()).toBeGreaterThan(360 * 86_400_000);
    const [oldest] = await storedRows(db, transitions, { workspaceId: demo.id }, ['at']);
    expect(oldest!.at.getTime()).toBeGreaterThanOrEqual(demo.createdAt.getTime());
  }, 600_000);
});
