// The lead marks a history import keeps for undo (see store/import-history-writes.ts): taken once
// per lead and import — the first mark is the lead as it was before the import.
import { randomUUID } from 'node:crypto';
import type { ImportChange } from '../../store/imports.js';
import { type LeadMark, markLeads, rollBackLeads } from '../../store/import-history-writes.js';
import type { Queryable } from '../../store/db.js';
import type { KindChange } from './handler.js';

/** Changes recording the marks of these leads, taken now (before the batch writes). */
export async function leadMarkChanges(
  tx: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<KindChange[]> {
  const marks = await markLeads(tx, workspaceId, [...new Set(leadIds)]);
  return marks.map((m) => ({
    entity: 'lead-before',
    entityId: randomUUID(),
    action: 'updated',
    previous: m as unknown as Record<string, unknown>,
  }));
}

/** Rolls each marked lead back to its earliest mark of this import. */
export async function rollBackMarkedLeads(
  tx: Queryable,
  workspaceId: string,
  changes: readonly ImportChange[],
): Promise<void> {
  const earliest = new Map<string, LeadMark>();
  for (const c of changes) {
    if (c.entity !== 'lead-before' || !c.previous) continue;
    const m = c.previous as unknown as LeadMark;
    const seen = earliest.get(m.leadId);
    if (!seen || new Date(m.at).getTime() < new Date(seen.at).getTime()) earliest.set(m.leadId, m);
  }
  await rollBackLeads(tx, workspaceId, [...earliest.values()]);
}
