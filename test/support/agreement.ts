// Changing a workspace's agreement in a test: edit the active document, save it as the draft and
// activate it (which starts a rescore run), all on the caller's clock.
import type { Agreement } from '../../src/domain/agreement.js';
import { activateAgreement, readAgreements, saveDraft } from '../../src/services/agreements.js';
import type { Deps } from '../../src/services/deps.js';

const ADMIN = { type: 'system' as const, id: null, label: 'test' };

/** Saves and activates the active agreement as `edit` changes it; returns the new version and its rescore run. */
export async function changeAgreement(
  deps: Deps,
  workspaceId: string,
  edit: (doc: Agreement) => void,
): Promise<{ version: number; rescoreRunId: string }> {
  const { active } = await readAgreements(deps, workspaceId);
  const doc = structuredClone(active.document) as Agreement;
  edit(doc);
  await saveDraft(deps, ADMIN, workspaceId, { document: doc }, 'test');
  const { version, rescoreRunId } = await activateAgreement(deps, ADMIN, workspaceId);
  return { version: version.version, rescoreRunId };
}
