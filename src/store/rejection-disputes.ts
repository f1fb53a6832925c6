// Disputed rejections: marketing opens one, a sales manager closes it as upheld or reversed.
import type { Queryable } from './db.js';

export type DisputeStatus = 'open' | 'upheld' | 'reversed';

interface Who {
  type: string;
  id: string | null;
  label: string;
}

export interface Dispute {
  id: string;
  leadId: string;
  rejectionTransitionId: number;
  rejectedFrom: string;
  rejectedTo: string;
  reasonCode: string;
  status: DisputeStatus;
  openedBy: Who;
  note: string;
  openedAt: Date;
  resolvedBy: Who | null;
  resolutionNote: string | null;
  resolvedAt: Date | null;
  reversalTransitionId: number | null;
}

interface DisputeRow {
  id: string;
  lead_id: string;
  rejection_transition_id: number;
  rejected_from: string;
  rejected_to: string;
  reason_code: string;
  status: DisputeStatus;
  opened_by_type: string;
  opened_by_id: string | null;
  opened_by_label: string;
  note: string;
  opened_at: Date;
  resolved_by_type: string | null;
  resolved_by_id: string | null;
  resolved_by_label: string | null;
  resolution_note: string | null;
  resolved_at: Date | null;
  reversal_transition_id: number | null;
}

const toDispute = (r: DisputeRow): Dispute => ({
  id: r.id,
  leadId: r.lead_id,
  rejectionTransitionId: Number(r.rejection_transition_id),
  rejectedFrom: r.rejected_from,
  rejectedTo: r.rejected_to,
  reasonCode: r.reason_code,
  status: r.status,
  openedBy: { type: r.opened_by_type, id: r.opened_by_id, label: r.opened_by_label },
  note: r.note,
  openedAt: r.opened_at,
  resolvedBy:
    r.resolved_by_type !== null
      ? { type: r.resolved_by_type, id: r.resolved_by_id, label: r.resolved_by_label ?? '' }
      : null,
  resolutionNote: r.resolution_note,
  resolvedAt: r.resolved_at,
  reversalTransitionId: r.reversal_transition_id === null ? null : Number(r.reversal_transition_id),
});

export async function insertDispute(
  q: Queryable,
  workspaceId: string,
  d: {
    leadId: string;
    rejectionTransitionId: number;
    rejectedFrom: string;
    rejectedTo: string;
    reasonCode: string;
    openedBy: Who;
    note: string;
    at: Date;
  },
): Promise<Dispute> {
  const rows = await q.query<DisputeRow>(
    `insert into rejection_disputes (workspace_id, lead_id, rejection_transition_id, rejected_from, rejected_to,
       reason_code, status, opened_by_type, opened_by_id, opened_by_label, note, opened_at)
     values ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11) returning *`,
    [
      workspaceId,
      d.leadId,
      d.rejectionTransitionId,
      d.rejectedFrom,
      d.rejectedTo,
      d.reasonCode,
      d.openedBy.type,
      d.openedBy.id,
      d.openedBy.label,
      d.note,
      d.at.toISOString(),
    ],
  );
  return toDispute(rows[0]!);
}

export async function getDispute(q: Queryable, workspaceId: string, id: string): Promise<Dispute | null> {
  const rows = await q.query<DisputeRow>(
    `select * from rejection_disputes where workspace_id = $1 and id = $2`,
    [workspaceId, id],
  );
  return rows[0] ? toDispute(rows[0]) : null;
}

/** The lead's open dispute, if any (at most one: a partial unique index). */
export async function openDisputeOfLead(
  q: Queryable,
  workspaceId: string,
  leadId: string,
): Promise<Dispute | null> {
  const rows = await q.query<DisputeRow>(
    `select * from rejection_disputes where workspace_id = $1 and lead_id = $2 and status = 'open'`,
    [workspaceId, leadId],
  );
  return rows[0] ? toDispute(rows[0]) : null;
}

export async function disputesOfLead(q: Queryable, workspaceId: string, leadId: string): Promise<Dispute[]> {
  const rows = await q.query<DisputeRow>(
    `select * from rejection_disputes where workspace_id = $1 and lead_id = $2 order by opened_at, id`,
    [workspaceId, leadId],
  );
  return rows.map(toDispute);
}

/** Closes an open dispute; null when it was no longer open. */
export async function resolveDisputeRow(
  q: Queryable,
  workspaceId: string,
  id: string,
  r: {
    status: 'upheld' | 'reversed';
    by: Who;
    note: string | null;
    at: Date;
    reversalTransitionId: number | null;
  },
): Promise<Dispute | null> {
  const rows = await q.query<DisputeRow>(
    `update rejection_disputes
        set status = $3, resolved_by_type = $4, resolved_by_id = $5, resolved_by_label = $6,
            resolution_note = $7, resolved_at = $8, reversal_transition_id = $9
      where workspace_id = $1 and id = $2 and status = 'open' returning *`,
    [
      workspaceId,
      id,
      r.status,
      r.by.type,
      r.by.id,
      r.by.label,
      r.note,
      r.at.toISOString(),
      r.reversalTransitionId,
    ],
  );
  return rows[0] ? toDispute(rows[0]) : null;
}
