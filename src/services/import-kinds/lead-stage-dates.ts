// A leads file's stage dates (HubSpot's "Became a … Date" columns): after the leads are written,
// each date is a historical move of its lead into that stage, in funnel order, through the engine.
import { stageDateFields } from '../../domain/import-mapping.js';
import type { MappedRow } from '../../domain/import-mapping.js';
import type { Stage } from '../../domain/stages.js';
import type { AuditActor } from '../../store/audit-log.js';
import type { Queryable } from '../../store/db.js';
import type { KindChange } from './handler.js';
import { leadMarkChanges } from './lead-marks.js';
import { applyHistoricalMoves, type HistoricalMove } from './stage-changes.js';

const FIELDS = stageDateFields('leads');

/** Makes the rows' stage-date moves; answers the marks of the updated leads it moved (for undo). */
export async function leadStageDates(
  tx: Queryable,
  ctx: { workspaceId: string; actor: AuditActor; now: Date },
  rows: readonly { leadId: string; fields: MappedRow; created: boolean }[],
): Promise<KindChange[]> {
  const moves: HistoricalMove[] = [];
  const marked: string[] = [];
  for (const r of rows) {
    // Funnel order first: two stages entered on one day are entered in that order.
    const dated = FIELDS.flatMap(([field, stage], order) => {
      const at = r.fields[field];
      return at instanceof Date ? [{ stage: stage as Stage, at, order }] : [];
    }).sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
    if (dated.length === 0) continue;
    if (!r.created) marked.push(r.leadId);
    for (const d of dated) moves.push({ leadId: r.leadId, stage: d.stage, at: d.at, reason: null });
  }
  if (moves.length === 0) return [];
  // A created lead goes with everything about it on undo; an updated one is rolled back to its mark.
  const changes = await leadMarkChanges(tx, ctx.workspaceId, marked);
  await applyHistoricalMoves(tx, ctx, moves, true);
  return changes;
}
