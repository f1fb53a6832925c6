// A time shown relative to now ("3 h ago"), the exact moment on hover, refreshed every half minute.
import { useSyncExternalStore } from 'react';
import { formatDateTime, formatRelative } from '../format.js';
import { useSessionQuery } from '../session.js';

const TICK_MS = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

// Refreshed on read when no ticker ran for a while (nothing on screen showed a time).
function snapshot(): number {
  if (Date.now() - now > TICK_MS) now = Date.now();
  return now;
}

/** The current time, updated every 30 s for everything on screen at once. */
export function useNow(): Date {
  return new Date(useSyncExternalStore(subscribe, snapshot, snapshot));
}

/** The signed-in user's time zone, for exact times. */
export function useTimeZone(): string | undefined {
  return useSessionQuery().data?.user.timeZone;
}

export function RelativeTime({ at, fallback = '—' }: { at: string | null | undefined; fallback?: string }) {
  const current = useNow();
  const timeZone = useTimeZone();
  if (!at) return <span className="muted">{fallback}</span>;
  const date = new Date(at);
  return (
    <time className="reltime" dateTime={at} title={formatDateTime(date, timeZone)}>
      {formatRelative(date, current, timeZone)}
    </time>
  );
}
