// The import kinds beyond leads and accounts (opportunities, activities, stage changes, CRM status
// changes, spend): each a handler the batch calls with its rows. A handler plans its rows against
// the workspace (create, update, unchanged, rejected), writes them unless it is a dry run, and says
// what it changed so undo can take it back.
import type { ImportKind } from '../../domain/import-fields.js';
import type { MappedRow, RowProblem } from '../../domain/import-mapping.js';
import type { ClaimedKeys, ImportPlan, PlannedRow } from '../../domain/import-plan.js';
import type { AuditActor } from '../../store/audit-log.js';
import type { Queryable } from '../../store/db.js';
import type { ImportChange } from '../../store/imports.js';
import type { ValueOptions } from '../../domain/import-mapping.js';
import { findCrmLeadIds } from '../../store/crm-status-changes.js';

export interface KindContext {
  workspaceId: string;
  kind: ImportKind;
  actor: AuditActor;
  now: Date;
  /** Fields the mapping sets, and the column each comes from (for the error report). */
  columns: Readonly<Record<string, string>>;
  options: ValueOptions;
}

export type KindChange = Pick<ImportChange, 'entity' | 'entityId' | 'action' | 'previous'>;

export interface KindHandler {
  runBatch(
    tx: Queryable,
    ctx: KindContext,
    rows: readonly PlannedRow[],
    claimed: ClaimedKeys,
    write: boolean,
  ): Promise<{ plan: ImportPlan; changes: KindChange[] }>;
  /** Takes back what this kind's changes recorded (the import's changes of every entity are given). */
  undo(tx: Queryable, workspaceId: string, changes: readonly ImportChange[]): Promise<void>;
}

export const emptyPlan = (): ImportPlan => ({ creates: [], updates: [], unchanged: 0, rejected: [] });

/** A refusal naming the field's column (or the row as a whole when the field has none). */
export function refuse(
  plan: ImportPlan,
  ctx: KindContext,
  row: number,
  field: string | null,
  fields: MappedRow,
  reason: string,
): void {
  const column = field ? (ctx.columns[field] ?? null) : null;
  const raw = field ? fields[field] : null;
  const value =
    raw === null || raw === undefined ? null : raw instanceof Date ? raw.toISOString() : String(raw);
  const problem: RowProblem = { column, value, reason };
  plan.rejected.push({ row, problems: [problem] });
}

/** Claims the row's key for the file; answers the earlier row that holds it, if any. */
export function claim(claimed: ClaimedKeys, key: string, row: number): number | null {
  const earlier = claimed.get(key);
  if (earlier !== undefined) return earlier;
  claimed.set(key, row);
  return null;
}

/** A text field's value, or null when it is empty or not text. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The lead each row names (its e-mail, else its record id), null where it names none of this
 * workspace, in one read.
 */
export function findRowLeads(
  tx: Queryable,
  ctx: KindContext,
  rows: readonly { fields: MappedRow }[],
): Promise<(string | null)[]> {
  return findCrmLeadIds(
    tx,
    ctx.workspaceId,
    rows.map(({ fields }) =>
      str(fields.leadEmail) ? { email: str(fields.leadEmail)! } : { externalId: str(fields.leadExternalId)! },
    ),
  );
}

/** Refuses a row whose lead reference (e-mail, else record id) names no lead of the workspace. */
export function refuseUnknownLead(plan: ImportPlan, ctx: KindContext, row: number, fields: MappedRow): void {
  const field = str(fields.leadEmail) ? 'leadEmail' : 'leadExternalId';
  refuse(plan, ctx, row, field, fields, 'names no lead of this workspace');
}
