import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  businessCalendarSchema,
  businessTimeBetween,
  defaultCalendar,
  isOpenAt,
  nextOpening,
  WEEKDAYS,
  type BusinessCalendar,
  type OpeningInterval,
} from './business-hours.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string): Date => new Date(iso);
/** 'hh:mm-hh:mm hh:mm-hh:mm' → opening intervals. */
const hours = (spec: string): OpeningInterval[] =>
  spec.split(' ').map((range) => range.split('-') as OpeningInterval);

const berlin = defaultCalendar('Europe/Berlin');
const newYork = defaultCalendar('America/New_York');
const kolkata = defaultCalendar('Asia/Kolkata');

function calendar(
  timeZone: string,
  week: Partial<Record<(typeof WEEKDAYS)[number], OpeningInterval[]>>,
  holidays: string[] = [],
): BusinessCalendar {
  return businessCalendarSchema.parse({ timeZone, week, holidays });
}

describe('businessCalendarSchema', () => {
  it('accepts the default calendar and a split day closing at midnight', () => {
    const parsed: BusinessCalendar = businessCalendarSchema.parse(defaultCalendar('Asia/Kolkata'));
    expect(parsed.week.mon).toEqual([['09:00', '17:00']]);
    expect(() => calendar('UTC', { sat: hours('09:00-12:30 13:30-24:00') })).not.toThrow();
  });

  it('fills omitted days as closed and omitted holidays as none', () => {
    const parsed = businessCalendarSchema.parse({ timeZone: 'UTC', week: { mon: [['08:00', '16:00']] } });
    expect(parsed.week.sun).toEqual([]);
    expect(parsed.holidays).toEqual([]);
  });

  it.each([
    ['an unknown time zone', { ...berlin, timeZone: 'Mars/Olympus_Mons' }],
    ['a malformed time', { ...berlin, week: { ...berlin.week, mon: [['9:00', '17:00']] } }],
    ['an hour past 24', { ...berlin, week: { ...berlin.week, mon: [['09:00', '25:00']] } }],
    ['opening at 24:00', { ...berlin, week: { ...berlin.week, mon: [['24:00', '24:00']] } }],
    ['a reversed interval', { ...berlin, week: { ...berlin.week, mon: [['17:00', '09:00']] } }],
    ['an empty interval', { ...berlin, week: { ...berlin.week, mon: [['09:00', '09:00']] } }],
    ['overlapping intervals', { ...berlin, week: { ...berlin.week, mon: hours('09:00-13:00 12:00-17:00') } }],
    ['unordered intervals', { ...berlin, week: { ...berlin.week, mon: hours('13:00-17:00 09:00-12:00') } }],
    ['an impossible holiday', { ...berlin, holidays: ['2024-02-30'] }],
    ['a holiday that is not a date', { ...berlin, holidays: ['24 Dec'] }],
    ['a week with no opening hours', { timeZone: 'UTC', week: {}, holidays: [] }],
    ['an unknown weekday', { ...berlin, week: { ...berlin.week, funday: [] } }],
  ])('rejects %s', (_name, input) => {
    expect(businessCalendarSchema.safeParse(input).success).toBe(false);
  });

  it('names the offending interval', () => {
    const result = businessCalendarSchema.safeParse({
      ...berlin,
      week: { ...berlin.week, tue: hours('09:00-13:00 12:00-17:00') },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['week', 'tue', 1]);
  });
});

describe('opening hours', () => {
  it('is open from the opening instant up to, not including, the closing instant', () => {
    expect(isOpenAt(at('2024-01-08T09:00:00+01:00'), berlin)).toBe(true);
    expect(isOpenAt(at('2024-01-08T16:59:59.999+01:00'), berlin)).toBe(true);
    expect(isOpenAt(at('2024-01-08T17:00:00+01:00'), berlin)).toBe(false);
    expect(isOpenAt(at('2024-01-08T08:59:59.999+01:00'), berlin)).toBe(false);
  });

  it('opens next on Monday morning after a Friday evening', () => {
    expect(nextOpening(at('2024-01-12T18:00:00+01:00'), berlin)).toEqual(at('2024-01-15T09:00:00+01:00'));
  });

  it('is its own next opening while open', () => {
    const t = at('2024-01-10T11:11:00+01:00');
    expect(nextOpening(t, berlin)).toEqual(t);
  });

  it('skips holidays', () => {
    const xmas = { ...berlin, holidays: ['2024-12-24', '2024-12-25', '2024-12-26'] };
    expect(isOpenAt(at('2024-12-24T10:00:00+01:00'), xmas)).toBe(false);
    expect(nextOpening(at('2024-12-23T17:30:00+01:00'), xmas)).toEqual(at('2024-12-27T09:00:00+01:00'));
  });

  it('reads holidays as local dates of the calendar zone', () => {
    // 2024-01-01T23:30Z is already 2 January in Kolkata.
    const cal = { ...kolkata, holidays: ['2024-01-02'] };
    expect(nextOpening(at('2024-01-01T23:30:00Z'), cal)).toEqual(at('2024-01-03T09:00:00+05:30'));
  });

  it('returns to the lunch break end on a split day', () => {
    const split = calendar('Europe/Berlin', { mon: hours('09:00-12:30 13:30-17:30') });
    expect(isOpenAt(at('2024-01-08T13:00:00+01:00'), split)).toBe(false);
    expect(nextOpening(at('2024-01-08T13:00:00+01:00'), split)).toEqual(at('2024-01-08T13:30:00+01:00'));
  });
});

describe('addBusinessTime', () => {
  it('runs within a working day', () => {
    expect(addBusinessTime(at('2024-01-09T10:00:00+01:00'), 3 * HOUR, berlin)).toEqual(
      at('2024-01-09T13:00:00+01:00'),
    );
  });

  it('carries over the weekend from Friday afternoon to Monday', () => {
    expect(addBusinessTime(at('2024-01-12T16:00:00+01:00'), 2 * HOUR, berlin)).toEqual(
      at('2024-01-15T10:00:00+01:00'),
    );
  });

  it('starts the clock at the next opening when started outside hours', () => {
    expect(addBusinessTime(at('2024-01-13T12:00:00+01:00'), 30 * MINUTE, berlin)).toEqual(
      at('2024-01-15T09:30:00+01:00'),
    );
    expect(addBusinessTime(at('2024-01-09T06:00:00+01:00'), HOUR, berlin)).toEqual(
      at('2024-01-09T10:00:00+01:00'),
    );
  });

  it('ends at the closing instant when the time runs out exactly at closing', () => {
    expect(addBusinessTime(at('2024-01-12T09:00:00+01:00'), 8 * HOUR, berlin)).toEqual(
      at('2024-01-12T17:00:00+01:00'),
    );
  });

  it('returns the start itself for zero time', () => {
    const saturday = at('2024-01-13T12:00:00+01:00');
    expect(addBusinessTime(saturday, 0, berlin)).toEqual(saturday);
  });

  it('skips a lunch break', () => {
    const split = calendar('Europe/Berlin', { tue: hours('09:00-12:30 13:30-17:30') });
    expect(addBusinessTime(at('2024-01-09T12:00:00+01:00'), HOUR, split)).toEqual(
      at('2024-01-09T14:00:00+01:00'),
    );
  });

  it('skips holidays in the middle of a run', () => {
    const xmas = { ...berlin, holidays: ['2024-12-25', '2024-12-26'] };
    expect(addBusinessTime(at('2024-12-24T16:00:00+01:00'), 2 * HOUR, xmas)).toEqual(
      at('2024-12-27T10:00:00+01:00'),
    );
  });

  it('keeps local opening hours across the Berlin spring-forward weekend', () => {
    // Friday 29 March 2024 is CET (+01:00); Monday 1 April is CEST (+02:00).
    expect(addBusinessTime(at('2024-03-29T16:00:00+01:00'), 2 * HOUR, berlin)).toEqual(
      at('2024-04-01T10:00:00+02:00'),
    );
  });

  it('keeps local opening hours across the New York fall-back weekend', () => {
    expect(addBusinessTime(at('2024-11-01T16:00:00-04:00'), 2 * HOUR, newYork)).toEqual(
      at('2024-11-04T10:00:00-05:00'),
    );
  });

  it('works in a half-hour offset zone', () => {
    // Monday 16:30 IST = 11:00Z; one hour later is Tuesday 09:30 IST = 04:00Z.
    expect(addBusinessTime(at('2024-01-08T11:00:00Z'), HOUR, kolkata)).toEqual(at('2024-01-09T04:00:00Z'));
  });

  it('rejects negative and infinite durations instead of looping', () => {
    expect(() => addBusinessTime(at('2024-01-08T10:00:00Z'), -1, berlin)).toThrow(RangeError);
    expect(() => addBusinessTime(at('2024-01-08T10:00:00Z'), Infinity, berlin)).toThrow(RangeError);
  });

  it('gives up on a calendar without opening hours instead of looping forever', () => {
    const closed = {
      timeZone: 'UTC',
      week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
    };
    expect(() => addBusinessTime(at('2024-01-08T10:00:00Z'), HOUR, closed)).toThrow(/no opening hours/);
    expect(() => nextOpening(at('2024-01-08T10:00:00Z'), closed)).toThrow(/no opening hours/);
    expect(() => addBusinessDays(at('2024-01-08T10:00:00Z'), 1, closed)).toThrow(/no opening hours/);
  });
});

describe('daylight saving time', () => {
  const nightShift = (timeZone: string): BusinessCalendar =>
    calendar(timeZone, { sun: [['00:00', '06:00']] });

  it('counts the real hours of a night interval on the spring-forward and fall-back Sundays', () => {
    const berlinNight = nightShift('Europe/Berlin');
    expect(businessTimeBetween(at('2024-03-30T12:00:00Z'), at('2024-04-01T00:00:00Z'), berlinNight)).toBe(
      5 * HOUR,
    );
    expect(businessTimeBetween(at('2024-10-26T12:00:00Z'), at('2024-10-28T00:00:00Z'), berlinNight)).toBe(
      7 * HOUR,
    );
    const nyNight = nightShift('America/New_York');
    expect(businessTimeBetween(at('2024-03-09T12:00:00Z'), at('2024-03-11T12:00:00Z'), nyNight)).toBe(
      5 * HOUR,
    );
    expect(businessTimeBetween(at('2024-11-02T12:00:00Z'), at('2024-11-04T12:00:00Z'), nyNight)).toBe(
      7 * HOUR,
    );
  });

  it('opens at the jump when the opening time does not exist', () => {
    const cal = calendar('Europe/Berlin', { sun: [['02:30', '05:00']] });
    // 02:30 is skipped on 31 March 2024; the business opens at 03:00 CEST (01:00Z) and is open 2h.
    expect(nextOpening(at('2024-03-30T12:00:00Z'), cal)).toEqual(at('2024-03-31T01:00:00Z'));
    expect(addBusinessTime(at('2024-03-30T12:00:00Z'), 2 * HOUR, cal)).toEqual(at('2024-03-31T03:00:00Z'));
  });

  it('skips an interval that lies wholly inside the missing hour', () => {
    const cal = calendar('Europe/Berlin', { sun: [['02:00', '03:00']] });
    expect(nextOpening(at('2024-03-30T12:00:00Z'), cal)).toEqual(at('2024-04-07T00:00:00Z'));
    expect(businessTimeBetween(at('2024-03-30T00:00:00Z'), at('2024-04-01T00:00:00Z'), cal)).toBe(0);
  });

  it('counts a repeated hour twice when the interval spans both occurrences', () => {
    const cal = calendar('Europe/Berlin', { sun: [['02:00', '03:00']] });
    // 27 October 2024: 02:00 CEST (00:00Z) until the clock reads 03:00 CET (02:00Z).
    expect(nextOpening(at('2024-10-26T12:00:00Z'), cal)).toEqual(at('2024-10-27T00:00:00Z'));
    expect(businessTimeBetween(at('2024-10-26T12:00:00Z'), at('2024-10-28T00:00:00Z'), cal)).toBe(2 * HOUR);
  });

  it('closes at the first occurrence of a repeated closing time', () => {
    const cal = calendar('America/New_York', { sun: [['01:00', '01:30']] });
    // 3 November 2024: 01:00 EDT (05:00Z) to 01:30 EDT (05:30Z); the EST repeat stays closed.
    expect(businessTimeBetween(at('2024-11-02T12:00:00Z'), at('2024-11-04T00:00:00Z'), cal)).toBe(
      30 * MINUTE,
    );
    expect(isOpenAt(at('2024-11-03T06:15:00Z'), cal)).toBe(false);
  });

  it('handles a zone whose DST shift is half an hour', () => {
    // Lord Howe Island moves from +11:00 to +10:30 on 7 April 2024 at 02:00 local.
    const cal = calendar('Australia/Lord_Howe', { sun: [['00:00', '06:00']] });
    expect(businessTimeBetween(at('2024-04-06T00:00:00Z'), at('2024-04-08T00:00:00Z'), cal)).toBe(6.5 * HOUR);
  });
});

describe('businessTimeBetween', () => {
  it('is zero when the end is not after the start', () => {
    const t = at('2024-01-09T10:00:00+01:00');
    expect(businessTimeBetween(t, t, berlin)).toBe(0);
    expect(businessTimeBetween(t, at('2024-01-09T09:00:00+01:00'), berlin)).toBe(0);
  });

  it('counts one working week as forty hours', () => {
    expect(
      businessTimeBetween(at('2024-01-08T00:00:00+01:00'), at('2024-01-15T00:00:00+01:00'), berlin),
    ).toBe(40 * HOUR);
  });

  it('counts the Berlin DST week as forty hours too', () => {
    expect(
      businessTimeBetween(at('2024-03-25T00:00:00+01:00'), at('2024-04-06T00:00:00+02:00'), berlin),
    ).toBe(80 * HOUR);
  });
});

describe('addBusinessDays', () => {
  const tuesday1500 = at('2024-01-09T15:00:00+01:00');

  it('lands on the same local time N working days later', () => {
    expect(addBusinessDays(tuesday1500, 1, berlin)).toEqual(at('2024-01-10T15:00:00+01:00'));
    expect(addBusinessDays(tuesday1500, 10, berlin)).toEqual(at('2024-01-23T15:00:00+01:00'));
  });

  it('does not count holidays', () => {
    const cal = { ...berlin, holidays: ['2024-01-17'] };
    expect(addBusinessDays(tuesday1500, 10, cal)).toEqual(at('2024-01-24T15:00:00+01:00'));
  });

  it('gives a lead that arrives outside hours until the close of the next working day', () => {
    expect(addBusinessDays(at('2024-01-12T20:00:00+01:00'), 1, berlin)).toEqual(
      at('2024-01-15T17:00:00+01:00'),
    );
    expect(addBusinessDays(at('2024-01-13T10:00:00+01:00'), 1, berlin)).toEqual(
      at('2024-01-15T17:00:00+01:00'),
    );
    expect(addBusinessDays(at('2024-01-15T07:00:00+01:00'), 1, berlin)).toEqual(
      at('2024-01-15T17:00:00+01:00'),
    );
  });

  it('clamps into a shorter target day', () => {
    const cal = calendar('Europe/Berlin', {
      thu: [['09:00', '17:00']],
      fri: [['09:00', '13:00']],
      mon: [['10:00', '17:00']],
    });
    expect(addBusinessDays(at('2024-01-11T15:00:00+01:00'), 1, cal)).toEqual(at('2024-01-12T13:00:00+01:00'));
    expect(addBusinessDays(at('2024-01-12T09:30:00+01:00'), 1, cal)).toEqual(at('2024-01-15T10:00:00+01:00'));
  });

  it('clamps a time in a break back to the closing before it', () => {
    const cal = calendar('Europe/Berlin', {
      mon: [['08:00', '12:45']],
      tue: hours('09:00-12:00 13:00-17:00'),
    });
    expect(addBusinessDays(at('2024-01-08T12:30:00+01:00'), 1, cal)).toEqual(at('2024-01-09T12:00:00+01:00'));
  });

  it('keeps the local time across the Berlin spring-forward weekend', () => {
    expect(addBusinessDays(at('2024-03-29T15:00:00+01:00'), 1, berlin)).toEqual(
      at('2024-04-01T15:00:00+02:00'),
    );
  });

  it('is the start itself for zero days when open', () => {
    expect(addBusinessDays(tuesday1500, 0, berlin)).toEqual(tuesday1500);
    expect(addBusinessDays(at('2024-01-13T10:00:00+01:00'), 0, berlin)).toEqual(
      at('2024-01-12T17:00:00+01:00'),
    );
  });

  it('rejects fractional and negative day counts', () => {
    expect(() => addBusinessDays(tuesday1500, 1.5, berlin)).toThrow(RangeError);
    expect(() => addBusinessDays(tuesday1500, -1, berlin)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random calendars, zones and instants.

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'UTC',
  'America/Sao_Paulo',
];

const hhmm = (minutes: number): string =>
  minutes === 1440
    ? '24:00'
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// A day: an even number of distinct sorted minute marks, paired up into intervals.
const dayArb = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((a, b) => a - b);
  const intervals: OpeningInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2)
    intervals.push([hhmm(sorted[i] ?? 0), hhmm(sorted[i + 1] ?? 0)]);
  return intervals;
});

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(dayArb, { minLength: 7, maxLength: 7 }),
    open: dayArb.filter((d) => d.length > 0),
    openDay: fc.integer({ min: 0, max: 6 }),
    holidays: fc.array(
      fc.date({ min: new Date('2016-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
      {
        maxLength: 20,
      },
    ),
  })
  .map(({ timeZone, days, open, openDay, holidays }) => {
    const week = Object.fromEntries(WEEKDAYS.map((d, i) => [d, i === openDay ? open : (days[i] ?? [])]));
    return calendar(
      timeZone,
      week,
      holidays.map((h) => h.toISOString().slice(0, 10)),
    );
  });

// Half of the instants fall within three days of a DST change in one of the zones.
const DST_CHANGES = [
  '2024-03-31T01:00:00Z', // Berlin forward
  '2024-10-27T01:00:00Z', // Berlin back
  '2024-03-10T07:00:00Z', // New York forward
  '2024-11-03T06:00:00Z', // New York back
  '2024-04-06T15:00:00Z', // Lord Howe back half an hour
  '2024-10-05T15:30:00Z', // Lord Howe forward half an hour
  '2018-11-04T03:00:00Z', // São Paulo forward at midnight
  '2018-02-18T02:00:00Z', // São Paulo back at midnight
].map(Date.parse);
const instantArb = fc
  .oneof(
    fc.integer({ min: Date.parse('2016-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
    fc
      .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -3 * 24 * HOUR, max: 3 * 24 * HOUR }))
      .map(([change, shift]) => change + shift),
  )
  .map((t) => new Date(t));
const durationArb = fc.integer({ min: 1, max: 120 * HOUR });

describe('business-time properties', () => {
  it('measures back exactly the business time it added', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (cal, start, ms) => {
        expect(businessTimeBetween(start, addBusinessTime(start, ms, cal), cal)).toBe(ms);
      }),
    );
  });

  it('is monotone in the duration', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (cal, start, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(addBusinessTime(start, short, cal).getTime()).toBeLessThanOrEqual(
          addBusinessTime(start, long, cal).getTime(),
        );
      }),
    );
  });

  it('ends inside opening hours or exactly at a closing', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (cal, start, ms) => {
        const end = addBusinessTime(start, ms, cal);
        const justBefore = new Date(end.getTime() - 1);
        expect(isOpenAt(end, cal) || isOpenAt(justBefore, cal)).toBe(true);
        expect(isOpenAt(justBefore, cal)).toBe(true);
      }),
    );
  });

  it('is additive', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (cal, start, a, b) => {
        expect(addBusinessTime(addBusinessTime(start, a, cal), b, cal)).toEqual(
          addBusinessTime(start, a + b, cal),
        );
      }),
    );
  });

  it('splits a span at any point', () => {
    const gap = fc.integer({ min: 0, max: 40 * 24 * HOUR });
    fc.assert(
      fc.property(calendarArb, instantArb, gap, gap, (cal, a, ab, bc) => {
        const b = new Date(a.getTime() + ab);
        const c = new Date(b.getTime() + bc);
        expect(businessTimeBetween(a, b, cal) + businessTimeBetween(b, c, cal)).toBe(
          businessTimeBetween(a, c, cal),
        );
      }),
    );
  });

  it('agrees with nextOpening and isOpenAt', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        const opening = nextOpening(t, cal);
        expect(isOpenAt(opening, cal)).toBe(true);
        expect(businessTimeBetween(t, opening, cal)).toBe(0);
        expect(opening.getTime() === t.getTime()).toBe(isOpenAt(t, cal));
      }),
    );
  });

  it('adds business days monotonically, ending inside opening hours or at a closing', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 15 }), (cal, start, days) => {
        const end = addBusinessDays(start, days, cal);
        expect(end.getTime()).toBeLessThanOrEqual(addBusinessDays(start, days + 1, cal).getTime());
        expect(isOpenAt(end, cal) || isOpenAt(new Date(end.getTime() - 1), cal)).toBe(true);
      }),
    );
  });

  it('adds one more day of business time per business day on a calendar with the same hours every working day', () => {
    const day = hours('08:00-12:00 13:00-17:30');
    const uniform = calendar('Europe/Berlin', { mon: day, tue: day, wed: day, thu: day, fri: day });
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 15 }), (start, days) => {
        const end = addBusinessDays(start, days, uniform);
        const next = addBusinessDays(start, days + 1, uniform);
        expect(businessTimeBetween(end, next, uniform)).toBe(8.5 * HOUR);
      }),
    );
  });
});
