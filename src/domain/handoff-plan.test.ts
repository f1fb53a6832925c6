import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agreement } from './agreement.js';
import type { BusinessCalendar } from './business-hours.js';
import { defaultAgreement } from './default-agreement.js';
import type { EngineLead } from './engine-lead.js';
import type { StoredTransition } from './handoff-events.js';
import { MAX_ESCALATIONS, planHandoff } from './handoff-plan.js';
import type {
  HandoffChange,
  HandoffSnapshot,
  RunningClock,
  SnapshotMember,
  SnapshotUser,
} from './handoff-types.js';
import { emptyLeadProfile } from './lead-profile.js';
import { newLeadState } from './lifecycle.js';

/** Monday 23 November 2026, 10:00 UTC: inside office hours (Mon–Fri 09–17 UTC). */
const NOW = new Date('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;
const OFFICE: BusinessCalendar = {
  timeZone: 'UTC',
  week: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
    sat: [],
    sun: [],
  },
  holidays: [],
};

function agreement(): Agreement {
  const a = defaultAgreement();
  return {
    ...a,
    // The default's EMEA territory alone; everyone else falls back to the Americas team.
    routing: {
      useAccountOwner: true,
      rules: a.routing.rules.filter((r) => r.id === 'emea'),
      fallbackTeam: 'amer',
    },
  };
}
const ctx = { agreement: agreement(), agreementVersion: 1, now: NOW };

// Ids long enough never to appear inside other words of a sentence.
const userId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const MANAGER = userId(999);
const AMER = 'team-amer';

function user(i: number, over: Partial<SnapshotUser> = {}): SnapshotUser {
  return {
    id: userId(i),
    name: `Rep Number${i}`,
    role: 'sales_rep',
    timeZone: 'UTC',
    isActive: true,
    ...over,
  };
}

interface RepSpec {
  weight: number;
  capacity: number | null;
  open: number;
  absent?: boolean;
}

/** Team amer (managed by MANAGER) with these reps, reps numbered from 1. */
function world(reps: readonly RepSpec[], over: Partial<HandoffSnapshot> = {}): HandoffSnapshot {
  const members: SnapshotMember[] = reps.map((r, i) => ({
    teamId: AMER,
    userId: userId(i + 1),
    weight: r.weight,
    capacity: r.capacity,
    active: true,
  }));
  return {
    workspaceTimeZone: 'UTC',
    users: [...reps.map((_, i) => user(i + 1)), user(999, { name: 'Mia Manager', role: 'sales_manager' })],
    teams: [
      {
        id: AMER,
        key: 'amer',
        name: 'Americas',
        calendar: OFFICE,
        managerId: MANAGER,
        routingState: { current: {} },
        createdAt: new Date('2026-01-01T00:00:00Z'),
      },
    ],
    members,
    openLeads: Object.fromEntries(reps.map((r, i) => [userId(i + 1), r.open])),
    absences: reps.flatMap((r, i) =>
      r.absent
        ? [
            {
              userId: userId(i + 1),
              startsAt: new Date(NOW.getTime() - HOUR),
              endsAt: new Date(NOW.getTime() + HOUR),
            },
          ]
        : [],
    ),
    accountOwners: {},
    runningClocks: [],
    subscriptions: [{ id: 'sub-1', eventTypes: ['*'] }],
    escalations: {},
    ...over,
  };
}

function lead(n: number, over: Partial<EngineLead> = {}): EngineLead {
  const profile = {
    ...emptyLeadProfile(),
    firstName: 'Lea',
    lastName: `Buyer${n}`,
    country: 'US',
    region: 'AMER' as const,
  };
  return {
    id: `lead-${n}`,
    profile,
    phone: null,
    website: null,
    accountId: null,
    ownerId: null,
    state: { ...newLeadState(ctx.agreement, profile, NOW), stage: 'mql' },
    counters: { daily: {}, lifetime: {} },
    usage: {},
    createdAt: NOW,
    lastActivityAt: null,
    scoredVersion: 1,
    fallOutAt: null,
    ...over,
  };
}

