// The lead list's query beyond the shared LeadFilter type: campaign, creation dates and order, as
// GET /api/v1/leads takes them.
import type { LeadFilter, QueryOf } from '../../api.js';

type LeadQuery = QueryOf<'/leads', 'GET'>;
export type LeadSort = NonNullable<LeadQuery['sort']>;

// Every order the API offers, in the order the menu lists them (one added on the server fails typecheck).
const SORT_LABELS: Record<LeadSort, string> = {
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  '-lastActivityAt': 'Recently active',
  lastActivityAt: 'Least recently active',
  '-stageEnteredAt': 'Stage changed recently',
  stageEnteredAt: 'Longest in stage',
};
export const LEAD_SORT_OPTIONS = Object.entries(SORT_LABELS).map(([value, label]) => ({
  value: value as LeadSort,
  label,
}));

export const isLeadSort = (s: string): s is LeadSort => LEAD_SORT_OPTIONS.some((o) => o.value === s);

/** ISO instants in createdAfter/createdBefore: the local day's start (from) and the next day's start (to, exclusive). */
export type LeadListQuery = LeadFilter &
  Partial<Pick<LeadQuery, 'campaign' | 'createdAfter' | 'createdBefore' | 'sort'>>;

/** A yyyy-mm-dd date input's value → the instant its local day starts (plus `days`). */
export function localDayStart(date: string, days = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString();
}
