// Undo of a whole import (EspoCRM's revert): what it created is removed, what it updated is put
// back as it was. A finished, stopped, failed, cancelled or interrupted import can be undone alike:
// each batch recorded what it changed in the same transaction as the change.
import { AppError, notFound } from '../domain/errors.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/db.js';
import { deleteImportedAccounts, deleteImportedLeads, restoreRecords } from '../store/import-writes.js';
import { type ImportRecord, getImport, importChangesOf, markImportUndone } from '../store/imports.js';
import type { Deps } from './deps.js';
import { undoKindChanges } from './import-kinds/index.js';
import { readImport } from './imports.js';

/**
 * Undoes a whole import: leads and accounts it created are removed (a lead with everything about
 * it), records it updated are put back exactly as they were before it. Later changes to those
 * records are overwritten: the workspace returns to how it was before the import.
 */
export async function undoImport(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  id: string,
): Promise<ImportRecord> {
  await deps.db.transaction(async (tx: Queryable) => {
    const record = await getImport(tx, workspaceId, id, { lock: true });
    if (!record) throw notFound('Import');
    if (record.status === 'running') throw new AppError('conflict', 'The import is still running.');
    if (record.status === 'undone') throw new AppError('conflict', 'The import was already undone.');
    const changes = await importChangesOf(tx, workspaceId, id);
    await undoKindChanges(tx, workspaceId, record.kind, changes);
    const of = (entity: 'lead' | 'account', action: 'created' | 'updated') =>
      changes.filter((c) => c.entity === entity && c.action === action);
    await restoreRecords(
      tx,
      workspaceId,
      'lead',
      of('lead', 'updated').map((c) => c.previous!),
    );
    await deleteImportedLeads(
      tx,
      workspaceId,
      of('lead', 'created').map((c) => c.entityId),
    );
    await restoreRecords(
      tx,
      workspaceId,
      'account',
      of('account', 'updated').map((c) => c.previous!),
    );
    await deleteImportedAccounts(
      tx,
      workspaceId,
      of('account', 'created').map((c) => c.entityId),
    );
    await markImportUndone(tx, workspaceId, id);
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'import.undone',
      { type: 'import', id },
      {
        removed: changes.filter((c) => c.action === 'created').length,
        restored: changes.filter((c) => c.action === 'updated').length,
      },
    );
  });
  return readImport(deps, workspaceId, id);
}
