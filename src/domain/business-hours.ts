// Business hours in a time zone: when an SLA clock runs, and how far it has run between two instants.
//
// Model: every local date of the calendar's zone has opening intervals (from its weekday, none on a
// holiday). Each interval is turned into real instants, half-open [open, close), and business time
// is the real time spent inside them. Local times map to instants by one monotone rule, "the first
// instant whose local clock reads at least this time", which settles the DST cases:
// - a local time skipped by spring-forward maps to the moment of the jump (an interval lying wholly
//   inside the skipped hour is empty that day; one spanning it is an hour shorter);
// - a local time repeated by fall-back maps to its first occurrence, so 09:00–17:00 is unchanged
//   and 00:00–06:00 lasts seven real hours, as a wall clock would show.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local opening and closing time, 'HH:MM'; a closing time may be '24:00' (midnight at the end of the day). */
export type OpeningInterval = [string, string];

export interface BusinessCalendar {
  /** IANA zone name, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** Opening intervals per weekday, ordered and non-overlapping; an empty list means closed. */
  week: Record<Weekday, OpeningInterval[]>;
  /** Closed local dates, 'YYYY-MM-DD' in the calendar's zone. */
  holidays: string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Validation

const OPENING_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSING_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const intervalSchema = z
  .tuple([
    z.string().regex(OPENING_TIME, 'opening time must be HH:MM (00:00–23:59)'),
    z.string().regex(CLOSING_TIME, 'closing time must be HH:MM (00:01–24:00)'),
  ])
  .refine(([open, close]) => minutesOf(open) < minutesOf(close), 'closing time must be after opening time');

const daySchema = z.array(intervalSchema).superRefine((intervals, ctx) => {
  for (let i = 1; i < intervals.length; i++) {
    const previous = intervals[i - 1];
    const current = intervals[i];
    if (previous && current && minutesOf(current[0]) < minutesOf(previous[1])) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `intervals must be in order and must not overlap (${current[0]} starts before ${previous[1]})`,
      });
    }
  }
});

const holidaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'holiday must be a date YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, 'holiday is not a valid date');

export const businessCalendarSchema = z
  .object({
    timeZone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'not a known IANA time zone'),
    week: z
      .object({
        mon: daySchema.default([]),
        tue: daySchema.default([]),
        wed: daySchema.default([]),
        thu: daySchema.default([]),
        fri: daySchema.default([]),
        sat: daySchema.default([]),
        sun: daySchema.default([]),
      })
      .strict()
      .refine((week) => WEEKDAYS.some((d) => week[d].length > 0), 'the calendar has no opening hours'),
    holidays: z.array(holidaySchema).default([]),
  })
  .strict();

