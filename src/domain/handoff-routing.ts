// Who owns each lead as a hand-off plan goes: the routing rule each qualifying lead matches, the
// teams to lock for it, and routing itself (account owner, rule or fallback team, round robin),
// with the owners, open-lead counts and round-robin states that carry from one change to the next.
import type { Agreement, RoutingRule } from './agreement.js';
import { matchesAll } from './conditions.js';
import type { EngineLead } from './engine-lead.js';
import { assigned } from './handoff-events.js';
import type { Roster } from './handoff-roster.js';
import type {
  HandoffChange,
  HandoffContext,
  HandoffPlan,
  HandoffSnapshot,
  PlannedAssignment,
  SnapshotTeam,
} from './handoff-types.js';
import { type Rep, type RoundRobinState, type RoutingDecision, routeLead } from './lead-routing.js';
import { QUALIFIED_STAGES } from './stages.js';

const QUALIFIED = new Set<string>(QUALIFIED_STAGES);

/** The routing rule each qualifying lead matches (null: none, the fallback team), matched once per lead. */
export function matchRoutingRules(
  agreement: Agreement,
  changes: readonly HandoffChange[],
): Map<string, RoutingRule | null> {
  const matched = new Map<string, RoutingRule | null>();
  for (const c of changes) {
    const routes = c.kind === 'reroute' || (c.kind === 'stage' && QUALIFIED.has(c.transition.toStage));
    if (!routes || matched.has(c.lead.id)) continue;
    matched.set(c.lead.id, agreement.routing.rules.find((r) => matchesAll(c.lead.profile, r.when)) ?? null);
  }
  return matched;
}

/** The teams whose routing rows the batch must lock: by key for routing, by id for escalations. */
export function teamsToLock(
  agreement: Agreement,
  changes: readonly HandoffChange[],
  rules: ReadonlyMap<string, RoutingRule | null>,
): { keys: string[]; ids: string[] } {
  const keys = [...rules.values()].flatMap((r) => r?.team ?? agreement.routing.fallbackTeam ?? []);
  const ids = changes.flatMap((c) =>
    c.kind === 'sla' && c.reassign && c.clock.teamId ? [c.clock.teamId] : [],
  );
  return { keys: [...new Set(keys)].sort(), ids: [...new Set(ids)].sort() };
}

export interface PlanOwners {
  /** The lead's owner as the plan stands (its stored owner until the plan changes it). */
  current(lead: EngineLead): string | null;
  /** Gives the lead an owner (or none), counting the lead against them and moving the round robin. */
  set(
    a: Omit<PlannedAssignment, 'previousOwnerId' | 'at'>,
    state?: { team: SnapshotTeam; next: RoundRobinState },
  ): void;
  /** Routes the lead under the agreement, records the owner and raises its assigned event. */
  route(
    lead: EngineLead,
    because?: { reason: string; event: 'lead.reassigned' },
  ): { ownerId: string | null; teamId: string | null };
  repsOf(team: SnapshotTeam): Rep[];
  stateOf(team: SnapshotTeam): RoundRobinState;
  /** Writes the final owners and round-robin states into the plan. */
  finish(): void;
}

export function planOwners(
  ctx: HandoffContext,
  snapshot: HandoffSnapshot,
  roster: Roster,
  rules: ReadonlyMap<string, RoutingRule | null>,
  plan: HandoffPlan,
): PlanOwners {
  const { agreement, now } = ctx;
  const openLeads = new Map(Object.entries(snapshot.openLeads));
  const states = new Map<string, RoundRobinState>();
  const owners = new Map<
    string,
    { ownerId: string | null; teamId: string | null; at: Date; expectedOwnerId: string | null }
  >();
  const ownerNow = new Map<string, string | null>();
  const repsOf = (team: SnapshotTeam) => roster.repsOf(team, openLeads);
  const stateOf = (team: SnapshotTeam) => states.get(team.id) ?? team.routingState;

  const self: PlanOwners = {
    current(lead) {
      if (!ownerNow.has(lead.id)) ownerNow.set(lead.id, lead.ownerId);
      return ownerNow.get(lead.id) ?? null;
    },

    set(a, state) {
      if (state) states.set(state.team.id, state.next);
      const previousOwnerId = ownerNow.get(a.leadId) ?? null;
      plan.assignments.push({ ...a, previousOwnerId, at: now });
      const expectedOwnerId = owners.get(a.leadId)?.expectedOwnerId ?? previousOwnerId;
      owners.set(a.leadId, { ownerId: a.ownerId, teamId: a.teamId, at: now, expectedOwnerId });
      ownerNow.set(a.leadId, a.ownerId);
      if (a.ownerId) openLeads.set(a.ownerId, (openLeads.get(a.ownerId) ?? 0) + 1);
    },

    route(lead, because) {
      const rule = rules.get(lead.id) ?? null;
      const { routing } = agreement;
      const accountOwnerId =
        routing.useAccountOwner && lead.accountId ? (snapshot.accountOwners[lead.accountId] ?? null) : null;
      const accountOwner = roster.isActive(accountOwnerId) ? accountOwnerId : null;
      const teamKey = accountOwner ? null : (rule?.team ?? routing.fallbackTeam);
      const team = teamKey ? roster.teamByKey(teamKey) : undefined;
      let decision: RoutingDecision;
      if (teamKey && !team) {
        decision = {
          kind: 'queue',
          team: teamKey,
          ruleId: rule?.id ?? null,
          reason: `the agreement routes to team "${teamKey}", which does not exist; the lead waits in the queue`,
        };
      } else {
        decision = routeLead({
          lead: lead.profile,
          accountOwnerId: accountOwner,
          useAccountOwner: routing.useAccountOwner,
          // Matched once already: the matching rule, with nothing left to check, or none (the fallback).
          rules: rule ? [{ ...rule, when: [] }] : [],
          fallbackTeam: routing.fallbackTeam,
          teams: team && teamKey ? { [teamKey]: { reps: repsOf(team) } } : {},
          state: team && teamKey ? { [teamKey]: stateOf(team) } : {},
          now,
        });
      }
      const ownerId = decision.kind === 'queue' ? null : decision.ownerId;
      const teamId = team?.id ?? null;
      const reason = because ? `${because.reason}; ${decision.reason}` : decision.reason;
      const a = { ownerId, teamId, kind: decision.kind, reason };
      self.set(
        {
          ...a,
          leadId: lead.id,
          ruleId: decision.kind === 'account_owner' ? null : decision.ruleId,
          actorType: 'system',
          actorId: null,
        },
        decision.kind === 'rule' && team ? { team, next: decision.state } : undefined,
      );
      const notify = ownerId ? [ownerId] : roster.managersOf(teamId);
      plan.events.push(
        assigned(lead, a, now, notify, because?.event ?? 'lead.assigned', roster.withNames(a.reason)),
      );
      return { ownerId, teamId };
    },

    repsOf,
    stateOf,

    finish() {
      plan.owners = [...owners].map(([leadId, o]) => ({ leadId, ...o }));
      plan.routingStates = [...states].map(([teamId, state]) => ({ teamId, state }));
    },
  };
  return self;
}
