// Stage changes: append-only rows (a trigger refuses updates and deletes). Analytics read these.
import type { Queryable } from './db.js';
import { arrayRecordset, rowReader } from './rows.js';
import { transitions } from './schema/index.js';
import type { StatementPart } from './lead-state.js';

/** A stage change as stored: every column of `transitions` but the workspace. */
export type Transition = Omit<typeof transitions.$inferSelect, 'workspaceId'>;
/**
 * A stage change to store: the domain's `TransitionRow` with the lead's id, its source when it
 * moved (so per-source funnels need no join) and its owner.
 */
export type TransitionInsert = Omit<Transition, 'id' | 'recordedAt'>;

const toTransition = rowReader(transitions);

const INSERTED = arrayRecordset(transitions, [
  'leadId',
  'fromStage',
  'toStage',
  'at',
  'actorType',
  'actorId',
  'actorLabel',
  'reason',
  'reasonCode',
  'ruleId',
  'note',
  'agreementVersion',
  'source',
  'ownerId',
] as const satisfies readonly (keyof TransitionInsert)[]);

/**
 * The INSERT of transitions (returning id and recorded_at, in input order); $1 is the workspace id,
 * its own parameters start at `first`.
 */
export function transitionsInsert(first: number, rows: readonly TransitionInsert[]): StatementPart {
  return {
    sql: `insert into transitions (workspace_id, ${INSERTED.names})
     select $1, ${INSERTED.values('v')} from ${INSERTED.from(first, 'v', true)}
      order by v.n
     returning id, recorded_at`,
    params: INSERTED.arrays(rows),
  };
}

export async function leadTransitions(
  q: Queryable,
  workspaceId: string,
  leadId: string,
): Promise<Transition[]> {
  const rows = await q.query(
    `select * from transitions where workspace_id = $1 and lead_id = $2 order by at, id`,
    [workspaceId, leadId],
  );
  return rows.map(toTransition);
}

/**
 * Marketing's commitment over [from, to): MQLs made (entered a qualified stage), accepted by sales
 * (qualified → sal) and rejected by a person with a reason (qualified → nurture or disqualified).
 */
export async function commitmentCounts(
  q: Queryable,
  workspaceId: string,
  from: Date,
  to: Date,
  qualified: readonly string[],
): Promise<{ mqls: number; accepted: number; rejected: number }> {
  const rows = await q.query<{ mqls: number; accepted: number; rejected: number }>(
    `select count(*) filter (where to_stage = any($4::text[]))::int as mqls,
            count(*) filter (where from_stage = any($4::text[]) and to_stage = 'sal')::int as accepted,
            count(*) filter (where from_stage = any($4::text[]) and to_stage in ('nurture', 'disqualified')
                               and reason_code is not null and actor_type in ('user', 'api_key'))::int as rejected
       from transitions where workspace_id = $1 and at >= $2 and at < $3`,
    [workspaceId, from.toISOString(), to.toISOString(), qualified],
  );
  return rows[0] ?? { mqls: 0, accepted: 0, rejected: 0 };
}

/** The reasons people gave for rejecting qualified leads over [from, to), the most frequent first. */
export async function rejectionReasons(
  q: Queryable,
  workspaceId: string,
  from: Date,
  to: Date,
  qualified: readonly string[],
): Promise<{ reason: string; count: number }[]> {
  return q.query<{ reason: string; count: number }>(
    `select reason_code as reason, count(*)::int as count from transitions
      where workspace_id = $1 and at >= $2 and at < $3 and from_stage = any($4::text[])
        and to_stage in ('nurture', 'disqualified') and reason_code is not null and actor_type in ('user', 'api_key')
      group by reason_code order by count desc, reason_code`,
    [workspaceId, from.toISOString(), to.toISOString(), qualified],
  );
}
