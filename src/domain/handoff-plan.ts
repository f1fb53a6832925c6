// What a batch of stage changes, reassignments and fired SLA clocks sets off, decided in one pure
// pass over one snapshot: who owns each lead (handoff-routing.ts), which clocks stop and start
// (handoff-clocks.ts), and what goes out (handoff-events.ts: webhook deliveries, notifications).
// The store reads the snapshot and writes the plan.
import type { RoutingRule } from './agreement.js';
import { leadName } from './engine-lead.js';
import { planClocks, policiesFor } from './handoff-clocks.js';
import { assigned, fanOut, feedbackEvent, recycled, slaEvent, stageChanged } from './handoff-events.js';
import { rosterOf } from './handoff-roster.js';
import { matchRoutingRules, planOwners } from './handoff-routing.js';
import type { HandoffChange, HandoffContext, HandoffPlan, HandoffSnapshot } from './handoff-types.js';
import { chooseEscalationRep } from './lead-routing.js';
import { QUALIFIED_STAGES } from './stages.js';

/** A lead is reassigned by escalation at most this many times per policy, then only people are told. */
export const MAX_ESCALATIONS = 2;

const QUALIFIED = new Set<string>(QUALIFIED_STAGES);
const RECYCLED = new Set<string>(['nurture', 'lost']);

/**
 * Plans the hand-off of a batch. Changes are applied in order, each seeing the ones before it
 * (owners, open leads, round-robin state and running clocks carry over), so a batch decides what
 * the same changes one at a time would.
 */
export function planHandoff(
  ctx: HandoffContext,
  snapshot: HandoffSnapshot,
  changes: readonly HandoffChange[],
  rules: ReadonlyMap<string, RoutingRule | null> = matchRoutingRules(ctx.agreement, changes),
): HandoffPlan {
  const { agreement, now } = ctx;
  const plan: HandoffPlan = {
    assignments: [],
    owners: [],
    routingStates: [],
    clocks: { stop: [], start: [], mark: [] },
    events: [],
    deliveries: [],
    notifications: [],
  };
  const roster = rosterOf(snapshot);
  const owners = planOwners(ctx, snapshot, roster, rules, plan);
  const clocks = planClocks(ctx, snapshot, roster, plan.clocks);

  function onStage(c: Extract<HandoffChange, { kind: 'stage' }>) {
    const { lead, transition: t } = c;
    let ownerId = owners.current(lead);
    if (t.fromStage) {
      const from = t.fromStage;
      clocks.stop(
        lead.id,
        (k) => k.stage === from && k.clock !== 'first_touch',
        'met',
        `lead moved ${from} → ${t.toStage}`,
        t.at,
      );
      clocks.stop(
        lead.id,
        (k) => k.stage === from && k.clock === 'first_touch',
        'cancelled',
        `lead left ${from} before a first touch was logged`,
        t.at,
      );
    }
    let teamId: string | null = null;
    // A recycled lead that comes back keeps an owner who is still here; everyone else is routed.
    if (QUALIFIED.has(t.toStage) && !roster.isActive(ownerId)) ({ ownerId, teamId } = owners.route(lead));
    clocks.start(lead.id, t.toStage, policiesFor(agreement, t.toStage, t.ruleId), ownerId, teamId, now);
    plan.events.push(stageChanged({ ...lead, ownerId }, t));
    if (RECYCLED.has(t.toStage)) {
      // Sales rejections tell marketing through feedback.rejected; CRM losses and fall-outs through this.
      const crmOrSystem = t.actorType === 'crm' || t.actorType === 'system';
      plan.events.push(recycled(lead, t, crmOrSystem ? roster.activeWithRole('marketing') : []));
    }
    if (c.feedback)
      plan.events.push(feedbackEvent(c.feedback, lead, t, now, roster.activeWithRole('marketing')));
  }

  function onAssign(c: Extract<HandoffChange, { kind: 'assign' }>) {
    const { lead } = c;
    const teamId = c.ownerId ? (roster.firstTeamOf(c.ownerId)?.id ?? null) : null;
    // A lead nobody owned yet is assigned; one somebody owned is reassigned.
    const verb = owners.current(lead) ? 'reassigned' : 'assigned';
    const reason = `${verb} by ${c.actor.label}: ${c.reason}`;
    owners.set({
      leadId: lead.id,
      ownerId: c.ownerId,
      teamId,
      kind: 'manual',
      ruleId: null,
      reason,
      actorType: c.actor.type,
      actorId: c.actor.id,
    });
    clocks.move(lead.id, c.ownerId, teamId, reason);
    const a = { ownerId: c.ownerId, teamId, kind: 'manual', reason };
    plan.events.push(
      assigned(lead, a, now, c.ownerId ? [c.ownerId] : [], 'lead.reassigned', roster.withNames(reason)),
    );
  }

  function onReroute(c: Extract<HandoffChange, { kind: 'reroute' }>) {
    const { lead } = c;
    owners.current(lead);
    const { ownerId, teamId } = owners.route(lead, { reason: c.reason, event: 'lead.reassigned' });
    clocks.move(lead.id, ownerId, teamId, `routed again: ${c.reason}`);
  }

  function onSla(c: Extract<HandoffChange, { kind: 'sla' }>) {
    const { clock, lead } = c;
    clocks.mark(clock.id, clock.leadId, { warned: c.warned, breached: c.breached });
    const who = lead ? { id: lead.id, name: leadName(lead) } : { id: clock.leadId, name: 'a lead' };
    const owner = clock.ownerId ? [clock.ownerId] : [];
    if (c.warned) {
      const detail = `${clock.policyId}: due ${clock.dueAt.toISOString()}`;
      plan.events.push(slaEvent('sla.warning', clock, who, now, owner, detail));
    }
    if (!c.breached) return;
    const managers = c.notifyManager ? roster.managersOf(clock.teamId) : [];
    const detail = `${clock.policyId} was due ${clock.dueAt.toISOString()}`;
    plan.events.push(slaEvent('sla.breached', clock, who, now, [...owner, ...managers], detail));
    const team = clock.teamId ? roster.teamById(clock.teamId) : undefined;
    const escalated = clocks.escalations(clock.leadId, clock.policyId);
    if (!c.reassign || escalated >= MAX_ESCALATIONS || !lead || !team) return;
    const current = owners.current(lead);
    const choice = chooseEscalationRep(owners.repsOf(team), current, owners.stateOf(team), now);
    if (choice.kind === 'queue') return;
    const a = { ownerId: choice.ownerId, teamId: team.id, kind: 'escalation', reason: choice.reason };
    owners.set(
      { ...a, kind: 'escalation', leadId: lead.id, ruleId: null, actorType: 'system', actorId: null },
      { team, next: choice.state },
    );
    clocks.move(
      lead.id,
      choice.ownerId,
      team.id,
      `escalated after ${clock.policyId} breached: ${choice.reason}`,
      true,
    );
    const says = roster.withNames(choice.reason);
    plan.events.push(assigned(lead, a, now, [choice.ownerId], 'lead.reassigned', says));
    plan.events.push(
      slaEvent('sla.escalated', clock, who, now, [choice.ownerId, ...managers], choice.reason, says),
    );
  }

  for (const c of changes) {
    if (c.kind === 'stage') onStage(c);
    else if (c.kind === 'assign') onAssign(c);
    else if (c.kind === 'reroute') onReroute(c);
    else onSla(c);
  }
  clocks.finish();
  owners.finish();
  Object.assign(plan, fanOut(plan.events, snapshot.subscriptions));
  return plan;
}