function move(
  l: EngineLead,
  from: string,
  to: string,
  over: Partial<StoredTransition> = {},
): StoredTransition {
  return {
    id: 1,
    fromStage: from,
    toStage: to,
    at: NOW,
    actorType: 'system',
    actorId: null,
    actorLabel: 'agreement',
    reason: 'qualified',
    reasonCode: null,
    ruleId: 'score',
    note: null,
    agreementVersion: 1,
    ...over,
  };
}

const qualify = (l: EngineLead, ruleId = 'score'): HandoffChange => ({
  kind: 'stage',
  lead: l,
  transition: move(l, 'lead', 'mql', { ruleId }),
});
const leads = (n: number) => Array.from({ length: n }, (_, i) => qualify(lead(i + 1)));
const countBy = (ids: (string | null)[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map());

const repArb = fc.record({
  weight: fc.integer({ min: 1, max: 5 }),
  capacity: fc.integer({ min: 0, max: 4 }),
  open: fc.integer({ min: 0, max: 4 }),
});

describe('planHandoff: routing', () => {
  it('never gives a rep more open leads than their capacity, and queues only when every rep is full', () => {
    fc.assert(
      fc.property(
        fc.array(repArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 25 }),
        (reps, n) => {
          const plan = planHandoff(ctx, world(reps), leads(n));
          const got = countBy(plan.assignments.map((a) => a.ownerId));
          reps.forEach((r, i) =>
            expect(got.get(userId(i + 1)) ?? 0).toBeLessThanOrEqual(Math.max(0, r.capacity - r.open)),
          );
          const spare = reps.reduce((s, r) => s + Math.max(0, r.capacity - r.open), 0);
          expect(got.get(null) ?? 0).toBe(Math.max(0, n - spare));
          expect(plan.owners).toHaveLength(n);
        },
      ),
    );
  });

  it('honours the weights: over whole rounds each rep gets exactly its share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        (weights, rounds) => {
          const reps = weights.map((weight) => ({ weight, capacity: null, open: 0 }));
          const n = rounds * weights.reduce((s, w) => s + w, 0);
          const plan = planHandoff(ctx, world(reps), leads(n));
          const got = countBy(plan.assignments.map((a) => a.ownerId));
          weights.forEach((w, i) => expect(got.get(userId(i + 1))).toBe(rounds * w));
          expect(plan.routingStates).toHaveLength(1);
        },
      ),
    );
  });

  it("gives the lead to its account's active owner first, whatever the team's load", () => {
    fc.assert(
      fc.property(fc.array(repArb, { minLength: 1, maxLength: 4 }), fc.boolean(), (reps, ownerActive) => {
        const owner = user(500, { name: 'Olga Owner', isActive: ownerActive });
        const snapshot = world(reps, { accountOwners: { acme: owner.id } });
        snapshot.users.push(owner);
        const plan = planHandoff(ctx, snapshot, [qualify(lead(1, { accountId: 'acme' }))]);
        const [a] = plan.assignments;
        if (ownerActive) expect(a).toMatchObject({ kind: 'account_owner', ownerId: owner.id, teamId: null });
        else expect(a!.kind).not.toBe('account_owner');
      }),
    );
  });

  it('skips reps who are out of office now; an absence that has ended does not count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 3 }), absent: fc.boolean() }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 12 }),
        (specs, n) => {
          const reps = specs.map((s) => ({ ...s, capacity: null, open: 0 }));
          const snapshot = world(reps);
          // Everyone present was away last week.
          snapshot.absences.push(
            ...specs.map((_, i) => ({
              userId: userId(i + 1),
              startsAt: new Date(NOW.getTime() - 200 * HOUR),
              endsAt: new Date(NOW.getTime() - 100 * HOUR),
            })),
          );
          const owners = planHandoff(ctx, snapshot, leads(n)).assignments.map((a) => a.ownerId);
          const absent = new Set(specs.flatMap((s, i) => (s.absent ? [userId(i + 1)] : [])));
          expect(owners.filter((o) => o !== null && absent.has(o))).toEqual([]);
          const anyonePresent = specs.some((s) => !s.absent);
          expect(owners.every((o) => (o === null) === !anyonePresent)).toBe(true);
        },
      ),
    );
  });

  it("falls back to the team's queue and tells its manager when nobody can take the lead", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        (open, n) => {
          const reps = open.map((o) => ({ weight: 1, capacity: o, open: o }));
          const plan = planHandoff(ctx, world(reps), leads(n));
          expect(
            plan.assignments.every((a) => a.kind === 'queue' && a.ownerId === null && a.teamId === AMER),
          ).toBe(true);
          const queued = plan.notifications.filter((x) => x.type === 'lead.assigned');
          expect(queued).toHaveLength(n);
          expect(
            queued.every((x) => x.userId === MANAGER && x.title.startsWith('Lead waiting in the queue')),
          ).toBe(true);
        },
      ),
    );
  });

  it('queues a lead whose team does not exist, without a team', () => {
    const emea = lead(1, { profile: { ...lead(1).profile, region: 'EMEA' } });
    const plan = planHandoff(ctx, world([{ weight: 1, capacity: null, open: 0 }]), [qualify(emea)]);
    expect(plan.assignments[0]).toMatchObject({ kind: 'queue', ownerId: null, teamId: null, ruleId: 'emea' });
  });

  it('keeps an active owner of a lead that comes back, and routes one whose owner left', () => {
    const reps = [{ weight: 1, capacity: null, open: 0 }];
    const kept = planHandoff(ctx, world(reps), [qualify(lead(1, { ownerId: userId(1) }))]);
    expect(kept.assignments).toEqual([]);
    const snapshot = world(reps);
    snapshot.users.push(user(7, { isActive: false }));
    const routed = planHandoff(ctx, snapshot, [qualify(lead(1, { ownerId: userId(7) }))]);
    expect(routed.assignments[0]).toMatchObject({ ownerId: userId(1), previousOwnerId: userId(7) });
  });
});

