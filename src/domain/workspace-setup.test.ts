import { describe, expect, it } from 'vitest';
import {
  businessHoursSchema,
  timeZoneSchema,
  workspaceCalendar,
  workspaceSlugSchema,
} from './workspace-setup.js';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('a new workspace’s settings', () => {
  it('takes a slug people can type, lower-cased, and never the demo’s', () => {
    expect(workspaceSlugSchema.parse(' Acme-EU ')).toBe('acme-eu');
    for (const bad of ['a', '-acme', 'acme-', 'ac me', 'äcme', 'demo', 'x'.repeat(41)])
      expect(workspaceSlugSchema.safeParse(bad).success).toBe(false);
  });

  it('takes IANA time zones only', () => {
    expect(timeZoneSchema.parse('America/Sao_Paulo')).toBe('America/Sao_Paulo');
    expect(timeZoneSchema.safeParse('Mars/Olympus').success).toBe(false);
    expect(timeZoneSchema.safeParse('GMT+25').success).toBe(false);
  });

  it('takes business hours with open days and a closing after the opening', () => {
    expect(businessHoursSchema.safeParse({ days: ['mon'], from: '09:00', to: '24:00' }).success).toBe(true);
    expect(issues(businessHoursSchema.safeParse({ days: [], from: '09:00', to: '17:00' }))).toEqual(['days']);
    expect(
      issues(businessHoursSchema.safeParse({ days: ['mon', 'mon'], from: '09:00', to: '17:00' })),
    ).toEqual(['days']);
    expect(issues(businessHoursSchema.safeParse({ days: ['mon'], from: '17:00', to: '09:00' }))).toEqual([
      'to',
    ]);
    expect(issues(businessHoursSchema.safeParse({ days: ['mon'], from: '9am', to: '17:00' }))).toEqual([
      'from',
    ]);
  });

  it('makes the workspace’s calendar from its hours, or Mon–Fri 09:00–17:00 without them', () => {
    const set = workspaceCalendar(
      { businessHours: { days: ['sat', 'sun'], from: '10:00', to: '14:00' } },
      'Asia/Tokyo',
    );
    expect(set).toMatchObject({ timeZone: 'Asia/Tokyo', holidays: [] });
    expect(set.week).toMatchObject({ mon: [], sat: [['10:00', '14:00']], sun: [['10:00', '14:00']] });
    const unset = workspaceCalendar({}, 'UTC');
    expect(unset.week).toMatchObject({ mon: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [] });
  });
});
