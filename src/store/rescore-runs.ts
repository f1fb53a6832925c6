// Rescore runs: after an agreement changes, every lead is scored again in chunks, with progress.
import type { Queryable } from './db.js';
import { rowReader } from './rows.js';
import { rescoreRuns } from './schema/index.js';

/** A rescore run: every column of `rescore_runs`. */
export type RescoreRun = typeof rescoreRuns.$inferSelect;

const toRun = rowReader(rescoreRuns);

/** Starts a run over every lead; an older unfinished run of the workspace is superseded. */
export async function startRescoreRun(
  q: Queryable,
  workspaceId: string,
  version: number,
): Promise<RescoreRun> {
  await q.query(
    `update rescore_runs set status = 'superseded', finished_at = now() where workspace_id = $1 and status = 'running'`,
    [workspaceId],
  );
  const rows = await q.query(
    `insert into rescore_runs (workspace_id, agreement_version, status, total)
     select $1, $2, 'running', count(*)::int from leads where workspace_id = $1 and not is_deleted
     returning *`,
    [workspaceId, version],
  );
  return toRun(rows[0]!);
}

/** Claims one running run for this worker (others skip it while it is locked). */
export async function claimRescoreRun(q: Queryable): Promise<RescoreRun | null> {
  const rows = await q.query(
    `select * from rescore_runs where status = 'running' order by started_at limit 1 for update skip locked`,
  );
  return rows[0] ? toRun(rows[0]) : null;
}

export async function advanceRescoreRun(
  q: Queryable,
  run: RescoreRun,
  progress: { processed: number; transitions: number; afterLeadId: string | null; finished: boolean },
): Promise<void> {
  await q.query(
    `update rescore_runs set done = least(total, done + $3), transitions = transitions + $4, after_lead_id = $5,
            status = case when $6 then 'done' else status end,
            finished_at = case when $6 then now() else finished_at end,
            total = case when $6 then greatest(total, done + $3) else total end
      where workspace_id = $1 and id = $2`,
    [
      run.workspaceId,
      run.id,
      progress.processed,
      progress.transitions,
      progress.afterLeadId,
      progress.finished,
    ],
  );
}

export async function failRescoreRun(q: Queryable, run: RescoreRun, error: string): Promise<void> {
  await q.query(
    `update rescore_runs set status = 'failed', error = $3, finished_at = now() where workspace_id = $1 and id = $2`,
    [run.workspaceId, run.id, error],
  );
}

export async function latestRescoreRuns(
  q: Queryable,
  workspaceId: string,
  limit = 10,
): Promise<RescoreRun[]> {
  const rows = await q.query(
    `select * from rescore_runs where workspace_id = $1 order by started_at desc limit $2`,
    [workspaceId, limit],
  );
  return rows.map(toRun);
}

export async function getRescoreRun(
  q: Queryable,
  workspaceId: string,
  id: string,
): Promise<RescoreRun | null> {
  const rows = await q.query(`select * from rescore_runs where workspace_id = $1 and id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? toRun(rows[0]) : null;
}
