// An admin keeps the workspace's reject reasons: adds its own codes (label, destination, cool-off,
// whether a note is required), renames built-in ones (never deletes them), deletes its own.
// Every change is audited; rejections validate against the result at once.
import { AppError } from '../domain/errors.js';
import {
  type ReasonChange,
  type WorkspaceRejectReason,
  decideReasonChange,
  isBuiltInReason,
  listRejectReasons,
} from '../domain/reject-reasons.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { deleteCustomReasonCode, listReasonCodes, upsertReasonCode } from '../store/reject-reason-codes.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';

/** The reasons people choose from when rejecting, in the order they are offered. */
export async function workspaceRejectReasons(
  q: Queryable,
  workspaceId: string,
): Promise<WorkspaceRejectReason[]> {
  return listRejectReasons((await loadActiveAgreement(q, workspaceId)).agreement);
}

const STATUS = { conflict: 'conflict', not_found: 'not_found', built_in: 'validation_failed' } as const;

/** Adds a custom code or changes one (a built-in: its label only); returns the reason as it now is. */
export function changeRejectReason(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  change: ReasonChange,
): Promise<WorkspaceRejectReason> {
  return deps.db.transaction(async (tx) => {
    const decision = decideReasonChange(await listReasonCodes(tx, workspaceId), change);
    if (!decision.ok) {
      throw new AppError(STATUS[decision.code], `${decision.field}: ${decision.message}`, [
        { field: decision.field, message: decision.message },
      ]);
    }
    await upsertReasonCode(tx, workspaceId, decision.row, deps.clock());
    await recordAudit(
      tx,
      workspaceId,
      actor,
      change.kind === 'create' ? 'reject_reason.created' : 'reject_reason.updated',
      { type: 'reject_reason', id: change.code },
      { ...decision.row },
    );
    const reason = (await workspaceRejectReasons(tx, workspaceId)).find((r) => r.code === change.code);
    if (!reason) throw new Error(`reject reason ${change.code} vanished after saving`);
    return reason;
  });
}

/** Deletes one of the workspace's own codes; leads rejected with it keep it in their history. */
export function deleteRejectReason(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  code: string,
): Promise<void> {
  return deps.db.transaction(async (tx) => {
    if (isBuiltInReason(code)) {
      throw new AppError('conflict', `"${code}" is a built-in reason: rename it instead`, [
        { field: 'code', message: 'is a built-in reason: rename it instead' },
      ]);
    }
    if (!(await deleteCustomReasonCode(tx, workspaceId, code))) {
      throw new AppError('not_found', `No reject reason "${code}"`);
    }
    await recordAudit(tx, workspaceId, actor, 'reject_reason.deleted', { type: 'reject_reason', id: code });
  });
}
