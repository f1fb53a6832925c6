import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAgreement } from '../domain/default-agreement.js';
import { openTestDb } from '../../test/support/database.js';
import { testDeps } from '../../test/support/fixtures.js';
import type { Db } from '../store/db.js';
import { findWorkspaceBySlug } from '../store/workspaces.js';
import { loadActiveAgreement } from './agreements.js';
import { demoAgreement } from './demo-workspace.js';
import { createWorkspace } from './workspaces.js';

const ACTOR = { type: 'system' as const, id: null, label: 'test' };
const admin = (slug: string) => ({
  email: `admin@${slug}.test`,
  name: 'Admin',
  role: 'admin' as const,
  password: null,
  passwordHash: 'not-a-real-hash',
  timeZone: 'UTC',
});

describe('creating a workspace', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(() => db.close());

  it('starts on the shipped agreement, or on the one it is given, as version 1', async () => {
    const deps = testDeps(db);
    const plain = `w-${randomUUID().slice(0, 8)}`;
    const { workspace } = await createWorkspace(deps, ACTOR, {
      slug: plain,
      name: 'Plain',
      timeZone: 'UTC',
      admin: admin(plain),
    });
    const shipped = await loadActiveAgreement(db, workspace.id);
    expect(shipped.version).toBe(1);
    expect(shipped.agreement.marketing.mqlCommitment).toBe(150);

    const demo = `w-${randomUUID().slice(0, 8)}`;
    const { workspace: small } = await createWorkspace(deps, ACTOR, {
      slug: demo,
      name: 'Small',
      timeZone: 'UTC',
      admin: admin(demo),
      agreement: demoAgreement(),
    });
    const sized = await loadActiveAgreement(db, small.id);
    expect(sized.version).toBe(1);
    expect(sized.agreement.marketing.mqlCommitment).toBe(70); // the demo's, not the shipped 150
    expect(sized.agreement.qualification).toEqual(defaultAgreement().qualification);
  });

  it('refuses an invalid first agreement, naming the field, and creates nothing', async () => {
    const slug = `w-${randomUUID().slice(0, 8)}`;
    const document = defaultAgreement();
    document.marketing = { ...document.marketing, minAcceptanceRate: 7 };
    await expect(
      createWorkspace(testDeps(db), ACTOR, {
        slug,
        name: 'Broken',
        timeZone: 'UTC',
        admin: admin(slug),
        agreement: { document, note: 'broken' },
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/minAcceptanceRate/),
    });
    expect(await findWorkspaceBySlug(db, slug)).toBeNull();
  });
});
