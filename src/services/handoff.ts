// The hand-off, one path for every change that sets it off (a stage change, a person's
// reassignment, a fired SLA clock): load one snapshot for the batch, plan it purely, write the plan.
// Always in the caller's transaction, after it has locked the leads (then teams: the lock order).
import type { HandoffChange, HandoffPlan } from '../domain/handoff-types.js';
import { planHandoff } from '../domain/handoff-plan.js';
import { matchRoutingRules, teamsToLock } from '../domain/handoff-routing.js';
import type { Queryable } from '../store/db.js';
import { loadHandoffSnapshot, lockRoutingTeams } from '../store/handoff-snapshot.js';
import { writeHandoffPlan } from '../store/handoff-writes.js';
import type { ActiveAgreement } from './agreements.js';

/** The workspace, its active agreement and the moment: what every hand-off runs under. */
export interface HandoffScope {
  workspaceId: string;
  active: ActiveAgreement;
  now: Date;
}

/** Three statements however many leads: lock the routing teams, read the snapshot, write the plan. */
export async function handOff(
  tx: Queryable,
  ctx: HandoffScope,
  changes: readonly HandoffChange[],
): Promise<HandoffPlan | null> {
  if (changes.length === 0) return null;
  const { agreement, version } = ctx.active;
  const rules = matchRoutingRules(agreement, changes);
  const routingTeams = teamsToLock(agreement, changes, rules);
  await lockRoutingTeams(tx, ctx.workspaceId, routingTeams);
  const leads = changes.flatMap((c) => (c.kind === 'sla' ? (c.lead ?? []) : c.lead));
  const snapshot = await loadHandoffSnapshot(tx, ctx.workspaceId, {
    leadIds: [...leads.map((l) => l.id), ...changes.flatMap((c) => (c.kind === 'sla' ? c.clock.leadId : []))],
    accountIds: leads.flatMap((l) => l.accountId ?? []),
    routingTeams,
    now: ctx.now,
  });
  const plan = planHandoff({ agreement, agreementVersion: version, now: ctx.now }, snapshot, changes, rules);
  await writeHandoffPlan(tx, ctx.workspaceId, plan);
  return plan;
}
