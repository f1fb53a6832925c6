// Engagement scoring: which activities earn points, caps, and exact exponential decay kept as one number S.
//
// With λ = ln 2 / halfLifeDays and a fixed epoch T₀, a lead keeps S = Σ pᵢ·e^{λ(tᵢ−T₀)}; its engagement
// at any t is S·e^{−λ(t−T₀)}. Adding points is S += p·e^{λ(t−T₀)}; nothing ever needs a nightly sweep.
import type { ActivityMatch, Agreement, EngagementRule, PropertyMatch } from './agreement.js';

export const DAY_MS = 86_400_000;

export type ActivityType = 'track' | 'page' | 'identify' | 'group' | 'alias';

/** Something a lead did, as the scoring rules see it (a Segment call, normalised). */
export interface Activity {
  id: string;
  type: ActivityType;
  /** The track event name, or the page name; null for identify/group/alias or unnamed pages. */
  event: string | null;
  properties: Record<string, unknown>;
  at: Date;
}

/** Points a rule granted for one activity: raw points after caps, before decay. A row of the ledger. */
export interface Contribution {
  ruleId: string;
  label: string;
  activityId: string;
  points: number;
  at: Date;
}

// ---------------------------------------------------------------------------------------------
// Matching

export interface RuleHit {
  rule: EngagementRule;
  ruleId: string;
  label: string;
  /** The rule's points before caps. */
  points: number;
}

/** Every engagement rule the activity matches, in the agreement's order; rules add up (no first-match). */
export function matchRules(agreement: Agreement, activity: Activity): RuleHit[] {
  return agreement.engagement.rules
    .filter((rule) => matchesActivity(rule.match, activity))
    .map((rule) => ({ rule, ruleId: rule.id, label: rule.label, points: rule.points }));
}

/** Does the activity meet the match: same type, same event name (any case), every property test? */
export function matchesActivity(match: ActivityMatch, activity: Activity): boolean {
  if (activity.type !== match.type) return false;
  if (match.event !== undefined) {
    if (activity.event === null || activity.event.trim().toLowerCase() !== match.event.trim().toLowerCase()) {
      return false;
    }
  }
  for (const [key, test] of Object.entries(match.properties ?? {})) {
    if (!matchesProperty(propertyValue(activity.properties, key), test)) return false;
  }
  return true;
}

// `context.page.path` finds a literal key first, then walks nested objects.
function propertyValue(properties: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(properties, key)) return properties[key];
  let value: unknown = properties;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

// Strings compare case-insensitively, as in profile conditions; "42" equals 42.
function sameScalar(actual: unknown, expected: string | number | boolean): boolean {
  if (typeof actual === 'string' && typeof expected === 'string')
    return actual.toLowerCase() === expected.toLowerCase();
  if (typeof actual === 'string' && typeof expected === 'number' && actual.trim() !== '') {
    return Number(actual) === expected;
  }
  return actual === expected;
}

