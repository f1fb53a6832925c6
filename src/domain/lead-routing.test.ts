import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyLeadProfile, type LeadProfile } from './lead-profile.js';
import {
  chooseEscalationRep,
  emptyRoundRobinState,
  isEligible,
  isOutOfOffice,
  pickRoundRobin,
  repSchema,
  routeLead,
  type Rep,
  type RoundRobinState,
  type RoutingInput,
} from './lead-routing.js';
import type { RoutingRule } from './agreement.js';

const now = new Date('2024-05-06T10:00:00Z');

function rep(id: string, overrides: Partial<Rep> = {}): Rep {
  return { id, weight: 1, capacity: null, openLeads: 0, available: true, ...overrides };
}

function lead(overrides: Partial<LeadProfile> = {}): LeadProfile {
  return { ...emptyLeadProfile(), ...overrides };
}

const emeaRule: RoutingRule = {
  id: 'emea-territory',
  label: 'region is EMEA',
  when: [{ field: 'region', op: 'equals', value: 'EMEA' }],
  team: 'emea',
};
const enterpriseRule: RoutingRule = {
  id: 'enterprise',
  label: '1000+ employees',
  when: [{ field: 'employees', op: 'range', min: 1000 }],
  team: 'enterprise',
};

function input(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    lead: lead({ region: 'EMEA', employees: 50 }),
    accountOwnerId: null,
    useAccountOwner: true,
    rules: [emeaRule, enterpriseRule],
    fallbackTeam: null,
    teams: {
      emea: { reps: [rep('anna', { weight: 2, openLeads: 3, capacity: 10 })] },
      enterprise: { reps: [rep('erik')] },
      inbound: { reps: [rep('ines')] },
    },
    state: {},
    now,
    ...overrides,
  };
}

describe('routeLead', () => {
  it('gives the lead to the account owner when the agreement says so', () => {
    const decision = routeLead(input({ accountOwnerId: 'olga' }));
    expect(decision).toEqual({
      kind: 'account_owner',
      ownerId: 'olga',
      reason: "account owner olga owns the lead's account",
    });
  });

  it('ignores the account owner when the agreement does not use it', () => {
    const decision = routeLead(input({ accountOwnerId: 'olga', useAccountOwner: false }));
    expect(decision).toMatchObject({ kind: 'rule', ownerId: 'anna' });
  });

  it('routes by the first matching rule and explains why', () => {
    const decision = routeLead(input());
    expect(decision).toMatchObject({ kind: 'rule', ruleId: 'emea-territory', team: 'emea', ownerId: 'anna' });
    expect(decision.reason).toBe(
      'rule emea-territory (region is EMEA) → team emea; round robin picked rep anna (weight 2, 3/10 open)',
    );
  });

  it('follows rule order when several rules match', () => {
    const big = lead({ region: 'EMEA', employees: 5000 });
    expect(routeLead(input({ lead: big }))).toMatchObject({ ruleId: 'emea-territory', team: 'emea' });
    expect(routeLead(input({ lead: big, rules: [enterpriseRule, emeaRule] }))).toMatchObject({
      ruleId: 'enterprise',
      team: 'enterprise',
      ownerId: 'erik',
    });
  });

  it('uses the fallback team when no rule matches', () => {
    const decision = routeLead(input({ lead: lead({ region: 'APAC' }), fallbackTeam: 'inbound' }));
    expect(decision).toMatchObject({ kind: 'rule', ruleId: null, team: 'inbound', ownerId: 'ines' });
    expect(decision.reason).toMatch(
      /^no routing rule matched → fallback team inbound; round robin picked rep ines/,
    );
  });

  it('queues a lead no rule matches when there is no fallback team', () => {
    expect(routeLead(input({ lead: lead({ region: 'APAC' }) }))).toMatchObject({
      kind: 'queue',
      team: null,
      ruleId: null,
    });
  });

  it('queues for a team that has no reps', () => {
    const decision = routeLead(input({ teams: {} }));
    expect(decision).toMatchObject({ kind: 'queue', team: 'emea', ruleId: 'emea-territory' });
    expect(decision.reason).toContain('team emea has no reps');
  });

  it('respects capacity', () => {
    const teams = {
      emea: { reps: [rep('anna', { capacity: 5, openLeads: 5 }), rep('bo', { capacity: 5, openLeads: 4 })] },
    };
    expect(routeLead(input({ teams }))).toMatchObject({ kind: 'rule', ownerId: 'bo' });
  });

  it('skips reps who are out of office or unavailable', () => {
    const teams = {
      emea: {
        reps: [
          rep('anna', { outOfOffice: [{ start: new Date('2024-05-01'), end: new Date('2024-05-10') }] }),
          rep('bo', { available: false }),
          rep('cem', { outOfOffice: [{ start: new Date('2024-04-01'), end: new Date('2024-04-10') }] }),
        ],
      },
    };
    expect(routeLead(input({ teams }))).toMatchObject({ kind: 'rule', ownerId: 'cem' });
  });

  it('queues when everyone is full or away, saying why', () => {
    const teams = {
      emea: {
        reps: [
          rep('anna', { capacity: 2, openLeads: 2 }),
          rep('bo', { capacity: 3, openLeads: 7 }),
          rep('cem', { outOfOffice: [{ start: new Date('2024-05-01'), end: new Date('2024-05-10') }] }),
        ],
      },
    };
    const decision = routeLead(input({ teams }));
    expect(decision).toEqual({
      kind: 'queue',
      team: 'emea',
      ruleId: 'emea-territory',
      reason:
        'rule emea-territory (region is EMEA) → team emea; no eligible rep (2 at capacity, 1 out of office); the lead waits in the queue',
    });
  });

  it('continues the round robin from the persisted state', () => {
    const teams = { emea: { reps: [rep('anna'), rep('bo')] } };
    const first = routeLead(input({ teams }));
    if (first.kind !== 'rule') throw new Error('expected a rep');
    const second = routeLead(input({ teams, state: { emea: first.state } }));
    expect([first.ownerId, second.kind === 'rule' ? second.ownerId : null]).toEqual(['anna', 'bo']);
  });
});

