// What a new company workspace is made of: its slug, time zone and business hours, checked once for
// the setup page, the HTTP API and the CLI alike.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { type BusinessCalendar, type OpeningInterval, WEEKDAYS, type Weekday } from './business-hours.js';

/** The demo workspace's slug: `tandem demo` replaces whatever holds it, so no company may take it. */
export const RESERVED_SLUGS: readonly string[] = ['demo'];

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export const workspaceSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'must be at least 2 characters')
  .max(40, 'must be at most 40 characters')
  .regex(SLUG_PATTERN, 'may hold only a–z, 0–9 and inner hyphens')
  .refine((s) => !RESERVED_SLUGS.includes(s), 'is reserved for the demo workspace');

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .refine((tz) => IANAZone.isValidZone(tz), 'is not a known IANA time zone (for example Europe/Berlin)');

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSING = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Business hours as a person sets them: the open days, and one opening time and closing time for all. */
export const businessHoursSchema = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'choose at least one day')
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'names a day twice'),
    from: z.string().regex(TIME, 'must be HH:MM (00:00–23:59)'),
    to: z.string().regex(CLOSING, 'must be HH:MM (00:01–24:00)'),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (TIME.test(h.from) && CLOSING.test(h.to) && minutes(h.to) <= minutes(h.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after the opening time' });
    }
  });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  from: '09:00',
  to: '17:00',
};

/** The weekly opening intervals of these hours, as a business calendar keeps them. */
export function weekOf(hours: BusinessHours): Record<Weekday, OpeningInterval[]> {
  const week = {} as Record<Weekday, OpeningInterval[]>;
  for (const day of WEEKDAYS) week[day] = hours.days.includes(day) ? [[hours.from, hours.to]] : [];
  return week;
}

/** The workspace's calendar in a zone: its business hours when it has them, else Mon–Fri 09:00–17:00. */
export function workspaceCalendar(settings: Record<string, unknown>, timeZone: string): BusinessCalendar {
  const parsed = businessHoursSchema.safeParse(settings.businessHours);
  return {
    timeZone,
    week: weekOf(parsed.success ? parsed.data : DEFAULT_BUSINESS_HOURS),
    holidays: [],
  };
}