describe('planHandoff: SLA clocks', () => {
  it("starts the new stage's clocks in the owner's business hours", () => {
    const plan = planHandoff(ctx, world([{ weight: 1, capacity: null, open: 0 }]), [
      qualify(lead(1), 'demo-request'),
    ]);
    const byPolicy = Object.fromEntries(plan.clocks.start.map((c) => [c.policyId, c]));
    expect(byPolicy['hand-raise-first-touch']).toMatchObject({
      ownerId: userId(1),
      teamId: AMER,
      stage: 'mql',
      dueAt: new Date('2026-11-23T12:00:00Z'),
      stopped: null,
    });
    // Eight business hours from Monday 10:00 in a 09–17 week: Tuesday 10:00.
    expect(byPolicy['mql-response']!.dueAt).toEqual(new Date('2026-11-24T10:00:00Z'));
  });

  const running = (id: string, clock: string, over: Partial<RunningClock> = {}): RunningClock => ({
    id,
    leadId: 'lead-1',
    policyId: clock === 'response' ? 'mql-response' : 'hand-raise-first-touch',
    clock,
    stage: 'mql',
    ownerId: userId(1),
    teamId: AMER,
    startedAt: new Date(NOW.getTime() - HOUR),
    warnAt: new Date(NOW.getTime() + HOUR),
    dueAt: new Date(NOW.getTime() + 2 * HOUR),
    breachedAt: null,
    ...over,
  });

  it('stops the clocks of the stage left: a response met (late when breached), an untouched first touch cancelled', () => {
    const l = lead(1, { ownerId: userId(1), state: { ...lead(1).state, stage: 'sal' } });
    const accepted: HandoffChange = { kind: 'stage', lead: l, transition: move(l, 'mql', 'sal') };
    const onTime = world([{ weight: 1, capacity: null, open: 0 }], {
      runningClocks: [running('c1', 'response'), running('c2', 'first_touch')],
    });
    expect(planHandoff(ctx, onTime, [accepted]).clocks.stop).toEqual([
      { id: 'c1', status: 'met', reason: 'lead moved mql → sal', at: NOW },
      { id: 'c2', status: 'cancelled', reason: 'lead left mql before a first touch was logged', at: NOW },
    ]);
    const late = world([{ weight: 1, capacity: null, open: 0 }], {
      runningClocks: [running('c1', 'response', { breachedAt: NOW, dueAt: new Date(NOW.getTime() - HOUR) })],
    });
    expect(planHandoff(ctx, late, [accepted]).clocks.stop[0]!.status).toBe('met_late');
  });

  it('a clock started and stopped in the same batch is written once, already stopped', () => {
    const l = lead(1);
    const accepted: HandoffChange = {
      kind: 'stage',
      lead: { ...l, state: { ...l.state, stage: 'sal' } },
      transition: move(l, 'mql', 'sal', { id: 2 }),
    };
    const plan = planHandoff(ctx, world([{ weight: 1, capacity: null, open: 0 }]), [qualify(l), accepted]);
    expect(plan.clocks.stop).toEqual([]);
    expect(plan.clocks.start.find((c) => c.policyId === 'mql-response')!.stopped).toMatchObject({
      status: 'met',
    });
  });

  it("moves the running clocks to a new owner, who is told by name, and the lead's webhook names ids", () => {
    const reps = [
      { weight: 1, capacity: null, open: 0 },
      { weight: 1, capacity: null, open: 0 },
    ];
    const snapshot = world(reps, { runningClocks: [running('c1', 'response')] });
    snapshot.users[1]!.name = 'Ana Silva';
    const plan = planHandoff(ctx, snapshot, [
      {
        kind: 'assign',
        lead: lead(1, { ownerId: userId(1) }),
        ownerId: userId(2),
        reason: `covering for ${userId(1)}`,
        actor: { type: 'user', id: MANAGER, label: 'Mia Manager' },
      },
    ]);
    expect(plan.clocks.stop).toEqual([
      {
        id: 'c1',
        status: 'reassigned',
        reason: `reassigned by Mia Manager: covering for ${userId(1)}`,
        at: NOW,
      },
    ]);
    expect(plan.clocks.start).toMatchObject([{ policyId: 'mql-response', ownerId: userId(2), teamId: AMER }]);
    expect(plan.assignments[0]).toMatchObject({
      kind: 'manual',
      ownerId: userId(2),
      previousOwnerId: userId(1),
    });
    const [note] = plan.notifications;
    expect(note).toMatchObject({ userId: userId(2), type: 'lead.reassigned' });
    expect(note!.body).toContain('covering for Rep Number1');
    expect(note!.body).not.toContain(userId(1));
  });

  it('says assigned, not reassigned, when the lead had no owner', () => {
    const plan = planHandoff(ctx, world([{ weight: 1, capacity: null, open: 0 }]), [
      {
        kind: 'assign',
        lead: lead(1, { ownerId: null }),
        ownerId: userId(1),
        reason: 'owner given when the lead was created',
        actor: { type: 'user', id: MANAGER, label: 'Mia Manager' },
      },
    ]);
    expect(plan.assignments[0]).toMatchObject({
      ownerId: userId(1),
      previousOwnerId: null,
      reason: 'assigned by Mia Manager: owner given when the lead was created',
    });
  });
});

