// Saving what the lifecycle decided for a set of leads in ONE statement: their state, their new
// ledger rows and their new (append-only) transitions.
import type { LeadContribution } from './contributions.js';
import { contributionsInsert } from './contributions.js';
import type { Queryable } from './db.js';
import { type EngineLead, leadStateUpdate } from './lead-state.js';
import { type Transition, type TransitionInsert, transitionsInsert } from './transitions.js';

export async function saveLeadChanges(
  q: Queryable,
  workspaceId: string,
  input: {
    leads: readonly EngineLead[];
    version: number;
    contributions: readonly LeadContribution[];
    transitions: readonly TransitionInsert[];
  },
): Promise<Transition[]> {
  const update = leadStateUpdate(2, input.leads, input.version);
  const ledger = contributionsInsert(2 + update.params.length, input.contributions);
  const moved = transitionsInsert(2 + update.params.length + ledger.params.length, input.transitions);
  // Data-modifying CTEs all run, referenced or not; ids of one insert grow in insertion order.
  const rows = await q.query<{ moved: [number, string][] | null }>(
    `with saved as (${update.sql} returning 1), ledger as (${ledger.sql} returning 1), moved as (${moved.sql})
     select (select json_agg(json_build_array(id, recorded_at) order by id) from moved) as moved`,
    [workspaceId, ...update.params, ...ledger.params, ...moved.params],
  );
  const ids = rows[0]?.moved ?? [];
  return input.transitions.map((t, i) => ({
    ...t,
    id: Number(ids[i]![0]),
    recordedAt: new Date(ids[i]![1]),
  }));
}
