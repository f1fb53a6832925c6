// What a batch of stage changes, reassignments and fired SLA clocks sets off, decided in one pure
// pass over one snapshot: who owns each lead, which clocks stop and start, and what goes out
// (webhook deliveries, notifications). The store reads the snapshot and writes the plan.
import type { Agreement, RoutingRule, SlaPolicy } from './agreement.js';
import { withMemberNames } from './member-names.js';
import { workspaceCalendar } from './workspace-setup.js';
import { matchesAll } from './conditions.js';
import { type EngineLead, leadName } from './engine-lead.js';
import { assigned, fanOut, feedbackEvent, slaEvent, stageChanged } from './handoff-events.js';
import type {
  ClockMarks,
  HandoffChange,
  HandoffContext,
  HandoffPlan,
  HandoffSnapshot,
  PlannedAssignment,
  PlannedClock,
  RunningClock,
  SnapshotTeam,
  StoppedStatus,
} from './handoff-types.js';
import {
  type Rep,
  type RoundRobinState,
  type RoutingDecision,
  chooseEscalationRep,
  routeLead,
} from './lead-routing.js';
import { startSlaClock } from './sla-clock.js';
import { QUALIFIED_STAGES } from './stages.js';

export type * from './handoff-types.js';

/** A lead is reassigned by escalation at most this many times per policy, then only people are told. */
export const MAX_ESCALATIONS = 2;

const QUALIFIED = new Set<string>(QUALIFIED_STAGES);
const RECYCLED = new Set<string>(['nurture', 'lost']);

export function isHandRaise(agreement: Agreement, ruleId: string | null): boolean {
  return ruleId !== null && agreement.qualification.handRaises.some((h) => h.id === ruleId);
}

/** The agreement's policies that hold a lead entering `stage` (hand-raise policies only for hand-raises). */
export function policiesFor(agreement: Agreement, stage: string, ruleId: string | null): SlaPolicy[] {
  return agreement.sla.policies.filter(
    (p) => p.stage === stage && (p.appliesTo === 'all' || isHandRaise(agreement, ruleId)),
  );
}

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

