import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessCalendarSchema, defaultCalendar, type BusinessCalendar } from './business-hours.js';
import { remainingLabel, slaStatus, startSlaClock, type SlaClockPolicy } from './sla-clock.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string): Date => new Date(iso);

// A German office open 08:00–17:00 on weekdays.
const berlinOffice: BusinessCalendar = businessCalendarSchema.parse({
  timeZone: 'Europe/Berlin',
  week: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [['08:00', '17:00']],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '17:00']],
  },
  holidays: ['2024-10-03'],
});

const eightHours: SlaClockPolicy = { id: 'mql-first-touch', target: { businessHours: 8 }, warnAtShare: 0.75 };

describe('startSlaClock', () => {
  it('runs a clock started Friday 16:00 over the weekend to Monday 15:00', () => {
    const clock = startSlaClock({
      policy: eightHours,
      startedAt: at('2024-01-12T16:00:00+01:00'),
      calendar: berlinOffice,
    });
    expect(clock).toEqual({
      startedAt: at('2024-01-12T16:00:00+01:00'),
      // 6 of the 8 hours: 1h on Friday, 5h on Monday from 08:00.
      warnAt: at('2024-01-15T13:00:00+01:00'),
      dueAt: at('2024-01-15T15:00:00+01:00'),
    });
  });

  it('is due Monday 16:00 in a 09:00–17:00 calendar', () => {
    const clock = startSlaClock({
      policy: eightHours,
      startedAt: at('2024-01-12T16:00:00+01:00'),
      calendar: defaultCalendar('Europe/Berlin'),
    });
    expect(clock.dueAt).toEqual(at('2024-01-15T16:00:00+01:00'));
  });

  it('does not count a holiday', () => {
    // Wednesday 2 October 2024 15:00: 2h that day, 3 October is German Unity Day, 6h on Friday.
    const clock = startSlaClock({
      policy: eightHours,
      startedAt: at('2024-10-02T15:00:00+02:00'),
      calendar: berlinOffice,
    });
    expect(clock.dueAt).toEqual(at('2024-10-04T14:00:00+02:00'));
    expect(clock.warnAt).toEqual(at('2024-10-04T12:00:00+02:00'));
  });

  it('starts a clock at the next opening when a lead qualifies at night', () => {
    const policy: SlaClockPolicy = { id: 'fast', target: { businessHours: 0.5 }, warnAtShare: 0.5 };
    const clock = startSlaClock({
      policy,
      startedAt: at('2024-01-09T22:00:00+01:00'),
      calendar: berlinOffice,
    });
    expect(clock.warnAt).toEqual(at('2024-01-10T08:15:00+01:00'));
    expect(clock.dueAt).toEqual(at('2024-01-10T08:30:00+01:00'));
  });

  it('gives a lead that arrives on Saturday until Monday closing for one business day', () => {
    const policy: SlaClockPolicy = { id: 'accept', target: { businessDays: 1 }, warnAtShare: 0.5 };
    const clock = startSlaClock({
      policy,
      startedAt: at('2024-01-13T11:00:00+01:00'),
      calendar: berlinOffice,
    });
    expect(clock.dueAt).toEqual(at('2024-01-15T17:00:00+01:00'));
    expect(clock.warnAt).toEqual(at('2024-01-15T12:30:00+01:00'));
  });

  it('counts business days from the time the lead arrived', () => {
    const policy: SlaClockPolicy = { id: 'accept', target: { businessDays: 2 }, warnAtShare: 0.5 };
    const clock = startSlaClock({
      policy,
      startedAt: at('2024-10-01T10:00:00+02:00'),
      calendar: berlinOffice,
    });
    // Tuesday 10:00 + 2 working days, skipping the 3 October holiday → Friday 10:00.
    expect(clock.dueAt).toEqual(at('2024-10-04T10:00:00+02:00'));
    expect(clock.warnAt).toEqual(at('2024-10-02T10:00:00+02:00'));
  });

  it('reads half a business day as half the business time to the next day', () => {
    const policy: SlaClockPolicy = { id: 'accept', target: { businessDays: 1.5 }, warnAtShare: 0.5 };
    const clock = startSlaClock({
      policy,
      startedAt: at('2024-01-09T10:00:00+01:00'),
      calendar: berlinOffice,
    });
    // Wednesday 10:00, then half of the 9 business hours to Thursday 10:00.
    expect(clock.dueAt).toEqual(at('2024-01-10T14:30:00+01:00'));
  });

  it('rejects a share outside 0..1', () => {
    const policy: SlaClockPolicy = { ...eightHours, warnAtShare: 1.5 };
    const startedAt = at('2024-01-12T16:00:00Z');
    expect(() => startSlaClock({ policy, startedAt, calendar: berlinOffice })).toThrow(RangeError);
  });
});

