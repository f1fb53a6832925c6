// Agreement versions: drafts, the active one, and the history of what was in force.
import type { Queryable } from './db.js';
import type { RejectReasonCodeRow } from '../domain/reject-reasons.js';
import { REASON_CODES_JSON, toReasonCodeRow } from './reject-reason-codes.js';
import { rowReader } from './rows.js';
import { agreements } from './schema/index.js';

export type { AgreementStatus } from './schema/index.js';

/** One version of the agreement: every column of `agreements`. */
export type AgreementVersion = typeof agreements.$inferSelect;

const toVersion = rowReader(agreements);

export async function activeAgreementRow(
  q: Queryable,
  workspaceId: string,
): Promise<AgreementVersion | null> {
  const rows = await q.query(`select * from agreements where workspace_id = $1 and status = 'active'`, [
    workspaceId,
  ]);
  return rows[0] ? toVersion(rows[0]) : null;
}

/** Only the version and epoch of the active agreement: the hot path parses its document once per node. */
/** The active version and epoch, with the workspace's own reject reason codes (one statement). */
export async function activeAgreementHead(
  q: Queryable,
  workspaceId: string,
): Promise<{ version: number; epoch: Date; reasonCodes: RejectReasonCodeRow[] } | null> {
  const rows = await q.query<{
    version: number;
    epoch: Date;
    reason_codes: Parameters<typeof toReasonCodeRow>[0][];
  }>(
    `select version, epoch, ${REASON_CODES_JSON} as reason_codes
       from agreements where workspace_id = $1 and status = 'active'`,
    [workspaceId],
  );
  const row = rows[0];
  return row
    ? { version: row.version, epoch: row.epoch, reasonCodes: row.reason_codes.map(toReasonCodeRow) }
    : null;
}

export async function draftAgreementRow(q: Queryable, workspaceId: string): Promise<AgreementVersion | null> {
  const rows = await q.query(`select * from agreements where workspace_id = $1 and status = 'draft'`, [
    workspaceId,
  ]);
  return rows[0] ? toVersion(rows[0]) : null;
}

export async function agreementVersions(q: Queryable, workspaceId: string): Promise<AgreementVersion[]> {
  const rows = await q.query(`select * from agreements where workspace_id = $1 order by version desc`, [
    workspaceId,
  ]);
  return rows.map(toVersion);
}

export async function agreementRow(
  q: Queryable,
  workspaceId: string,
  version: number,
): Promise<AgreementVersion | null> {
  const rows = await q.query(`select * from agreements where workspace_id = $1 and version = $2`, [
    workspaceId,
    version,
  ]);
  return rows[0] ? toVersion(rows[0]) : null;
}

/** Saves the draft: replaces the workspace's one draft, or starts one with the next version number. */
export async function upsertDraft(
  q: Queryable,
  workspaceId: string,
  input: { document: unknown; note: string | null; createdBy: string; epoch: Date },
): Promise<AgreementVersion> {
  const existing = await draftAgreementRow(q, workspaceId);
  if (existing) {
    const rows = await q.query(
      `update agreements set document = $3::jsonb, note = $4, created_by = $5, created_at = now()
        where workspace_id = $1 and version = $2 returning *`,
      [workspaceId, existing.version, JSON.stringify(input.document), input.note, input.createdBy],
    );
    return toVersion(rows[0]!);
  }
  const rows = await q.query(
    `insert into agreements (workspace_id, version, status, document, epoch, note, created_by)
     select $1, coalesce(max(version), 0) + 1, 'draft', $2::jsonb, $3, $4, $5 from agreements where workspace_id = $1
     returning *`,
    [workspaceId, JSON.stringify(input.document), input.epoch.toISOString(), input.note, input.createdBy],
  );
  return toVersion(rows[0]!);
}

/** Makes the draft the active version (retiring the previous one). Returns the activated version. */
export async function activateDraft(
  q: Queryable,
  workspaceId: string,
  input: { activatedBy: string; epoch: Date; at: Date },
): Promise<AgreementVersion | null> {
  const draft = await draftAgreementRow(q, workspaceId);
  if (!draft) return null;
  await q.query(`update agreements set status = 'retired' where workspace_id = $1 and status = 'active'`, [
    workspaceId,
  ]);
  const rows = await q.query(
    `update agreements set status = 'active', activated_at = $3, activated_by = $4, epoch = $5
      where workspace_id = $1 and version = $2 returning *`,
    [workspaceId, draft.version, input.at.toISOString(), input.activatedBy, input.epoch.toISOString()],
  );
  return toVersion(rows[0]!);
}

export async function deleteDraft(q: Queryable, workspaceId: string): Promise<boolean> {
  const rows = await q.query(
    `delete from agreements where workspace_id = $1 and status = 'draft' returning version`,
    [workspaceId],
  );
  return rows.length > 0;
}
