// Discarding the agreement draft deletes it and leaves an audit entry naming who did; with no
// draft there is nothing to discard (not_found) and nothing is recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAgreement } from '../domain/default-agreement.js';
import { AppError } from '../domain/errors.js';
import { draftAgreementRow } from '../store/agreements.js';
import { listAudit } from '../store/audit-log.js';
import type { Db } from '../store/db.js';
import { openTestWorkspace, type TestWorkspace } from '../../test/support/fixtures.js';
import { saveDraft } from './agreements.js';
import type { Deps } from './deps.js';
import { discardDraft } from './discard-draft.js';

let db: Db;
let deps: Deps;
let ws: TestWorkspace;

beforeAll(async () => {
  ({ db, deps, ws } = await openTestWorkspace());
});
afterAll(async () => {
  await db.close();
});

const admin = () => ({ type: 'user' as const, id: ws.admin.id, label: ws.admin.name });
const audit = () => listAudit(db, ws.workspace.id, { limit: 50, beforeId: null });

describe('discarding the agreement draft', () => {
  it('deletes the draft and records who discarded which version', async () => {
    const draft = await saveDraft(deps, admin(), ws.workspace.id, { document: defaultAgreement() }, 'try');
    await discardDraft(deps, admin(), ws.workspace.id);
    expect(await draftAgreementRow(db, ws.workspace.id)).toBeNull();
    const [last] = await audit();
    expect(last).toMatchObject({
      action: 'agreement.draft_discarded',
      actor: admin(),
      targetType: 'agreement',
      targetId: String(draft.version),
    });
  });

  it('refuses with not_found when there is no draft, and records nothing', async () => {
    const before = await audit();
    const err = await discardDraft(deps, admin(), ws.workspace.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'not_found' });
    expect(await audit()).toEqual(before);
  });
});
