// SLA clocks counting down live in the browser: "2h 10m left", "overdue 35m", coloured by state.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SlaClock, SlaState } from '../api.js';
import { formatDateTime, formatDuration } from '../format.js';
import { Icon } from './icons.js';
import { useTimeZone } from './relative-time.js';

/** The current time in ms, re-rendering every `intervalMs` while mounted. */
export function useTicker(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** Where a clock stands at `now`: warnAt and dueAt are exact instants, so the state needs no calendar. */
export function clockStateAt(clock: Pick<SlaClock, 'warnAt' | 'dueAt'>, now: number): SlaState {
  if (now >= Date.parse(clock.dueAt)) return 'breached';
  if (now >= Date.parse(clock.warnAt)) return 'warning';
  return 'on_track';
}

/**
 * Whether each clock's business time is running now (null: not known yet), by id.
 *
 * The server counts business time in the owner's calendar, which the browser does not have. A clock
 * whose remaining business time equals the wall time to its due moment is inside business hours
 * now; otherwise two answers of the server (30 s apart) tell whether the business time moved.
 */
export function useRunningClocks(
  clocks: readonly SlaClock[],
  fetchedAt: number,
): Map<string, boolean | null> {
  const samples = useRef(new Map<string, { left: number; at: number; isRunning: boolean | null }>());
  return useMemo(() => {
    const result = new Map<string, boolean | null>();
    for (const c of clocks) {
      const prev = samples.current.get(c.id);
      const wall = prev ? fetchedAt - prev.at : 0;
      let isRunning: boolean | null;
      if (prev && wall >= 5_000) isRunning = prev.left - c.businessMsLeft > wall / 2;
      else if (Math.abs(Date.parse(c.dueAt) - fetchedAt - c.businessMsLeft) < 120_000) isRunning = true;
      else isRunning = prev?.isRunning ?? null;
      if (!prev || wall >= 5_000)
        samples.current.set(c.id, { left: c.businessMsLeft, at: fetchedAt, isRunning });
      result.set(c.id, isRunning);
    }
    return result;
  }, [clocks, fetchedAt]);
}

const STATE_LABELS: Record<SlaState, string> = {
  on_track: 'On track',
  warning: 'Warning',
  breached: 'Breached',
};
export const slaStateLabel = (state: SlaState): string => STATE_LABELS[state];

/**
 * "2h 10m left" (business time, the clock pauses outside business hours) or "overdue 3d 16h" (wall
 * time since the due moment: a lead due last Wednesday is days late, however few hours were working).
 */
export function remainingText(businessMsLeft: number, state: SlaState, dueAtMs: number, now: number): string {
  if (state === 'breached') return `overdue ${formatDuration(Math.max(now - dueAtMs, 0))}`;
  return `${formatDuration(Math.max(businessMsLeft, 0))} left`;
}

export function SlaCountdown({
  clock,
  fetchedAt,
  isRunning,
  policyLabel,
  now,
  showPolicy = false,
}: {
  clock: SlaClock;
  /** When the server computed `businessMsLeft` (the query's dataUpdatedAt). */
  fetchedAt: number;
  isRunning: boolean | null;
  policyLabel: string;
  now: number;
  showPolicy?: boolean;
}) {
  const timeZone = useTimeZone();
  const state = clockStateAt(clock, now);
  const left = isRunning ? clock.businessMsLeft - (now - fetchedAt) : clock.businessMsLeft;
  const text = remainingText(left, state, Date.parse(clock.dueAt), now);
  const isPaused = isRunning === false && state !== 'breached';
  const title = `${policyLabel}: ${slaStateLabel(state).toLowerCase()}, due ${formatDateTime(new Date(clock.dueAt), timeZone)}. Counted in business hours${isPaused ? '; paused now, outside business hours' : ''}.`;
  return (
    <span className={`sla sla--${state}`} title={title} data-state={state}>
      <Icon name={isPaused ? 'pause' : 'clock'} size={13} />
      {showPolicy && <span className="sla__policy">{policyLabel}</span>}
      <span className="sla__left">{text}</span>
      {isPaused && <span className="visually-hidden">, paused outside business hours</span>}
    </span>
  );
}
