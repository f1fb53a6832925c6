// How values read on screen: relative and exact times, numbers, countries, roles, people's names.
import type { Lead, Role } from './api.js';

const LOCALE: string | undefined = undefined; // the browser's own

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto', style: 'short' });
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago"; older than ~4 months: the date. */
export function formatRelative(at: Date, now: Date, timeZone?: string): string {
  const ms = now.getTime() - at.getTime();
  const abs = Math.abs(ms);
  const sign = ms >= 0 ? -1 : 1;
  // A little in the future is clock skew between server and browser, not a prediction.
  if (ms > -2 * MINUTE && ms < 45_000) return 'just now';
  if (abs < HOUR) return relative.format(sign * Math.max(1, Math.round(abs / MINUTE)), 'minute');
  if (abs < DAY) return relative.format(sign * Math.round(abs / HOUR), 'hour');
  if (abs < 45 * DAY) return relative.format(sign * Math.round(abs / DAY), 'day');
  if (abs < 120 * DAY) return relative.format(sign * Math.round(abs / (7 * DAY)), 'week');
  return formatDate(at, timeZone);
}

/** "24 Nov 2025" (with the year only when it is not this year). */
export function formatDate(at: Date, timeZone?: string): string {
  const sameYear = at.getFullYear() === new Date().getFullYear();
  return new Intl.DateTimeFormat(LOCALE, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    ...(timeZone ? { timeZone } : {}),
  }).format(at);
}

/** The exact moment, for a tooltip: "Mon, 24 Nov 2025, 08:12 EST". */
export function formatDateTime(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALE, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(at);
}

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

/** 1,250 */
export const formatNumber = (n: number): string => integer.format(n);

/** 12.5M, for amounts whose exact figure is in the tooltip. */
export const formatCompact = (n: number): string => compact.format(n);

let regionNames: Intl.DisplayNames | null = null;

/** "Germany" for "DE"; the input itself when it is not a region code the browser knows. */
export function countryName(code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(LOCALE ? [LOCALE] : undefined, { type: 'region' });
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  marketing: 'Marketing',
  sales_manager: 'Sales manager',
  sales_rep: 'Sales rep',
};
export const roleLabel = (role: Role): string => ROLE_LABELS[role];

const SPECIAL_WORDS: Record<string, string> = {
  c_level: 'C-level',
  vp: 'VP',
  it: 'IT',
  hr: 'HR',
  individual_contributor: 'Individual contributor',
};

/** A stored key as words: `c_level` → "C-level", `product_usage` → "Product usage". */
export function humanize(key: string): string {
  const special = SPECIAL_WORDS[key];
  if (special) return special;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What to call a lead: their name, else their e-mail, else a neutral fallback. */
export function leadName(lead: Pick<Lead, 'firstName' | 'lastName' | 'email'>): string {
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ').trim();
  return name || lead.email || 'Unnamed lead';
}

/** Up to two initials for an avatar: "Dana Ruiz" → "DR", "Acme Analytics (demo)" → "AA". */
export function initials(name: string): string {
  const words = name
    .replace(/@.*/, '')
    .replace(/\(.*?\)/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A span of time in hours and minutes: "2h 10m", "45m", "3d 4h" for long ones; under a minute "<1m". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return '<1m';
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in its currency, whole units: "$12,500", "€40,000" (Intl, the browser's locale). */
export function formatMoney(amount: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(LOCALE, { style: 'currency', currency, maximumFractionDigits: 0 });
    } catch {
      f = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
    }
    moneyFormats.set(currency, f);
  }
  return f.format(amount);
}

/** A calendar day sent as "2026-03-31", written as the browser's locale writes dates (no time zone shift). */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });

/** 0.6 → "60%" */
export const formatPercent = (share: number): string => percent.format(share);

/** A share that may be unknown: 0.6 → "60%", null → "—". */
export const formatRate = (share: number | null): string => (share === null ? '—' : formatPercent(share));

/** A report's period as people say it: "2026-03" → "Mar 2026", "2026-Q2" → "2026 Q2"; anything else as given. */
export function formatPeriod(period: string): string {
  if (/^\d{4}-Q[1-4]$/.test(period)) return period.replace('-', ' ');
  if (!/^\d{4}-\d{2}$/.test(period)) return period;
  return new Intl.DateTimeFormat(LOCALE, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${period}-01T00:00:00Z`),
  );
}

const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** An engagement score or ledger line: always one decimal, "58.9", "0.0". */
export const formatScore = (n: number): string => oneDecimal.format(n || 0);

/** Points with their sign, as a ledger shows them: "+25", "−10" (a real minus sign). */
export function formatPoints(n: number, decimals = 0): string {
  const abs = decimals ? oneDecimal.format(Math.abs(n)) : integer.format(Math.abs(n));
  return `${n < 0 ? '−' : '+'}${abs}`;
}
