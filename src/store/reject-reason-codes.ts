// The workspace's own reject reason codes and its new labels for built-in ones.
import type { RejectDestination, RejectReasonCodeRow } from '../domain/reject-reasons.js';
import type { Queryable } from './db.js';

interface Row {
  code: string;
  label: string;
  is_built_in: boolean;
  destination: RejectDestination | null;
  cool_off_days: number | null;
  note_required: boolean | null;
}

export const toReasonCodeRow = (r: Row): RejectReasonCodeRow => ({
  code: r.code,
  label: r.label,
  isBuiltIn: r.is_built_in,
  destination: r.destination,
  coolOffDays: r.cool_off_days,
  noteRequired: r.note_required,
});

/** The rows as a json_agg subquery for the statement that reads the active agreement (no extra round trip). */
export const REASON_CODES_JSON = `coalesce((select json_agg(json_build_object(
    'code', r.code, 'label', r.label, 'is_built_in', r.is_built_in, 'destination', r.destination,
    'cool_off_days', r.cool_off_days, 'note_required', r.note_required) order by r.code)
  from reject_reason_codes r where r.workspace_id = $1), '[]'::json)`;

export async function listReasonCodes(q: Queryable, workspaceId: string): Promise<RejectReasonCodeRow[]> {
  const rows = await q.query<Row>(`select * from reject_reason_codes where workspace_id = $1 order by code`, [
    workspaceId,
  ]);
  return rows.map(toReasonCodeRow);
}

export async function upsertReasonCode(
  q: Queryable,
  workspaceId: string,
  row: RejectReasonCodeRow,
  now: Date,
): Promise<void> {
  await q.query(
    `insert into reject_reason_codes (workspace_id, code, label, is_built_in, destination, cool_off_days, note_required, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (workspace_id, code) do update set label = excluded.label, destination = excluded.destination,
       cool_off_days = excluded.cool_off_days, note_required = excluded.note_required, updated_at = excluded.updated_at`,
    [
      workspaceId,
      row.code,
      row.label,
      row.isBuiltIn,
      row.destination,
      row.coolOffDays,
      row.noteRequired,
      now.toISOString(),
    ],
  );
}

/** Deletes a custom code; false when there was none (built-in rows are never deleted here). */
export async function deleteCustomReasonCode(
  q: Queryable,
  workspaceId: string,
  code: string,
): Promise<boolean> {
  const rows = await q.query(
    `delete from reject_reason_codes where workspace_id = $1 and code = $2 and not is_built_in returning code`,
    [workspaceId, code],
  );
  return rows.length > 0;
}