/** Monday to Friday, 09:00–17:00, no holidays. */
export function defaultCalendar(timeZone: string): BusinessCalendar {
  const day = (): OpeningInterval[] => [['09:00', '17:00']];
  return {
    timeZone,
    week: { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [], sun: [] },
    holidays: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Local days as real instants. A local date is a day number (days since 1970-01-01); a local wall
// time is "wall ms": the day number × DAY + ms since local midnight.

interface CompiledCalendar {
  zone: IANAZone;
  /** Opening intervals in minutes since local midnight, indexed by Date#getUTCDay (0 = Sunday). */
  week: Array<Array<[number, number]>>;
  holidays: Set<string>;
  /** More consecutive days than this without opening hours means there are none: stop, never loop. */
  maxClosedDays: number;
  days: Map<number, Opening[]>;
}

const BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function compile(cal: BusinessCalendar): CompiledCalendar {
  const zone = IANAZone.create(cal.timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone ${cal.timeZone}`);
  const holidays = new Set(cal.holidays);
  return {
    zone,
    week: BY_UTC_DAY.map((d) =>
      (cal.week[d] ?? []).map(([o, c]): [number, number] => [minutesOf(o), minutesOf(c)]),
    ),
    holidays,
    // Some open weekday recurs every 7 days and at most |holidays| of its dates are closed; the
    // slack covers an interval emptied by a DST jump.
    maxClosedDays: 7 * (holidays.size + 3),
    days: new Map(),
  };
}

// A report measures thousands of stays against the same few calendars: each is compiled once, and
// its per-day openings (time-zone offsets are the costly part) are shared between calls.
const compiledCalendars = new Map<string, CompiledCalendar>();

function compiled(cal: BusinessCalendar): CompiledCalendar {
  const key = JSON.stringify(cal);
  let c = compiledCalendars.get(key);
  if (!c) {
    if (compiledCalendars.size >= 64) compiledCalendars.clear();
    c = compile(cal);
    compiledCalendars.set(key, c);
  }
  return c;
}

function offsetMs(c: CompiledCalendar, instant: number): number {
  return c.zone.offset(instant) * MINUTE;
}

function wallOf(c: CompiledCalendar, instant: number): number {
  return instant + offsetMs(c, instant);
}

function dayOf(c: CompiledCalendar, instant: number): number {
  return Math.floor(wallOf(c, instant) / DAY);
}

/** The first instant whose local clock reads `wall` or later (assumes ≤ 1 offset change within a day of it). */
function instantAt(c: CompiledCalendar, wall: number): number {
  const before = offsetMs(c, wall - DAY);
  const after = offsetMs(c, wall + DAY);
  let first: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (wallOf(c, candidate) === wall && (first === null || candidate < first)) first = candidate;
  }
  if (first !== null) return first;
  // `wall` was skipped by a forward jump: find the instant of the jump.
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallOf(c, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** One opening interval of a local day as real instants [open, close), with its local closing time. */
interface Opening {
  open: number;
  close: number;
  /** The closing time as ms since local midnight ('24:00' = DAY). */
  closeTime: number;
}

/** The non-empty opening intervals of a local day, in order. */
function openingsOn(c: CompiledCalendar, day: number): Opening[] {
  const cached = c.days.get(day);
  if (cached) return cached;
  const midnight = day * DAY;
  const date = new Date(midnight);
  const openings: Opening[] = [];
  if (!c.holidays.has(date.toISOString().slice(0, 10))) {
    // Fast path: one offset across the day and its neighbours means local time is a plain shift.
    const offsets = [
      offsetMs(c, midnight - DAY),
      offsetMs(c, midnight + DAY / 2),
      offsetMs(c, midnight + 2 * DAY),
    ];
    const constant = offsets[0] === offsets[1] && offsets[1] === offsets[2] ? offsets[0] : undefined;
    const at = (wall: number): number => (constant === undefined ? instantAt(c, wall) : wall - constant);
    for (const [openTime, closeTime] of c.week[date.getUTCDay()] ?? []) {
      const open = at(midnight + openTime * MINUTE);
      const close = at(midnight + closeTime * MINUTE);
      if (close > open) openings.push({ open, close, closeTime: closeTime * MINUTE });
    }
  }
  if (c.days.size > 20_000) c.days.clear();
  c.days.set(day, openings);
  return openings;
}

function guardClosedStreak(c: CompiledCalendar, closedDays: number): void {
  if (closedDays > c.maxClosedDays) {
    throw new RangeError(`the business calendar has no opening hours in ${c.maxClosedDays} consecutive days`);
  }
}

/** Opening intervals that end after `from`, in order, the first one clipped to start no earlier than `from`. */
function* openingsFrom(c: CompiledCalendar, from: number): Generator<[number, number]> {
  // Earlier local days close no later than this day's midnight, which is at or before `from`.
  let day = dayOf(c, from);
  let closedDays = 0;
  for (;;) {
    const openings = openingsOn(c, day++);
    closedDays = openings.length === 0 ? closedDays + 1 : 0;
    guardClosedStreak(c, closedDays);
    for (const { open, close } of openings) if (close > from) yield [Math.max(open, from), close];
  }
}

/** The latest closing at or before `t`, and the local day it belongs to. */
function previousClosing(c: CompiledCalendar, t: number): { day: number; opening: Opening } {
  // One day ahead: a fall-back across midnight can put a later day's closing before `t`.
  let day = dayOf(c, t) + 1;
  let closedDays = 0;
  for (;;) {
    const openings = openingsOn(c, day);
    closedDays = openings.length === 0 ? closedDays + 1 : 0;
    guardClosedStreak(c, closedDays);
    for (let i = openings.length - 1; i >= 0; i--) {
      const opening = openings[i];
      if (opening && opening.close <= t) return { day, opening };
    }
    day--;
  }
}

function instantOf(date: Date, what: string): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${what} is not a valid date`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Public operations

/** Is the business open at `t`? Intervals are half-open: open at the opening instant, closed at the closing one. */
export function isOpenAt(t: Date, cal: BusinessCalendar): boolean {
  const at = instantOf(t, 't');
  const next = openingsFrom(compiled(cal), at).next();
  return !next.done && next.value[0] === at;
}

/** The earliest instant at or after `t` at which the business is open (`t` itself when open). */
export function nextOpening(t: Date, cal: BusinessCalendar): Date {
  const next = openingsFrom(compiled(cal), instantOf(t, 't')).next();
  if (next.done) throw new Error('unreachable: openings never run out');
  return new Date(next.value[0]);
}

/**
 * The earliest instant at which `ms` of business time has elapsed since `start`. Starting outside
 * opening hours, the clock starts at the next opening. A duration that ends exactly at a closing
 * returns that closing (Friday 17:00, not Monday 09:00). `ms` is rounded to whole milliseconds;
 * 0 returns `start` unchanged, which keeps add(add(s, a), b) = add(s, a + b) exact.
 */
export function addBusinessTime(start: Date, ms: number, cal: BusinessCalendar): Date {
  const from = instantOf(start, 'start');
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`business time must be a finite ms ≥ 0, got ${ms}`);
  let left = Math.round(ms);
  if (left === 0) return new Date(from);
  for (const [open, close] of openingsFrom(compiled(cal), from)) {
    if (close - open >= left) return new Date(open + left);
    left -= close - open;
  }
  throw new Error('unreachable: openings never run out');
}

/** Business time in ms spent inside opening hours between `a` and `b`; 0 when b ≤ a. */
export function businessTimeBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  const from = instantOf(a, 'a');
  const to = instantOf(b, 'b');
  if (to <= from) return 0;
  let total = 0;
  for (const [open, close] of openingsFrom(compiled(cal), from)) {
    if (open >= to) break;
    total += Math.min(close, to) - open;
  }
  return total;
}

/**
 * N business days after `start`: the same local time of day on the N-th working day after start's
 * working day. A working day is a local date that is not a holiday and has opening hours.
 *
 * - Start inside opening hours: its local date and time are used as they are, so 10 business days
 *   from Tuesday 15:00 is the 10th following working day at 15:00.
 * - Start outside opening hours counts from the last closing before it (the same point in business
 *   time), so a lead arriving Friday 20:00, Saturday, or Monday 07:00 with one business day is due
 *   Monday 17:00: one full working day.
 * - On the target day the local time is clamped into opening hours: in a break or after hours it
 *   moves back to the closing before it (Friday with 09:00–13:00 hours → 13:00); before the first
 *   opening it moves to that opening. (So where days have different hours, N and N + 1 days can
 *   land on the same point of business time: Friday 13:00 and Monday's opening.)
 * - `days` = 0 returns start itself when open, else the last closing before it.
 */
export function addBusinessDays(start: Date, days: number, cal: BusinessCalendar): Date {
  const from = instantOf(start, 'start');
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`business days must be an integer ≥ 0, got ${days}`);
  const c = compiled(cal);

  // The working day and local time of day the count starts from.
  let startDay: number;
  let timeOfDay: number;
  const current = openingsFrom(c, from).next();
  if (!current.done && current.value[0] === from) {
    if (days === 0) return new Date(from);
    startDay = dayOf(c, from);
    timeOfDay = wallOf(c, from) - startDay * DAY;
  } else {
    const { day, opening } = previousClosing(c, from);
    if (days === 0) return new Date(opening.close);
    startDay = day;
    timeOfDay = opening.closeTime;
  }

  let targetDay = startDay;
  let closedDays = 0;
  for (let counted = 0; counted < days;) {
    targetDay++;
    if (openingsOn(c, targetDay).length > 0) {
      counted++;
      closedDays = 0;
    } else {
      guardClosedStreak(c, ++closedDays);
    }
  }

  const openings = openingsOn(c, targetDay);
  const target = instantAt(c, targetDay * DAY + timeOfDay);
  let clamped = openings[0]?.open ?? target;
  for (const { open, close } of openings) {
    if (open <= target && target <= close) return new Date(target);
    if (close < target) clamped = close;
  }
  return new Date(clamped);
}
