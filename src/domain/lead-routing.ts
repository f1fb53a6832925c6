// Who gets a qualified lead: the account owner, else the first matching rule's team by weighted round robin.
import { z } from 'zod';
import type { RoutingRule } from './agreement.js';
import { matchesAll } from './conditions.js';
import type { LeadProfile } from './lead-profile.js';

export interface OutOfOfficeRange {
  start: Date;
  end: Date;
}

export interface Rep {
  id: string;
  /** Share of the team's leads relative to the other reps; > 0 (1 by default in repSchema). */
  weight: number;
  /** Most open leads the rep may hold; null = unlimited. */
  capacity: number | null;
  openLeads: number;
  /** False while the rep is out of office or has opted out of routing, as the caller knows it. */
  available: boolean;
  /** Absences; a rep inside one at `now` is skipped like an unavailable one. */
  outOfOffice?: OutOfOfficeRange[];
}

export const repSchema = z.object({
  id: z.string().min(1),
  weight: z.number().positive().finite().default(1),
  capacity: z.number().int().nonnegative().nullable().default(null),
  openLeads: z.number().int().nonnegative().default(0),
  available: z.boolean().default(true),
  outOfOffice: z.array(z.object({ start: z.coerce.date(), end: z.coerce.date() })).optional(),
});

/**
 * Smooth weighted round robin state of one team (nginx's algorithm): each rep's running "current"
 * weight. Persist it per team and pass it back on the next call; a rep missing from it starts at 0.
 */
export interface RoundRobinState {
  current: Record<string, number>;
}

export function emptyRoundRobinState(): RoundRobinState {
  return { current: {} };
}

export interface RoutingInput {
  lead: LeadProfile;
  accountOwnerId: string | null;
  useAccountOwner: boolean;
  /** Tried in order; the first whose conditions all hold decides the team. */
  rules: RoutingRule[];
  /** The team for leads no rule matches; null = they wait in the queue. */
  fallbackTeam: string | null;
  teams: Record<string, { reps: Rep[] }>;
  state: Record<string, RoundRobinState>;
  now: Date;
}

export type RoutingDecision =
  | { kind: 'account_owner'; ownerId: string; reason: string }
  /** ruleId null = no rule matched and the fallback team took the lead. */
  | {
      kind: 'rule';
      ruleId: string | null;
      team: string;
      ownerId: string;
      reason: string;
      state: RoundRobinState;
    }
  | { kind: 'queue'; team: string | null; ruleId: string | null; reason: string };

export type EscalationChoice =
  | { kind: 'rep'; ownerId: string; state: RoundRobinState; reason: string }
  | { kind: 'queue'; reason: string };

/** Is `now` inside one of the ranges? Each range is [start, end): back at work at `end`. */
export function isOutOfOffice(ranges: readonly OutOfOfficeRange[], now: Date): boolean {
  const t = now.getTime();
  return ranges.some((r) => r.start.getTime() <= t && t < r.end.getTime());
}

type Ineligibility = 'at capacity' | 'out of office' | 'unavailable' | 'without weight';

function whyIneligible(rep: Rep, now: Date): Ineligibility | null {
  if (!rep.available) return 'unavailable';
  if (rep.outOfOffice && isOutOfOffice(rep.outOfOffice, now)) return 'out of office';
  if (rep.capacity !== null && rep.openLeads >= rep.capacity) return 'at capacity';
  if (!(rep.weight > 0) || !Number.isFinite(rep.weight)) return 'without weight';
  return null;
}

/** Can the rep take one more lead at `now`? */
export function isEligible(rep: Rep, now: Date): boolean {
  return whyIneligible(rep, now) === null;
}

function describeRep(rep: Rep): string {
  const load =
    rep.capacity === null ? `${rep.openLeads} open, no cap` : `${rep.openLeads}/${rep.capacity} open`;
  return `rep ${rep.id} (weight ${rep.weight}, ${load})`;
}

/** "2 at capacity, 1 out of office" for the reps that could not take the lead. */
function describeIneligible(reps: readonly Rep[], now: Date): string {
  const counts = new Map<Ineligibility, number>();
  for (const rep of reps) {
    const why = whyIneligible(rep, now);
    if (why) counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  // A fixed order, so the same situation always reads the same.
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([why, n]) => `${n} ${why}`)
    .join(', ');
}

function uniqueById(reps: readonly Rep[]): Rep[] {
  const seen = new Set<string>();
  return reps.filter((rep) => {
    if (seen.has(rep.id)) return false;
    seen.add(rep.id);
    return true;
  });
}

