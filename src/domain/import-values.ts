// CSV import: how one cell's text becomes a typed value (a number, a date, a country, …) or the
// reason it cannot. Pure.
import { DateTime } from 'luxon';
import { normalizeCountry } from './country.js';
import { accountDomainFromWebsite } from './email-domain.js';
import type { FieldType } from './import-fields.js';
import type { FieldValue, ValueOptions } from './import-mapping.js';
import { isCurrencyCode } from './opportunities.js';

const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;
const MAX_TEXT = 1000;

function readNumber(raw: string, options: ValueOptions): number | null {
  const decimal = options.decimalSeparator ?? '.';
  const thousands = decimal === '.' ? ',' : '.';
  const s = raw
    .replace(/[\s\u00a0]/g, '')
    .split(thousands)
    .join('')
    .replace(decimal, '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** `2024-03-14`, `2024-03-14 09:21`, `2024-03-14T09:21:05.123Z`: the shapes exports use most, in UTC. */
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?)?$/;

/** The common shapes without luxon (a tenth of its cost); null sends anything else to luxon. */
function readPlainDate(raw: string): Date | null {
  const m = PLAIN_DATE.exec(raw);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m.slice(1);
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const t = new Date(Date.UTC(...parts, Number(ms.padEnd(3, '0'))));
  // 2024-02-30 or 25:00 roll over in Date.UTC: only a date that reads back the same is one.
  const back = [
    t.getUTCFullYear(),
    t.getUTCMonth(),
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  ];
  return back.every((v, i) => v === parts[i]) ? t : null;
}

function readDate(raw: string, options: ValueOptions): Date | null {
  const plain = readPlainDate(raw);
  if (plain) return plain.getUTCFullYear() < 1900 ? null : plain;
  let d = DateTime.fromISO(raw, { zone: 'utc' });
  if (!d.isValid) d = DateTime.fromSQL(raw, { zone: 'utc' });
  if (!d.isValid && options.dateFormat) d = DateTime.fromFormat(raw, options.dateFormat, { zone: 'utc' });
  for (const format of options.dateFormats ?? []) {
    if (d.isValid) break;
    d = DateTime.fromFormat(raw, format, { zone: 'utc' });
  }
  if (!d.isValid || d.year < 1900 || d.year > 9999) return null;
  return d.toJSDate();
}

/** One field's value from its cell, or the reason it cannot be read. Empty cells are null. */
export function readValue(
  type: FieldType,
  raw: string,
  options: ValueOptions,
): { value: FieldValue } | { reason: string } {
  const s = raw.trim();
  if (s === '') return { value: null };
  if (s.length > MAX_TEXT) return { reason: `is longer than ${MAX_TEXT} characters` };
  switch (type) {
    case 'text':
      return { value: s };
    case 'email':
      return EMAIL.test(s) ? { value: s.toLowerCase() } : { reason: 'is not an e-mail address' };
    case 'int': {
      const n = readNumber(s, options);
      if (n === null || !Number.isInteger(n)) return { reason: 'is not a whole number' };
      if (n < 0 || n > 2_000_000_000) return { reason: 'is out of range (0 to 2,000,000,000)' };
      return { value: n };
    }
    case 'number': {
      const n = readNumber(s, options);
      if (n === null) return { reason: 'is not a number' };
      if (n < 0) return { reason: 'must not be negative' };
      return { value: n };
    }
    case 'date': {
      const d = readDate(s, options);
      return d
        ? { value: d }
        : {
            reason: `is not a date (${['ISO 8601', ...(options.dateFormat ? [options.dateFormat] : []), ...(options.dateFormats ?? [])].join(' or ')} expected)`,
          };
    }
    case 'country': {
      const iso = normalizeCountry(s);
      return iso ? { value: iso } : { reason: 'is not a country name or ISO 3166 code' };
    }
    case 'domain': {
      const domain = accountDomainFromWebsite(s);
      return domain ? { value: domain } : { reason: 'is not a domain or website' };
    }
    case 'currency': {
      const code = s.toUpperCase();
      return isCurrencyCode(code) ? { value: code } : { reason: 'is not an ISO 4217 currency code' };
    }
    case 'month': {
      const month = /^(\d{4})-(\d{2})$/.exec(s);
      if (month) {
        const m = Number(month[2]);
        const y = Number(month[1]);
        return m >= 1 && m <= 12 && y >= 1900 ? { value: s } : { reason: 'is not a month (YYYY-MM)' };
      }
      const d = readDate(s, options);
      return d ? { value: d.toISOString().slice(0, 7) } : { reason: 'is not a month (YYYY-MM or a date)' };
    }
    case 'probability': {
      const percent = s.endsWith('%');
      const n = readNumber(percent ? s.slice(0, -1) : s, options);
      if (n === null) return { reason: 'is not a number' };
      const p = percent || n > 1 ? n / 100 : n;
      return p >= 0 && p <= 1 ? { value: p } : { reason: 'must be between 0 and 1 (or 0% and 100%)' };
    }
  }
}
