import { describe, expect, it } from 'vitest';
import { RETRY_SCHEDULE_MS, isSubscribedTo, nextAttemptDelayMs } from './webhook-events.js';

describe('nextAttemptDelayMs', () => {
  it('waits 5 s after the first failure, then longer each time, up to a day', () => {
    const waits = Array.from({ length: 10 }, (_, i) => nextAttemptDelayMs(i + 1));
    expect(waits).toEqual([
      5e3,
      30e3,
      120e3,
      600e3,
      1800e3,
      3600e3,
      3 * 3600e3,
      6 * 3600e3,
      12 * 3600e3,
      24 * 3600e3,
    ]);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
  });

  it('gives up after the eleventh attempt, about two days after the first', () => {
    expect(nextAttemptDelayMs(RETRY_SCHEDULE_MS.length + 1)).toBeNull();
    expect(nextAttemptDelayMs(50)).toBeNull();
    const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 3600e3).toBeGreaterThan(46);
    expect(total / 3600e3).toBeLessThan(48);
  });

  it('has no wait for an attempt number that cannot be', () => {
    expect(nextAttemptDelayMs(0)).toBeNull();
    expect(nextAttemptDelayMs(-1)).toBeNull();
    expect(nextAttemptDelayMs(1.5)).toBeNull();
  });
});

describe('isSubscribedTo', () => {
  it('matches the listed types, or everything with *', () => {
    expect(isSubscribedTo(['lead.created'], 'lead.created')).toBe(true);
    expect(isSubscribedTo(['lead.created'], 'sla.breached')).toBe(false);
    expect(isSubscribedTo(['*'], 'sla.breached')).toBe(true);
  });
});
