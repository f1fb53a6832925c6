// Discarding the agreement draft: an admin action like saving one, so it leaves an audit entry.
import { notFound } from '../domain/errors.js';
import { deleteDraft, draftAgreementRow } from '../store/agreements.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Deps } from './deps.js';

/** Deletes the workspace's draft and records who did; `not_found` when there is none. */
export async function discardDraft(deps: Deps, actor: AuditActor, workspaceId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const draft = await draftAgreementRow(tx, workspaceId);
    if (!draft || !(await deleteDraft(tx, workspaceId))) throw notFound('Draft');
    await recordAudit(tx, workspaceId, actor, 'agreement.draft_discarded', {
      type: 'agreement',
      id: String(draft.version),
    });
  });
}