describe('slaStatus', () => {
  const clock = startSlaClock({
    policy: eightHours,
    startedAt: at('2024-01-12T16:00:00+01:00'),
    calendar: berlinOffice,
  });

  it('is on track while less than the warning share has run', () => {
    expect(slaStatus(clock, at('2024-01-12T16:30:00+01:00'), berlinOffice)).toEqual({
      state: 'on_track',
      businessMsLeft: 7.5 * HOUR,
      businessMsElapsed: 30 * MINUTE,
    });
  });

  it('stands still over the weekend', () => {
    expect(slaStatus(clock, at('2024-01-13T12:00:00+01:00'), berlinOffice)).toEqual({
      state: 'on_track',
      businessMsLeft: 7 * HOUR,
      businessMsElapsed: HOUR,
    });
  });

  it('warns from warnAt', () => {
    expect(slaStatus(clock, at('2024-01-15T13:00:00+01:00'), berlinOffice)).toMatchObject({
      state: 'warning',
      businessMsLeft: 2 * HOUR,
    });
  });

  it('is breached from dueAt, and counts how far overdue', () => {
    expect(slaStatus(clock, at('2024-01-15T15:00:00+01:00'), berlinOffice)).toMatchObject({
      state: 'breached',
      businessMsLeft: 0,
    });
    expect(slaStatus(clock, at('2024-01-16T09:00:00+01:00'), berlinOffice)).toMatchObject({
      state: 'breached',
      businessMsLeft: -3 * HOUR,
      businessMsElapsed: 11 * HOUR,
    });
  });

  it('has the whole duration left before the clock starts', () => {
    expect(slaStatus(clock, at('2024-01-12T10:00:00+01:00'), berlinOffice)).toEqual({
      state: 'on_track',
      businessMsLeft: 8 * HOUR,
      businessMsElapsed: 0,
    });
  });
});

describe('remainingLabel', () => {
  it.each([
    [3 * HOUR + 20 * MINUTE, '3h 20m business time left'],
    [3 * HOUR + 20 * MINUTE + 59_999, '3h 20m business time left'],
    [26 * HOUR, '26h business time left'],
    [45 * MINUTE, '45m business time left'],
    [59_000, 'under 1m business time left'],
    [0, 'no business time left'],
    [-(HOUR + 5 * MINUTE), '1h 5m business time overdue'],
    [-1, 'under 1m business time overdue'],
  ])('labels %i ms as "%s"', (ms, label) => {
    expect(remainingLabel(ms)).toBe(label);
  });
});

describe('SLA clock properties', () => {
  const calendar = defaultCalendar('America/New_York');
  const instant = fc
    .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2025-12-31T00:00:00Z') })
    .map((t) => new Date(t));
  const target = fc.oneof(
    fc.integer({ min: 1, max: 80 }).map((h) => ({ businessHours: h / 2 })),
    fc.integer({ min: 1, max: 20 }).map((d) => ({ businessDays: d / 2 })),
  );

  it('moves from on track through warning to breached, with elapsed + left = the whole duration', () => {
    fc.assert(
      fc.property(
        instant,
        target,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(instant),
        (startedAt, t, share, checks) => {
          const clock = startSlaClock({
            policy: { id: 'p', target: t, warnAtShare: share },
            startedAt,
            calendar,
          });
          expect(clock.warnAt.getTime()).toBeLessThanOrEqual(clock.dueAt.getTime());
          const total = slaStatus(clock, startedAt, calendar).businessMsLeft;
          const order = { on_track: 0, warning: 1, breached: 2 };
          let previous = -1;
          for (const now of [...checks].sort((a, b) => a.getTime() - b.getTime())) {
            const status = slaStatus(clock, now, calendar);
            expect(status.businessMsElapsed + status.businessMsLeft).toBe(total);
            expect(order[status.state]).toBeGreaterThanOrEqual(previous);
            previous = order[status.state];
          }
          expect(slaStatus(clock, clock.dueAt, calendar)).toMatchObject({
            state: 'breached',
            businessMsLeft: 0,
          });
        },
      ),
    );
  });
});