function currentOf(state: RoundRobinState, repId: string): number {
  const value = Object.hasOwn(state.current, repId) ? state.current[repId] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * One step of smooth weighted round robin over the eligible reps (other than `excludeId`): each
 * gains its weight, the highest current wins (ties to the smaller id) and gives back the total.
 * Ineligible reps keep their current, so they resume their place when they can take leads again.
 * The next state holds exactly the given reps: removed reps drop out, new reps start at 0; a rep
 * listed twice counts once (the first entry).
 * Null when nobody is eligible (the state is then unchanged).
 */
export function pickRoundRobin(
  reps: readonly Rep[],
  state: RoundRobinState,
  now: Date,
  excludeId: string | null = null,
): { rep: Rep; state: RoundRobinState } | null {
  const team = uniqueById(reps);
  const current = new Map(team.map((rep) => [rep.id, currentOf(state, rep.id)]));
  let total = 0;
  let best: Rep | null = null;
  for (const rep of team) {
    if (rep.id === excludeId || !isEligible(rep, now)) continue;
    total += rep.weight;
    const value = (current.get(rep.id) ?? 0) + rep.weight;
    current.set(rep.id, value);
    const bestValue = best ? (current.get(best.id) ?? 0) : -Infinity;
    if (!best || value > bestValue || (value === bestValue && rep.id < best.id)) best = rep;
  }
  if (!best) return null;
  current.set(best.id, (current.get(best.id) ?? 0) - total);
  return { rep: best, state: { current: Object.fromEntries(current) } };
}

function describeRule(rule: RoutingRule): string {
  return `rule ${rule.id} (${rule.label})`;
}

/**
 * Route a qualified lead. The account owner takes it when `useAccountOwner` is on and the account
 * has one (whatever their load: the account relationship wins). Otherwise the first matching rule,
 * else the fallback team, names a team, and round robin picks among its eligible reps. When no one
 * can take it the lead goes to the queue, with the team it is waiting for.
 */
export function routeLead(input: RoutingInput): RoutingDecision {
  if (input.useAccountOwner && input.accountOwnerId !== null) {
    return {
      kind: 'account_owner',
      ownerId: input.accountOwnerId,
      reason: `account owner ${input.accountOwnerId} owns the lead's account`,
    };
  }

  const rule = input.rules.find((r) => matchesAll(input.lead, r.when)) ?? null;
  const team = rule?.team ?? input.fallbackTeam;
  const ruleId = rule?.id ?? null;
  if (team === null) {
    return {
      kind: 'queue',
      team: null,
      ruleId: null,
      reason: 'no routing rule matched and there is no fallback team; the lead waits in the queue',
    };
  }

  const why = rule
    ? `${describeRule(rule)} → team ${team}`
    : `no routing rule matched → fallback team ${team}`;
  const reps = Object.hasOwn(input.teams, team) ? (input.teams[team]?.reps ?? []) : [];
  if (reps.length === 0) {
    return {
      kind: 'queue',
      team,
      ruleId,
      reason: `${why}; team ${team} has no reps; the lead waits in the queue`,
    };
  }

  const state = (Object.hasOwn(input.state, team) ? input.state[team] : undefined) ?? emptyRoundRobinState();
  const pick = pickRoundRobin(reps, state, input.now);
  if (!pick) {
    const ineligible = describeIneligible(reps, input.now);
    return {
      kind: 'queue',
      team,
      ruleId,
      reason: `${why}; no eligible rep (${ineligible}); the lead waits in the queue`,
    };
  }
  return {
    kind: 'rule',
    ruleId,
    team,
    ownerId: pick.rep.id,
    reason: `${why}; round robin picked ${describeRep(pick.rep)}`,
    state: pick.state,
  };
}

/**
 * For SLA escalation: the next eligible rep of the team other than the current owner, by the same
 * round robin (the pick counts towards the team's fairness, so persist the returned state).
 */
export function chooseEscalationRep(
  reps: readonly Rep[],
  currentOwnerId: string | null,
  state: RoundRobinState,
  now: Date,
): EscalationChoice {
  const from = currentOwnerId === null ? 'unassigned' : `rep ${currentOwnerId}`;
  const pick = pickRoundRobin(reps, state, now, currentOwnerId);
  if (!pick) {
    const others = reps.filter((rep) => rep.id !== currentOwnerId);
    const ineligible = describeIneligible(others, now);
    const detail = others.length === 0 ? 'no other rep in the team' : `no other eligible rep (${ineligible})`;
    return { kind: 'queue', reason: `escalated from ${from}: ${detail}; the lead waits in the queue` };
  }
  return {
    kind: 'rep',
    ownerId: pick.rep.id,
    state: pick.state,
    reason: `escalated from ${from}: round robin picked ${describeRep(pick.rep)}`,
  };
}
