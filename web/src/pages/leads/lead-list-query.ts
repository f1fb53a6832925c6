// The lead list's query beyond the shared LeadFilter type: campaign, creation dates and order.
// (Kept here until the web types are generated from the OpenAPI document.)
import type { LeadFilter } from '../../api.js';

export const LEAD_SORT_OPTIONS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-lastActivityAt', label: 'Recently active' },
  { value: 'lastActivityAt', label: 'Least recently active' },
  { value: '-stageEnteredAt', label: 'Stage changed recently' },
  { value: 'stageEnteredAt', label: 'Longest in stage' },
] as const;
export type LeadSort = (typeof LEAD_SORT_OPTIONS)[number]['value'];

export const isLeadSort = (s: string): s is LeadSort => LEAD_SORT_OPTIONS.some((o) => o.value === s);

export interface LeadListQuery extends LeadFilter {
  campaign?: string;
  /** ISO instants: the local day's start (from) and the next day's start (to, exclusive). */
  createdAfter?: string;
  createdBefore?: string;
  sort?: LeadSort;
}

/** A yyyy-mm-dd date input's value → the instant its local day starts (plus `days`). */
export function localDayStart(date: string, days = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString();
}
