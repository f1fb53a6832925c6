// SLA clocks: when a response is due in business time, when to warn, and how a clock stands at a given moment.
import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  type BusinessCalendar,
} from './business-hours.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type SlaTarget = { businessHours: number } | { businessDays: number };

/** What a clock needs of an SLA policy; the agreement's `SlaPolicy` (validated there) fits it. */
export interface SlaClockPolicy {
  id: string;
  target: SlaTarget;
  /** Share of the business duration after which the clock turns to warning (0.75 = at three quarters). */
  warnAtShare: number;
}

/** A running clock: store these three instants; warnAt and dueAt are when the timers fire. */
export interface SlaClock {
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
}

export type SlaState = 'on_track' | 'warning' | 'breached';

export interface SlaStatus {
  state: SlaState;
  /** Business time until dueAt; negative once overdue (how far past it, in business time). */
  businessMsLeft: number;
  /** Business time elapsed since the clock started. */
  businessMsElapsed: number;
}

/**
 * Start a clock in the calendar of whoever must act (the owner's). A target in business hours ends
 * when that much business time has run (a clock started outside hours starts at the next opening);
 * one in business days uses addBusinessDays (same local time N working days later), and a fraction
 * of a day is that share of the business time between N and N + 1 days. warnAt is when warnAtShare
 * of the clock's business duration has run, never after dueAt.
 */
export function startSlaClock(input: {
  policy: SlaClockPolicy;
  startedAt: Date;
  calendar: BusinessCalendar;
}): SlaClock {
  const { policy, startedAt, calendar } = input;
  if (!(policy.warnAtShare >= 0 && policy.warnAtShare <= 1)) {
    throw new RangeError(`SLA ${policy.id}: warnAtShare must be between 0 and 1`);
  }
  const dueAt =
    'businessHours' in policy.target
      ? addBusinessTime(startedAt, Math.round(policy.target.businessHours * HOUR), calendar)
      : dueAfterBusinessDays(startedAt, policy.target.businessDays, calendar);
  const total = businessTimeBetween(startedAt, dueAt, calendar);
  const warnAt = addBusinessTime(startedAt, Math.round(total * policy.warnAtShare), calendar);
  return { startedAt, warnAt: warnAt.getTime() <= dueAt.getTime() ? warnAt : dueAt, dueAt };
}

function dueAfterBusinessDays(startedAt: Date, days: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(days) || days < 0)
    throw new RangeError(`business days must be finite and ≥ 0, got ${days}`);
  const whole = Math.floor(days);
  const due = addBusinessDays(startedAt, whole, calendar);
  if (whole === days) return due;
  const nextDay = addBusinessDays(startedAt, whole + 1, calendar);
  return addBusinessTime(
    due,
    Math.round((days - whole) * businessTimeBetween(due, nextDay, calendar)),
    calendar,
  );
}

/**
 * Where the clock stands at `now`. Breached from dueAt on (a response at dueAt itself is late),
 * warning from warnAt on. Time outside business hours does not count, so a clock checked on a
 * Saturday shows what it showed at Friday's closing.
 */
export function slaStatus(clock: SlaClock, now: Date, calendar: BusinessCalendar): SlaStatus {
  const total = businessTimeBetween(clock.startedAt, clock.dueAt, calendar);
  const elapsed = businessTimeBetween(clock.startedAt, now, calendar);
  const t = now.getTime();
  const state: SlaState =
    t >= clock.dueAt.getTime() ? 'breached' : t >= clock.warnAt.getTime() ? 'warning' : 'on_track';
  return { state, businessMsLeft: total - elapsed, businessMsElapsed: elapsed };
}

function hoursAndMinutes(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
}

/** "3h 20m business time left", "45m business time overdue"; whole minutes, rounded down. */
export function remainingLabel(ms: number): string {
  if (ms === 0) return 'no business time left';
  const size = Math.abs(ms);
  if (size < MINUTE) return ms > 0 ? 'under 1m business time left' : 'under 1m business time overdue';
  return `${hoursAndMinutes(size)} business time ${ms > 0 ? 'left' : 'overdue'}`;
}