/** A clock as the plan tracks it: one read from the snapshot (id) or one the plan starts (index). */
type Tracked = (RunningClock & { ref: { id: string } }) | (PlannedClock & { ref: { start: number } });

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
  const users = new Map(snapshot.users.map((u) => [u.id, u]));
  const teamsById = new Map(snapshot.teams.map((t) => [t.id, t]));
  const teamsByKey = new Map(snapshot.teams.map((t) => [t.key, t]));
  const openLeads = new Map(Object.entries(snapshot.openLeads));
  const states = new Map<string, RoundRobinState>();
  const owners = new Map<
    string,
    { ownerId: string | null; teamId: string | null; at: Date; expectedOwnerId: string | null }
  >();
  const ownerNow = new Map<string, string | null>();
  const clocks = new Map<string, Tracked[]>();
  const escalations = new Map(Object.entries(snapshot.escalations));
  const marks = new Map<string, ClockMarks>();
  for (const c of snapshot.runningClocks)
    clocks.set(c.leadId, [...(clocks.get(c.leadId) ?? []), { ...c, ref: { id: c.id } }]);
  const plan: HandoffPlan = {
    assignments: [],
    owners: [],
    routingStates: [],
    clocks: { stop: [], start: [], mark: [] },
    events: [],
    deliveries: [],
    notifications: [],
  };

  const isActive = (id: string | null): id is string => id !== null && users.get(id)?.isActive === true;
  const activeWithRole = (role: string) =>
    snapshot.users.filter((u) => u.isActive && u.role === role).map((u) => u.id);
  const managersOf = (teamId: string | null): string[] => {
    const managerId = teamId ? teamsById.get(teamId)?.managerId : null;
    return managerId ? [managerId] : activeWithRole('sales_manager');
  };
  const withNames = (text: string): string => withMemberNames(text, snapshot.users);
  const firstTeamOf = (userId: string): SnapshotTeam | undefined =>
    snapshot.members
      .filter((m) => m.userId === userId)
      .map((m) => teamsById.get(m.teamId))
      .filter((t): t is SnapshotTeam => t !== undefined)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  // Whose business hours a clock runs in: the owner's team week in the owner's zone, else the team's, else the workspace's.
  const settings = snapshot.workspaceSettings ?? {};
  const calendarFor = (ownerId: string | null, teamId: string | null) => {
    if (ownerId) {
      const owner = users.get(ownerId);
      const team = firstTeamOf(ownerId);
      if (team)
        return {
          calendar: { ...team.calendar, timeZone: owner?.timeZone ?? team.calendar.timeZone },
          teamId: team.id,
        };
      if (owner) return { calendar: workspaceCalendar(settings, owner.timeZone), teamId };
    }
    const team = teamId ? teamsById.get(teamId) : undefined;
    if (team) return { calendar: team.calendar, teamId };
    return { calendar: workspaceCalendar(settings, snapshot.workspaceTimeZone), teamId };
  };
  const repsOf = (team: SnapshotTeam): Rep[] =>
    snapshot.members
      .filter((m) => m.teamId === team.id && isActive(m.userId))
      .map((m) => ({
        id: m.userId,
        weight: m.weight,
        capacity: m.capacity,
        openLeads: openLeads.get(m.userId) ?? 0,
        available: m.active,
        outOfOffice: snapshot.absences
          .filter((a) => a.userId === m.userId)
          .map((a) => ({ start: a.startsAt, end: a.endsAt })),
      }));
  const stateOf = (team: SnapshotTeam) => states.get(team.id) ?? team.routingState;

  function setOwner(
    a: Omit<PlannedAssignment, 'previousOwnerId' | 'at'>,
    state?: { team: SnapshotTeam; next: RoundRobinState },
  ) {
    if (state) states.set(state.team.id, state.next);
    const previousOwnerId = ownerNow.get(a.leadId) ?? null;
    plan.assignments.push({ ...a, previousOwnerId, at: now });
    const expectedOwnerId = owners.get(a.leadId)?.expectedOwnerId ?? previousOwnerId;
    owners.set(a.leadId, { ownerId: a.ownerId, teamId: a.teamId, at: now, expectedOwnerId });
    ownerNow.set(a.leadId, a.ownerId);
    if (a.ownerId) openLeads.set(a.ownerId, (openLeads.get(a.ownerId) ?? 0) + 1);
  }

  function stopClocks(
    leadId: string,
    match: (c: Tracked) => boolean,
    status: 'met' | StoppedStatus,
    reason: string,
    at: Date,
  ): Tracked[] {
    const running = clocks.get(leadId) ?? [];
    const stopped = running.filter(match);
    clocks.set(
      leadId,
      running.filter((c) => !match(c)),
    );
    for (const c of stopped) {
      const late = 'breachedAt' in c && c.breachedAt !== null;
      const final = status === 'met' && (late || c.dueAt < at) ? 'met_late' : status;
      if ('id' in c.ref) plan.clocks.stop.push({ id: c.ref.id, status: final, reason, at });
      else plan.clocks.start[c.ref.start]!.stopped = { status: final, reason, at };
    }
    return stopped;
  }

  function startClocks(
    leadId: string,
    stage: string,
    policies: readonly SlaPolicy[],
    ownerId: string | null,
    teamId: string | null,
    at: Date,
  ) {
    if (policies.length === 0) return;
    const where = calendarFor(ownerId, teamId);
    for (const policy of policies) {
      const clock = startSlaClock({ policy, startedAt: at, calendar: where.calendar });
      const planned: PlannedClock = {
        leadId,
        policyId: policy.id,
        clock: policy.clock,
        stage,
        ownerId,
        teamId: where.teamId,
        ...clock,
        agreementVersion: ctx.agreementVersion,
        stopped: null,
      };
      plan.clocks.start.push(planned);
      clocks.set(leadId, [
        ...(clocks.get(leadId) ?? []),
        { ...planned, ref: { start: plan.clocks.start.length - 1 } },
      ]);
    }
  }

  /** A new owner gets fresh clocks for what the previous one had running. */
  function moveClocks(
    leadId: string,
    ownerId: string | null,
    teamId: string | null,
    reason: string,
    isEscalation = false,
  ) {
    for (const clock of stopClocks(leadId, () => true, 'reassigned', reason, now)) {
      const key = `${leadId}:${clock.policyId}`;
      if (isEscalation) escalations.set(key, (escalations.get(key) ?? 0) + 1);
      const policy = agreement.sla.policies.find((p) => p.id === clock.policyId);
      if (policy) startClocks(leadId, clock.stage, [policy], ownerId, teamId ?? clock.teamId, now);
    }
  }

  function route(lead: EngineLead, because?: { reason: string; event: 'lead.reassigned' }) {
    const rule = rules.get(lead.id) ?? null;
    const { routing } = agreement;
    const accountOwnerId =
      routing.useAccountOwner && lead.accountId ? (snapshot.accountOwners[lead.accountId] ?? null) : null;
    const accountOwner = isActive(accountOwnerId) ? accountOwnerId : null;
    const teamKey = accountOwner ? null : (rule?.team ?? routing.fallbackTeam);
    const team = teamKey ? teamsByKey.get(teamKey) : undefined;
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
    setOwner(
      {
        ...a,
        leadId: lead.id,
        ruleId: decision.kind === 'account_owner' ? null : decision.ruleId,
        actorType: 'system',
        actorId: null,
      },
      decision.kind === 'rule' && team ? { team, next: decision.state } : undefined,
    );
    const notify = ownerId ? [ownerId] : managersOf(teamId);
    plan.events.push(assigned(lead, a, now, notify, because?.event ?? 'lead.assigned', withNames(a.reason)));
    return { ownerId, teamId };
  }

  function onStage(c: Extract<HandoffChange, { kind: 'stage' }>) {
    const { lead, transition: t } = c;
    if (!ownerNow.has(lead.id)) ownerNow.set(lead.id, lead.ownerId);
    if (t.fromStage) {
      const from = t.fromStage;
      stopClocks(
        lead.id,
        (k) => k.stage === from && k.clock !== 'first_touch',
        'met',
        `lead moved ${from} → ${t.toStage}`,
        t.at,
      );
      stopClocks(
        lead.id,
        (k) => k.stage === from && k.clock === 'first_touch',
        'cancelled',
        `lead left ${from} before a first touch was logged`,
        t.at,
      );
    }
    let ownerId = ownerNow.get(lead.id) ?? null;
    let teamId: string | null = null;
    // A recycled lead that comes back keeps an owner who is still here; everyone else is routed.
    if (QUALIFIED.has(t.toStage) && !isActive(ownerId)) ({ ownerId, teamId } = route(lead));
    startClocks(lead.id, t.toStage, policiesFor(agreement, t.toStage, t.ruleId), ownerId, teamId, now);
    plan.events.push(stageChanged({ ...lead, ownerId }, t));
    if (RECYCLED.has(t.toStage)) {
      // Sales rejections tell marketing through feedback.rejected; CRM losses and fall-outs through this.
      const marketing = t.actorType === 'crm' || t.actorType === 'system' ? activeWithRole('marketing') : [];
      plan.events.push({
        type: 'lead.recycled',
        occurredAt: t.at,
        data: {
          lead: { id: lead.id, name: leadName(lead) },
          from: t.fromStage,
          to: t.toStage,
          reason: t.reason,
        },
        notify: marketing.length
          ? {
              userIds: marketing,
              title: `Back to marketing: ${leadName(lead)}`,
              body: t.reason,
              leadId: lead.id,
            }
          : null,
      });
    }
    if (c.feedback) plan.events.push(feedbackEvent(c.feedback, lead, t, now, activeWithRole('marketing')));
  }

  function onAssign(c: Extract<HandoffChange, { kind: 'assign' }>) {
    const { lead } = c;
    if (!ownerNow.has(lead.id)) ownerNow.set(lead.id, lead.ownerId);
    const teamId = c.ownerId ? (firstTeamOf(c.ownerId)?.id ?? null) : null;
    // A lead nobody owned yet is assigned; one somebody owned is reassigned.
    const verb = ownerNow.get(lead.id) ? 'reassigned' : 'assigned';
    const reason = `${verb} by ${c.actor.label}: ${c.reason}`;
    setOwner({
      leadId: lead.id,
      ownerId: c.ownerId,
      teamId,
      kind: 'manual',
      ruleId: null,
      reason,
      actorType: c.actor.type,
      actorId: c.actor.id,
    });
    moveClocks(lead.id, c.ownerId, teamId, reason);
    const a = { ownerId: c.ownerId, teamId, kind: 'manual', reason };
    plan.events.push(
      assigned(lead, a, now, c.ownerId ? [c.ownerId] : [], 'lead.reassigned', withNames(reason)),
    );
  }

  function onReroute(c: Extract<HandoffChange, { kind: 'reroute' }>) {
    const { lead } = c;
    if (!ownerNow.has(lead.id)) ownerNow.set(lead.id, lead.ownerId);
    const { ownerId, teamId } = route(lead, { reason: c.reason, event: 'lead.reassigned' });
    moveClocks(lead.id, ownerId, teamId, `routed again: ${c.reason}`);
  }

  function onSla(c: Extract<HandoffChange, { kind: 'sla' }>) {
    const { clock, lead } = c;
    const mark = {
      ...marks.get(clock.id),
      ...(c.warned ? { warnedAt: now } : {}),
      ...(c.breached ? { breachedAt: now } : {}),
    };
    marks.set(clock.id, mark);
    if (c.breached) {
      for (const k of clocks.get(clock.leadId) ?? [])
        if ('breachedAt' in k && 'id' in k.ref && k.ref.id === clock.id) k.breachedAt = now;
    }
    const who = lead ? { id: lead.id, name: leadName(lead) } : { id: clock.leadId, name: 'a lead' };
    const owner = clock.ownerId ? [clock.ownerId] : [];
    if (c.warned) {
      plan.events.push(
        slaEvent(
          'sla.warning',
          clock,
          who,
          now,
          owner,
          `${clock.policyId}: due ${clock.dueAt.toISOString()}`,
        ),
      );
    }
    if (!c.breached) return;
    const managers = c.notifyManager ? managersOf(clock.teamId) : [];
    const detail = `${clock.policyId} was due ${clock.dueAt.toISOString()}`;
    plan.events.push(slaEvent('sla.breached', clock, who, now, [...owner, ...managers], detail));
    const team = clock.teamId ? teamsById.get(clock.teamId) : undefined;
    const escalated = escalations.get(`${clock.leadId}:${clock.policyId}`) ?? 0;
    if (!c.reassign || escalated >= MAX_ESCALATIONS || !lead || !team) return;
    if (!ownerNow.has(lead.id)) ownerNow.set(lead.id, lead.ownerId);
    const current = ownerNow.get(lead.id) ?? null;
    const choice = chooseEscalationRep(repsOf(team), current, stateOf(team), now);
    if (choice.kind === 'queue') return;
    const a = { ownerId: choice.ownerId, teamId: team.id, kind: 'escalation', reason: choice.reason };
    setOwner(
      { ...a, kind: 'escalation', leadId: lead.id, ruleId: null, actorType: 'system', actorId: null },
      { team, next: choice.state },
    );
    moveClocks(
      lead.id,
      choice.ownerId,
      team.id,
      `escalated after ${clock.policyId} breached: ${choice.reason}`,
      true,
    );
    plan.events.push(assigned(lead, a, now, [choice.ownerId], 'lead.reassigned', withNames(choice.reason)));
    plan.events.push(
      slaEvent(
        'sla.escalated',
        clock,
        who,
        now,
        [choice.ownerId, ...managers],
        choice.reason,
        withNames(choice.reason),
      ),
    );
  }

  for (const c of changes) {
    if (c.kind === 'stage') onStage(c);
    else if (c.kind === 'assign') onAssign(c);
    else if (c.kind === 'reroute') onReroute(c);
    else onSla(c);
  }
  // A marked clock that also stopped is written once, with its marks.
  for (const stop of plan.clocks.stop) {
    Object.assign(stop, marks.get(stop.id));
    marks.delete(stop.id);
  }
  plan.clocks.mark = [...marks].map(([id, m]) => ({ id, ...m }));
  plan.owners = [...owners].map(([leadId, o]) => ({ leadId, ...o }));
  plan.routingStates = [...states].map(([teamId, state]) => ({ teamId, state }));
  Object.assign(plan, fanOut(plan.events, snapshot.subscriptions));
  return plan;
}
