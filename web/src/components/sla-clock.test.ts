import { describe, expect, it } from 'vitest';
import { clockStateAt, remainingText } from './sla-clock.js';

const HOUR = 3_600_000;
const due = Date.parse('2026-11-18T22:00:00Z'); // Wednesday 5 PM in New York

describe('SLA countdown text', () => {
  it('counts what is left in business time', () => {
    expect(remainingText(2 * HOUR + 10 * 60_000, 'on_track', due, due - 20 * HOUR)).toBe('2h 10m left');
  });

  it('says how long ago the due moment passed in wall time, not in business hours worked since', () => {
    // Six days later only three business days (24 business hours) went by; the lead is still 5d 16h late.
    const now = Date.parse('2026-11-24T14:00:00Z');
    expect(
      clockStateAt(
        { warnAt: new Date(due - 2 * HOUR).toISOString(), dueAt: new Date(due).toISOString() },
        now,
      ),
    ).toBe('breached');
    expect(remainingText(-24 * HOUR, 'breached', due, now)).toBe('overdue 5d 16h');
  });
});
