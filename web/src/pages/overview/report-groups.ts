// What the Overview's reports share: their filters, a breakdown value's name as people read it, and
// the chart's sums over the breakdown values (the tables keep each value apart).
import { useMemo } from 'react';
import { formatPeriod } from '../../format.js';
import { useMembers, useTeams } from '../../queries.js';

/** The period, the breakdown and any filter values (source, team, …), as the URL keeps them. */
export interface ReportQuery {
  from?: string;
  to?: string;
  by?: string;
  [filter: string]: string | undefined;
}

/** What each report section is given. */
export interface SectionProps<R> {
  report: R;
  query: ReportQuery;
  groupName: (g: string | null) => string;
}

/** The filters as the CSV download takes them. */
export function csvQuery(query: ReportQuery): Record<string, string | undefined> {
  return { ...query };
}

/** A breakdown value as people read it: a rep's or team's name rather than its id, a month's name. */
export function useGroupName(by: string | undefined): (g: string | null) => string {
  const members = useMembers();
  const teams = useTeams();
  return useMemo(() => {
    const names = new Map<string, string>();
    if (by === 'rep') for (const m of members.data ?? []) names.set(m.id, m.name);
    if (by === 'team') for (const t of teams.data ?? []) names.set(t.id, t.name);
    return (g) => (g === null ? 'Not set' : by === 'period' ? formatPeriod(g) : (names.get(g) ?? g));
  }, [by, members.data, teams.data]);
}

/** The rows' figures added up per key, in the order the keys first appear. */
export function sumBy<R, F extends keyof R & string>(
  rows: readonly R[],
  key: (row: R) => string,
  fields: readonly F[],
): [string, Record<F, number>][] {
  const sums = new Map<string, Record<F, number>>();
  for (const row of rows) {
    const k = key(row);
    const sum = sums.get(k) ?? (Object.fromEntries(fields.map((f) => [f, 0])) as Record<F, number>);
    for (const f of fields) sum[f] += Number(row[f]);
    sums.set(k, sum);
  }
  return [...sums.entries()];
}
