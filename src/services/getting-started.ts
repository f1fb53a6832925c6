// The getting-started checklist of a workspace: gather its footprint, decide which steps are done.
import { type GettingStarted, decideGettingStarted } from '../domain/getting-started.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import { GETTING_STARTED_SETTING, workspaceFootprint } from '../store/getting-started.js';
import { getWorkspace, setWorkspaceSetting } from '../store/workspaces.js';
import type { Deps } from './deps.js';

export async function gettingStarted(deps: Deps, workspaceId: string): Promise<GettingStarted> {
  return decideGettingStarted(await workspaceFootprint(deps.db, workspaceId));
}

/** An admin has read the agreement: the checklist's last step. The first time counts; later ones change nothing. */
export async function markAgreementReviewed(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
): Promise<GettingStarted> {
  await deps.db.transaction(async (tx) => {
    const workspace = await getWorkspace(tx, workspaceId);
    const current = (workspace?.settings[GETTING_STARTED_SETTING] ?? {}) as Record<string, unknown>;
    if (current.agreementReviewedAt) return;
    const at = deps.clock().toISOString();
    await setWorkspaceSetting(tx, workspaceId, GETTING_STARTED_SETTING, {
      ...current,
      agreementReviewedAt: at,
    });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'agreement.reviewed',
      { type: 'workspace', id: workspaceId },
      { at },
    );
  });
  return gettingStarted(deps, workspaceId);
}