function matchesProperty(value: unknown, test: PropertyMatch): boolean {
  if (value === undefined || value === null) return false;
  if (test.equals !== undefined && !sameScalar(value, test.equals)) return false;
  if (test.in !== undefined && !test.in.some((x) => sameScalar(value, x))) return false;
  if (test.contains !== undefined) {
    if (typeof value !== 'string' || !value.toLowerCase().includes(test.contains.toLowerCase())) return false;
  }
  if (test.startsWith !== undefined) {
    if (typeof value !== 'string' || !value.toLowerCase().startsWith(test.startsWith.toLowerCase()))
      return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Caps

/**
 * Points already granted to one lead, per capped rule: `daily["<ruleId>@<YYYY-MM-DD>"]` (UTC day)
 * and `lifetime["<ruleId>"]`. Only rules with a cap are counted. Plain JSON, meant to be stored per lead.
 */
export interface CapCounters {
  daily: Record<string, number>;
  lifetime: Record<string, number>;
}

export function emptyCapCounters(): CapCounters {
  return { daily: {}, lifetime: {} };
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function dailyKey(ruleId: string, at: Date): string {
  return `${ruleId}@${utcDay(at)}`;
}

// Left-over room below this share of a cap is float dust, not points worth a ledger row.
const DUST = 1e-9;

/** How many of `points` the rule may still grant at `at`, given what it already granted (0 when capped out). */
export function capPoints(rule: EngagementRule, points: number, at: Date, counters: CapCounters): number {
  let granted = Math.max(0, points);
  if (rule.perDayCap !== undefined) {
    const room = rule.perDayCap - (counters.daily[dailyKey(rule.id, at)] ?? 0);
    granted = room <= rule.perDayCap * DUST ? 0 : Math.min(granted, room);
  }
  if (rule.lifetimeCap !== undefined) {
    const room = rule.lifetimeCap - (counters.lifetime[rule.id] ?? 0);
    granted = room <= rule.lifetimeCap * DUST ? 0 : Math.min(granted, room);
  }
  return granted;
}

/** Counters after the rule granted `points` at `at` (a new object; the input is left untouched). */
export function recordGrant(
  counters: CapCounters,
  rule: EngagementRule,
  at: Date,
  points: number,
): CapCounters {
  if (points <= 0 || (rule.perDayCap === undefined && rule.lifetimeCap === undefined)) return counters;
  const next: CapCounters = { daily: { ...counters.daily }, lifetime: { ...counters.lifetime } };
  if (rule.perDayCap !== undefined) {
    const key = dailyKey(rule.id, at);
    next.daily[key] = (next.daily[key] ?? 0) + points;
  }
  if (rule.lifetimeCap !== undefined) next.lifetime[rule.id] = (next.lifetime[rule.id] ?? 0) + points;
  return next;
}

// ---------------------------------------------------------------------------------------------
// Exact decay

/** Decay rate per day. */
export function lambda(halfLifeDays: number): number {
  return Math.LN2 / halfLifeDays;
}

function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

/** e^{λ(t−T₀)}: what one point earned at t adds to S. */
export function weightAt(t: Date, epoch: Date, halfLifeDays: number): number {
  return Math.exp(lambda(halfLifeDays) * daysBetween(epoch, t));
}

/** The decayed engagement at t of a lead whose sum is S: S·e^{−λ(t−T₀)}. */
export function engagementAt(S: number, t: Date, epoch: Date, halfLifeDays: number): number {
  return S * Math.exp(-lambda(halfLifeDays) * daysBetween(epoch, t));
}

/** What `points` earned at `at` are worth at `now`. */
export function decayedValue(points: number, at: Date, now: Date, halfLifeDays: number): number {
  return points * Math.exp(-lambda(halfLifeDays) * daysBetween(at, now));
}

/** S for a list of contributions: Σ pᵢ·e^{λ(tᵢ−T₀)}. */
export function engagementSum(
  contributions: readonly { points: number; at: Date }[],
  epoch: Date,
  halfLifeDays: number,
): number {
  let S = 0;
  for (const c of contributions) S += c.points * weightAt(c.at, epoch, halfLifeDays);
  return S;
}

/**
 * When the engagement of sum S decays to `threshold`: T₀ + ln(S/threshold)/λ, rounded up to the
 * millisecond. Null when S or the threshold is not positive (nothing to cross) or the date is out of range.
 */
export function crossingTime(S: number, threshold: number, epoch: Date, halfLifeDays: number): Date | null {
  if (!(S > 0) || !(threshold > 0)) return null;
  const ms = epoch.getTime() + (Math.log(S / threshold) / lambda(halfLifeDays)) * DAY_MS;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return new Date(Math.ceil(ms));
}

/** Band 1 (most engaged) to 4, from the agreement's minimum for each band. */
export function engagementBand(agreement: Agreement, score: number): 1 | 2 | 3 | 4 {
  const bands = agreement.engagement.bands;
  if (score >= bands['1']) return 1;
  if (score >= bands['2']) return 2;
  if (score >= bands['3']) return 3;
  return 4;
}

// ---------------------------------------------------------------------------------------------
// Explanation

export interface EngagementExplanation {
  /** Σ items[].decayed: the engagement at `now`. */
  score: number;
  halfLifeDays: number;
  items: (Contribution & { decayed: number })[];
  /** One line per rule, most valuable first. */
  byRule: { ruleId: string; label: string; count: number; points: number; decayed: number }[];
}

/** The engagement score at `now` as a ledger whose lines add up to the total. */
export function explainEngagement(
  agreement: Agreement,
  contributions: readonly Contribution[],
  now: Date,
): EngagementExplanation {
  const halfLifeDays = agreement.engagement.halfLifeDays;
  const items = contributions.map((c) => ({
    ...c,
    decayed: decayedValue(c.points, c.at, now, halfLifeDays),
  }));
  const byRule = new Map<string, EngagementExplanation['byRule'][number]>();
  let score = 0;
  for (const item of items) {
    score += item.decayed;
    const line = byRule.get(item.ruleId) ?? {
      ruleId: item.ruleId,
      label: item.label,
      count: 0,
      points: 0,
      decayed: 0,
    };
    line.count += 1;
    line.points += item.points;
    line.decayed += item.decayed;
    byRule.set(item.ruleId, line);
  }
  const lines = [...byRule.values()].sort(
    (a, b) => b.decayed - a.decayed || a.ruleId.localeCompare(b.ruleId),
  );
  return { score, halfLifeDays, items, byRule: lines };
}

/**
 * Round a ledger for display so the rounded parts add up to the rounded total (largest remainder):
 * each part is its value rounded down or up by one unit of `decimals`.
 */
export function roundLedger(values: readonly number[], decimals: number): { total: number; parts: number[] } {
  const scale = 10 ** decimals;
  // Snap values like 0.29·100 = 28.999999999999996 to the integer they mean before flooring.
  const scaled = values.map((v) => {
    const x = v * scale;
    const near = Math.round(x);
    return Math.abs(x - near) <= 1e-9 * Math.max(1, Math.abs(x)) ? near : x;
  });
  const floors = scaled.map(Math.floor);
  const target = Math.round(scaled.reduce((a, b) => a + b, 0));
  let missing = target - floors.reduce((a, b) => a + b, 0);
  const order = scaled
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  const units = [...floors];
  for (const { i } of order) {
    if (missing <= 0) break;
    units[i] = (units[i] ?? 0) + 1;
    missing -= 1;
  }
  // `|| 0` turns -0 into 0: nobody wants to read "-0.0".
  return { total: target / scale || 0, parts: units.map((u) => u / scale || 0) };
}
