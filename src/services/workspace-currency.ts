// The workspace's one reporting currency: every amount Tandem stores (deals, spend, revenue goals)
// and every report sums is in it, since amounts in another are refused where they come in. An admin
// chooses it before any amount is recorded; afterwards a change would silently relabel them.
import { AppError } from '../domain/errors.js';
import { isCurrencyCode, workspaceCurrency } from '../domain/opportunities.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { getWorkspace, hasAmounts, lockWorkspace, setWorkspaceSetting } from '../store/workspaces.js';
import type { Deps } from './deps.js';

export async function reportingCurrency(q: Queryable, workspaceId: string): Promise<string> {
  const workspace = await getWorkspace(q, workspaceId);
  return workspaceCurrency(workspace?.settings ?? {});
}

/** Sets the workspace's currency; refused (409) once a deal, spend or a money goal is recorded in another. */
export function setWorkspaceCurrency(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  currency: string,
): Promise<string> {
  const code = currency.trim().toUpperCase();
  if (!isCurrencyCode(code))
    throw new AppError('validation_failed', `currency: "${currency}" is not an ISO 4217 currency code`, [
      { field: 'currency', message: `"${currency}" is not an ISO 4217 currency code` },
    ]);
  return deps.db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const before = await reportingCurrency(tx, workspaceId);
    if (before === code) return code;
    if (await hasAmounts(tx, workspaceId)) {
      const message = `the workspace already records amounts in ${before} (deals, spend or money goals); amounts are not converted`;
      throw new AppError('conflict', `currency: ${message}`, [{ field: 'currency', message }]);
    }
    await setWorkspaceSetting(tx, workspaceId, 'currency', code);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'workspace.currency_set',
      { type: 'workspace', id: workspaceId },
      { currency: code, previous: before },
    );
    return code;
  });
}
