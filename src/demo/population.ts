// Who arrives when: the daily arrival schedule (seasonal) and each person's identity and truth.
import { DAY_MS, dayWeight, monthKey, utcDayStart } from './calendar.js';
import { CHANNELS, type Channel, channelWeights } from './channels.js';
import { Weighted, apportion } from './distributions.js';
import { type Account, accountForPerson } from './firmographics.js';
import { type Latent, latentOf } from './outcomes.js';
import { type Person, personAt } from './people.js';
import { randomFor, uuidFor } from './random.js';

export interface Schedule {
  /** UTC midnight of the first day. */
  startMs: number;
  /** The generated history ends here ("now"); nothing happens after it. */
  endMs: number;
  days: number;
  /** Cumulative arrivals at the end of each day: people 0..leadsBy[0]-1 arrive on day 0, and so on. */
  leadsBy: Uint32Array;
  visitorsBy: Uint32Array;
  leads: number;
  visitors: number;
  accounts: number;
}

export function buildSchedule(opts: {
  endMs: number;
  months: number;
  leads: number;
  visitorsPerLead: number;
  leadsPerAccount: number;
}): Schedule {
  const days = Math.round(opts.months * 30.44);
  const startMs = utcDayStart(opts.endMs) - (days - 1) * DAY_MS;
  const weights = Array.from({ length: days }, (_, d) => dayWeight(startMs + d * DAY_MS, d / 30.44));
  const cumulative = (total: number): Uint32Array => {
    const parts = apportion(total, weights);
    const out = new Uint32Array(days);
    let sum = 0;
    parts.forEach((n, d) => (out[d] = sum += n));
    return out;
  };
  const visitors = Math.round(opts.leads * opts.visitorsPerLead);
  return {
    startMs,
    endMs: opts.endMs,
    days,
    leadsBy: cumulative(opts.leads),
    visitorsBy: cumulative(visitors),
    leads: opts.leads,
    visitors,
    accounts: Math.max(1, Math.round(opts.leads / opts.leadsPerAccount)),
  };
}

/** The day (index) on which arrival number `index` happens. */
export function arrivalDay(cumulative: Uint32Array, index: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > index) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** New people per calendar month ("2025-03" → count), the basis of what paid channels cost. */
export function arrivalsByMonth(s: Schedule): Map<string, number> {
  const out = new Map<string, number>();
  let before = 0;
  for (let d = 0; d < s.days; d++) {
    const key = monthKey(s.startMs + d * DAY_MS);
    const n = s.leadsBy[d]! - before;
    before = s.leadsBy[d]!;
    out.set(key, (out.get(key) ?? 0) + n);
  }
  return out;
}

export interface LeadPersona {
  index: number;
  userId: string;
  anonymousId: string;
  account: Account;
  person: Person;
  channel: Channel;
  channelIndex: number;
  /** UTC midnight of the day they first visit. */
  arrivalDayMs: number;
  latent: Latent;
}

const USER_PREFIX = 'usr_';

/** The userId analytics sends for lead `index` (and back). */
export const userIdOf = (index: number): string => `${USER_PREFIX}${index.toString(36).padStart(5, '0')}`;
export const leadIndexOf = (userId: string): number | null =>
  userId.startsWith(USER_PREFIX) ? parseInt(userId.slice(USER_PREFIX.length), 36) : null;

const channelsByMonth = Array.from(
  { length: 12 },
  (_, m) => new Weighted(CHANNELS.map((c, i) => [i, channelWeights(m)[i]!] as const)),
);

/** Lead `index` of the workspace generated from `seed` over `schedule`: always the same person. */
export function leadPersona(seed: number, schedule: Schedule, index: number): LeadPersona {
  const r = randomFor(seed, 'lead', index);
  const day = arrivalDay(schedule.leadsBy, index);
  const arrivalDayMs = schedule.startMs + day * DAY_MS;
  const account = accountForPerson(seed, r, schedule.accounts);
  const person = personAt(r, account);
  const channelIndex = channelsByMonth[new Date(arrivalDayMs).getUTCMonth()]!.draw(r);
  const channel = CHANNELS[channelIndex]!;
  return {
    index,
    userId: userIdOf(index),
    anonymousId: uuidFor(seed, 'anon', 'lead', index),
    account,
    person,
    channel,
    channelIndex,
    arrivalDayMs,
    latent: latentOf(r, account, person, channel.quality),
  };
}

export interface VisitorPersona {
  index: number;
  anonymousId: string;
  channelIndex: number;
  arrivalDayMs: number;
  utcOffset: number;
}

const VISITOR_OFFSETS = [-8, -5, -5, -5, -6, 0, 0, 1, 1, 1, 5.5, 8, 9, 10, -3];

/** An anonymous visitor who never says who they are (most of a site's traffic). */
export function visitorPersona(seed: number, schedule: Schedule, index: number): VisitorPersona {
  const r = randomFor(seed, 'visitor', index);
  const day = arrivalDay(schedule.visitorsBy, index);
  const arrivalDayMs = schedule.startMs + day * DAY_MS;
  return {
    index,
    anonymousId: uuidFor(seed, 'anon', 'visitor', index),
    channelIndex: channelsByMonth[new Date(arrivalDayMs).getUTCMonth()]!.draw(r),
    arrivalDayMs,
    utcOffset: VISITOR_OFFSETS[Math.floor(r.next() * VISITOR_OFFSETS.length)]!,
  };
}