describe('planHandoff: notifications', () => {
  it('names the rep round robin picked, not their id; the webhook keeps the id', () => {
    const snapshot = world([{ weight: 1, capacity: null, open: 0 }]);
    snapshot.users[0]!.name = 'Ana Silva';
    const plan = planHandoff(ctx, snapshot, [qualify(lead(1))]);
    const [note] = plan.notifications.filter((n) => n.type === 'lead.assigned');
    expect(note).toMatchObject({ userId: userId(1), title: 'New lead: Lea Buyer1' });
    expect(note!.body).toContain('round robin picked rep Ana Silva');
    expect(note!.body).not.toContain(userId(1));
    expect(plan.assignments[0]!.reason).toContain(userId(1));
    expect(plan.deliveries.map((d) => d.payload.type)).toEqual(['lead.assigned', 'lead.stage_changed']);
  });

  it('an escalation after a breach tells the manager and the next rep by name', () => {
    const reps = [
      { weight: 1, capacity: null, open: 0 },
      { weight: 1, capacity: null, open: 0 },
    ];
    const clock = {
      id: 'c1',
      leadId: 'lead-1',
      policyId: 'mql-response',
      clock: 'response',
      stage: 'mql',
      ownerId: userId(1),
      teamId: AMER,
      startedAt: new Date(NOW.getTime() - 9 * HOUR),
      warnAt: new Date(NOW.getTime() - 2 * HOUR),
      dueAt: NOW,
      breachedAt: null,
      warnedAt: NOW,
    };
    const snapshot = world(reps, { runningClocks: [clock] });
    snapshot.users[1]!.name = 'Cem Next';
    const plan = planHandoff(ctx, snapshot, [
      {
        kind: 'sla',
        lead: lead(1, { ownerId: userId(1) }),
        clock,
        warned: false,
        breached: true,
        notifyManager: true,
        reassign: true,
      },
    ]);
    expect(plan.events.map((e) => e.type)).toEqual(['sla.breached', 'lead.reassigned', 'sla.escalated']);
    const escalated = plan.notifications.filter((n) => n.type === 'sla.escalated');
    expect(escalated.map((n) => n.userId).sort()).toEqual([userId(2), MANAGER].sort());
    expect(escalated[0]!.body).toContain('escalated from rep Rep Number1: round robin picked rep Cem Next');
    expect(plan.clocks.stop).toMatchObject([{ id: 'c1', status: 'reassigned' }]);
    expect(plan.clocks.start).toMatchObject([{ ownerId: userId(2) }]);
    // The breach is marked on the clock that stops, in the same row.
    expect(plan.clocks.stop[0]!.breachedAt).toEqual(NOW);
    expect(plan.clocks.mark).toEqual([]);
  });

  it('marks a warning on a clock that keeps running, and stops reassigning after MAX_ESCALATIONS', () => {
    const reps = [
      { weight: 1, capacity: null, open: 0 },
      { weight: 1, capacity: null, open: 0 },
    ];
    const clock = {
      id: 'c1',
      leadId: 'lead-1',
      policyId: 'mql-response',
      clock: 'response',
      stage: 'mql',
      ownerId: userId(1),
      teamId: AMER,
      startedAt: new Date(NOW.getTime() - 9 * HOUR),
      warnAt: new Date(NOW.getTime() - HOUR),
      dueAt: NOW,
      breachedAt: null,
      warnedAt: null,
    };
    const fired = (warned: boolean, breached: boolean): HandoffChange => ({
      kind: 'sla',
      lead: lead(1, { ownerId: userId(1) }),
      clock,
      warned,
      breached,
      notifyManager: false,
      reassign: true,
    });
    const warnOnly = planHandoff(ctx, world(reps, { runningClocks: [clock] }), [fired(true, false)]);
    expect(warnOnly.clocks.mark).toEqual([{ id: 'c1', warnedAt: NOW }]);
    expect(warnOnly.events.map((e) => e.type)).toEqual(['sla.warning']);
    const often = world(reps, {
      runningClocks: [clock],
      escalations: { 'lead-1:mql-response': MAX_ESCALATIONS },
    });
    const noMore = planHandoff(ctx, often, [fired(false, true)]);
    expect(noMore.assignments).toEqual([]);
    expect(noMore.clocks.mark).toEqual([{ id: 'c1', breachedAt: NOW }]);
    expect(noMore.events.map((e) => e.type)).toEqual(['sla.breached']);
  });

  it('tells marketing when a CRM sends a lead back, not when sales rejected it (feedback.rejected does)', () => {
    const snapshot = world([{ weight: 1, capacity: null, open: 0 }]);
    snapshot.users.push(user(300, { role: 'marketing', name: 'Max Marketing' }));
    const l = lead(1, { ownerId: userId(1), state: { ...lead(1).state, stage: 'nurture' } });
    const crm = planHandoff(ctx, snapshot, [
      { kind: 'stage', lead: l, transition: move(l, 'sal', 'nurture', { actorType: 'crm', reason: 'lost' }) },
    ]);
    expect(crm.notifications).toMatchObject([{ userId: userId(300), type: 'lead.recycled' }]);
    const rejected = planHandoff(ctx, snapshot, [
      {
        kind: 'stage',
        lead: l,
        transition: move(l, 'mql', 'nurture', {
          actorType: 'user',
          actorId: userId(1),
          reasonCode: 'timing',
        }),
        feedback: { kind: 'rejected', reasonCode: 'timing', label: 'Bad timing', note: null },
      },
    ]);
    expect(rejected.notifications).toMatchObject([
      { userId: userId(300), type: 'feedback.rejected', title: 'Rejected: Lea Buyer1 (Bad timing)' },
    ]);
  });
});