describe('pickRoundRobin', () => {
  function run(
    reps: Rep[],
    picks: number,
    state: RoundRobinState = emptyRoundRobinState(),
  ): [string[], RoundRobinState] {
    const chosen: string[] = [];
    for (let i = 0; i < picks; i++) {
      const pick = pickRoundRobin(reps, state, now);
      if (!pick) break;
      chosen.push(pick.rep.id);
      state = pick.state;
    }
    return [chosen, state];
  }

  it('interleaves smoothly by weight (nginx sequence)', () => {
    const [chosen] = run([rep('a', { weight: 5 }), rep('b'), rep('c')], 7);
    expect(chosen).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('lets a new rep join and forgets a removed one', () => {
    const [, state] = run([rep('a'), rep('b')], 3);
    const pick = pickRoundRobin([rep('b'), rep('c')], state, now);
    expect(Object.keys(pick?.state.current ?? {}).sort()).toEqual(['b', 'c']);
    const [chosen] = run([rep('b'), rep('c')], 4, state);
    expect(chosen.filter((id) => id === 'c')).toHaveLength(2);
  });

  it('keeps the place of a rep who is temporarily ineligible', () => {
    const state = { current: { a: 3, b: -3 } };
    const pick = pickRoundRobin([rep('a', { available: false }), rep('b')], state, now);
    expect(pick?.rep.id).toBe('b');
    expect(pick?.state.current.a).toBe(3);
  });

  it('reads a corrupt state entry as zero and keeps any rep id, even __proto__, as plain data', () => {
    const state = { current: JSON.parse('{"a": null, "__proto__": 5}') as Record<string, number> };
    const pick = pickRoundRobin([rep('__proto__'), rep('a')], state, now);
    expect(pick?.rep.id).toBe('__proto__');
    expect(Object.hasOwn(pick?.state.current ?? {}, '__proto__')).toBe(true);
  });

  it('returns null and leaves the state alone when nobody is eligible', () => {
    expect(pickRoundRobin([rep('a', { available: false })], { current: { a: 1 } }, now)).toBeNull();
  });
});

describe('chooseEscalationRep', () => {
  it('picks another eligible rep than the current owner', () => {
    const reps = [rep('anna'), rep('bo', { capacity: 1, openLeads: 1 }), rep('cem')];
    const state = { current: { anna: 0, bo: 0, cem: -5 } };
    const choice = chooseEscalationRep(reps, 'anna', state, now);
    expect(choice).toMatchObject({ kind: 'rep', ownerId: 'cem' });
    expect(choice.reason).toBe(
      'escalated from rep anna: round robin picked rep cem (weight 1, 0 open, no cap)',
    );
  });

  it('queues when the owner is the only one who could take it', () => {
    const choice = chooseEscalationRep(
      [rep('anna'), rep('bo', { available: false })],
      'anna',
      emptyRoundRobinState(),
      now,
    );
    expect(choice).toEqual({
      kind: 'queue',
      reason: 'escalated from rep anna: no other eligible rep (1 unavailable); the lead waits in the queue',
    });
  });
});

describe('eligibility', () => {
  it('is out of office from the start of a range up to its end', () => {
    const ranges = [{ start: new Date('2024-05-06T00:00:00Z'), end: new Date('2024-05-06T10:00:00Z') }];
    expect(isOutOfOffice(ranges, new Date('2024-05-06T00:00:00Z'))).toBe(true);
    expect(isOutOfOffice(ranges, new Date('2024-05-06T10:00:00Z'))).toBe(false);
    expect(isOutOfOffice([], now)).toBe(false);
  });

  it('defaults a rep to weight 1, no cap, available', () => {
    expect(repSchema.parse({ id: 'anna' })).toEqual({
      id: 'anna',
      weight: 1,
      capacity: null,
      openLeads: 0,
      available: true,
    });
    expect(repSchema.safeParse({ id: 'anna', weight: 0 }).success).toBe(false);
  });
});

describe('round-robin properties', () => {
  const weightsArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 });

  it('gives each rep exactly weight × N picks over N × total-weight picks', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 5 }), (weights, n) => {
        const reps = weights.map((weight, i) => rep(`r${i}`, { weight }));
        const total = weights.reduce((a, b) => a + b, 0);
        const counts = new Map<string, number>();
        let state = emptyRoundRobinState();
        for (let i = 0; i < n * total; i++) {
          const pick = pickRoundRobin(reps, state, now);
          if (!pick) throw new Error('unlimited reps must always be eligible');
          counts.set(pick.rep.id, (counts.get(pick.rep.id) ?? 0) + 1);
          state = pick.state;
        }
        for (const r of reps) expect(counts.get(r.id) ?? 0).toBe(r.weight * n);
      }),
    );
  });

  const repArb = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    weight: fc.integer({ min: 1, max: 5 }),
    capacity: fc.option(fc.integer({ min: 0, max: 5 })),
    openLeads: fc.integer({ min: 0, max: 6 }),
    available: fc.boolean(),
    outOfOffice: fc.array(
      fc.record({ start: fc.date({ noInvalidDate: true }), end: fc.date({ noInvalidDate: true }) }),
      { maxLength: 2 },
    ),
  });

  it('never picks an ineligible rep, nor the current owner on escalation, and routes only when someone can take it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(repArb, { selector: (r) => r.id, maxLength: 5 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.constantFrom('a', 'b', 'c')),
        (rounds, owner) => {
          let state = emptyRoundRobinState();
          for (const reps of rounds) {
            const decision = routeLead(
              input({ rules: [emeaRule], teams: { emea: { reps } }, state: { emea: state } }),
            );
            const anyEligible = reps.some((r) => isEligible(r, now));
            expect(decision.kind).toBe(anyEligible ? 'rule' : 'queue');
            if (decision.kind === 'rule') {
              const chosen = reps.find((r) => r.id === decision.ownerId);
              expect(chosen && isEligible(chosen, now)).toBe(true);
              state = decision.state;
            }
            const escalation = chooseEscalationRep(reps, owner, state, now);
            if (escalation.kind === 'rep') {
              expect(escalation.ownerId).not.toBe(owner);
              const chosen = reps.find((r) => r.id === escalation.ownerId);
              expect(chosen && isEligible(chosen, now)).toBe(true);
            } else {
              expect(reps.some((r) => r.id !== owner && isEligible(r, now))).toBe(false);
            }
          }
        },
      ),
    );
  });
});
