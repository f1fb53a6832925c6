// The handlers of the import kinds beyond leads and accounts, and the undo of what they changed.
import type { ImportKind } from '../../domain/import-fields.js';
import type { Queryable } from '../../store/db.js';
import type { ImportChange } from '../../store/imports.js';
import { activitiesHandler } from './activities.js';
import { crmStatusHandler } from './crm-status.js';
import type { KindHandler } from './handler.js';
import { rollBackMarkedLeads } from './lead-marks.js';
import { opportunitiesHandler } from './opportunities.js';
import { repsHandler } from './reps.js';
import { spendHandler } from './spend.js';
import { stageChangesHandler } from './stage-changes.js';

const HANDLERS: Partial<Record<ImportKind, KindHandler>> = {
  opportunities: opportunitiesHandler,
  activities: activitiesHandler,
  'crm-status': crmStatusHandler,
  'stage-changes': stageChangesHandler,
  spend: spendHandler,
  reps: repsHandler,
};

/** The handler of a kind, or null for leads and accounts (import-batch.ts writes those). */
export function kindHandler(kind: ImportKind): KindHandler | null {
  return HANDLERS[kind] ?? null;
}

/**
 * Takes back what the kinds' handlers changed: each kind's own records, then every lead a history
 * import moved, back to how it was before the import (before leads and accounts are undone).
 */
export async function undoKindChanges(
  tx: Queryable,
  workspaceId: string,
  kind: ImportKind,
  changes: readonly ImportChange[],
): Promise<void> {
  await kindHandler(kind)?.undo(tx, workspaceId, changes);
  await rollBackMarkedLeads(tx, workspaceId, changes);
}
