// Undo of an import of history (opportunities that move leads, CRM status changes, stage changes,
// activities): before the import first touches a lead, a mark of it is kept — the lead as stored,
// and the newest of its transitions, events and score lines. Undo puts the lead back and removes
// what came after the mark, as the import of leads puts back the leads it changed.
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable, Row } from './db.js';
import { restoreRecords } from './import-writes.js';
import { slaClocks } from './schema/index.js';

export interface LeadMark {
  leadId: string;
  lead: Row;
  transitionId: number;
  eventId: number;
  contributionId: number;
  /** The transaction's time: CRM status changes logged since are the import's. */
  at: string;
  /** The lead's assignments (ids) and SLA clocks (rows) then: a move may add or stop them. */
  assignmentIds: number[];
  slaClocks: Row[];
}

/** The marks of these leads, in one statement (call it before the batch writes anything). */
export async function markLeads(
  q: Queryable,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<LeadMark[]> {
  if (leadIds.length === 0) return [];
  const rows = await q.query<{
    lead_id: string;
    lead: Row;
    transition_id: string | number;
    event_id: string | number;
    contribution_id: string | number;
    at: string;
    assignment_ids: (string | number)[];
    sla_clocks: Row[];
  }>(
    `select l.id as lead_id, row_to_json(l) as lead,
            coalesce((select max(t.id) from transitions t where t.workspace_id = $1 and t.lead_id = l.id), 0) as transition_id,
            coalesce((select max(e.id) from events e where e.workspace_id = $1 and e.lead_id = l.id), 0) as event_id,
            coalesce((select max(c.id) from score_contributions c where c.workspace_id = $1 and c.lead_id = l.id), 0)
              as contribution_id,
            now()::text as at,
            coalesce((select json_agg(a.id) from assignments a where a.workspace_id = $1 and a.lead_id = l.id), '[]')
              as assignment_ids,
            coalesce((select json_agg(row_to_json(c)) from sla_clocks c where c.workspace_id = $1 and c.lead_id = l.id),
                     '[]') as sla_clocks
       from leads l where l.workspace_id = $1 and l.id = any($2::uuid[])`,
    [workspaceId, leadIds],
  );
  return rows.map((r) => ({
    leadId: r.lead_id,
    lead: r.lead,
    transitionId: Number(r.transition_id),
    eventId: Number(r.event_id),
    contributionId: Number(r.contribution_id),
    at: r.at,
    assignmentIds: r.assignment_ids.map(Number),
    slaClocks: r.sla_clocks,
  }));
}

/**
 * Puts each lead back as its mark says: the lead row restored, and its transitions, events, score
 * lines, queued folds and CRM status log since the mark removed (the append-only guard lets this
 * transaction through, as it does an import's undo of created leads).
 */
export async function rollBackLeads(
  q: Queryable,
  workspaceId: string,
  marks: readonly LeadMark[],
): Promise<void> {
  if (marks.length === 0) return;
  const marks$ = JSON.stringify(
    marks.map((m) => ({
      lead_id: m.leadId,
      transition_id: m.transitionId,
      event_id: m.eventId,
      contribution_id: m.contributionId,
      at: m.at,
    })),
  );
  const set = `json_to_recordset($2) as m(lead_id uuid, transition_id bigint, event_id bigint, contribution_id bigint, at timestamptz)`;
  await q.query(`select set_config('tandem.purge', $1, true)`, [workspaceId]);
  await q.query(
    `delete from transitions t using ${set} where t.workspace_id = $1 and t.lead_id = m.lead_id and t.id > m.transition_id`,
    [workspaceId, marks$],
  );
  await q.query(
    `delete from score_contributions c using ${set}
      where c.workspace_id = $1 and c.lead_id = m.lead_id and c.id > m.contribution_id`,
    [workspaceId, marks$],
  );
  await q.query(
    `delete from fold_queue f using ${set} where f.workspace_id = $1 and f.lead_id = m.lead_id and f.event_id > m.event_id`,
    [workspaceId, marks$],
  );
  await q.query(
    `delete from events e using ${set} where e.workspace_id = $1 and e.lead_id = m.lead_id and e.id > m.event_id`,
    [workspaceId, marks$],
  );
  await q.query(
    `delete from crm_status_changes s using ${set}
      where s.workspace_id = $1 and s.lead_id = m.lead_id and s.received_at >= m.at`,
    [workspaceId, marks$],
  );
  for (const m of marks) {
    await q.query(
      `delete from assignments where workspace_id = $1 and lead_id = $2 and id <> all($3::bigint[])`,
      [workspaceId, m.leadId, m.assignmentIds],
    );
    await q.query(
      `delete from sla_clocks where workspace_id = $1 and lead_id = $2 and id <> all($3::uuid[])`,
      [workspaceId, m.leadId, m.slaClocks.map((c) => c.id)],
    );
  }
  const clocks = marks.flatMap((m) => m.slaClocks);
  if (clocks.length > 0) {
    const names = Object.values(getTableColumns(slaClocks) as Record<string, PgColumn>)
      .map((c) => c.name)
      .filter((n) => n !== 'workspace_id' && n !== 'id');
    await q.query(
      `update sla_clocks t set ${names.map((n) => `${n} = p.${n}`).join(', ')}
         from json_populate_recordset(null::sla_clocks, $2) p where t.workspace_id = $1 and t.id = p.id`,
      [workspaceId, JSON.stringify(clocks)],
    );
  }
  await q.query(`select set_config('tandem.purge', '', true)`);
  await restoreRecords(
    q,
    workspaceId,
    'lead',
    marks.map((m) => m.lead),
  );
}

/**
 * Which of these CRM status changes the log holds already (same lead, system, object and status, at
 * or after the date: the engine may have dated it later, never earlier), in one read.
 */
export async function loggedCrmStatuses(
  q: Queryable,
  workspaceId: string,
  items: readonly { leadId: string; system: string; object: string; status: string; at: Date }[],
): Promise<boolean[]> {
  if (items.length === 0) return [];
  const rows = await q.query<{ n: number; found: boolean }>(
    `select i.n, exists (select 1 from crm_status_changes s
                          where s.workspace_id = $1 and s.lead_id = i.lead_id and s.system = i.system
                            and s.object = i.object and s.status = i.status and s.occurred_at >= i.at) as found
       from rows from (json_to_recordset($2::json) as (lead_id uuid, system text, object text, status text, at timestamptz))
            with ordinality as i(lead_id, system, object, status, at, n)`,
    [
      workspaceId,
      JSON.stringify(
        items.map((i) => ({
          lead_id: i.leadId,
          system: i.system,
          object: i.object,
          status: i.status,
          at: i.at,
        })),
      ),
    ],
  );
  const byN = new Map(rows.map((r) => [Number(r.n), r.found]));
  return items.map((_, k) => byN.get(k + 1) === true);
}

/** Which of these moves the lead's history holds already (a transition into the stage at or after the date). */
export async function recordedMoves(
  q: Queryable,
  workspaceId: string,
  items: readonly { leadId: string; stage: string; at: Date }[],
): Promise<boolean[]> {
  if (items.length === 0) return [];
  const rows = await q.query<{ n: number; found: boolean }>(
    `select i.n, exists (select 1 from transitions t
                          where t.workspace_id = $1 and t.lead_id = i.lead_id and t.to_stage = i.stage
                            and t.at >= i.at) as found
       from rows from (json_to_recordset($2::json) as (lead_id uuid, stage text, at timestamptz))
            with ordinality as i(lead_id, stage, at, n)`,
    [workspaceId, JSON.stringify(items.map((i) => ({ lead_id: i.leadId, stage: i.stage, at: i.at })))],
  );
  const byN = new Map(rows.map((r) => [Number(r.n), r.found]));
  return items.map((_, k) => byN.get(k + 1) === true);
}
