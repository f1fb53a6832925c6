// The common report filters as one bar: the period, a value for each dimension the report declares
// (GET /api/v1/reports), and what to break it down by. They live in the URL, under a prefix when a
// page holds several reports, so a link shows someone else the same numbers.
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactNode, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DIMENSION_LABELS as DOMAIN_DIMENSION_LABELS } from '../../../src/domain/reports.js';
import { call } from '../api.js';
import { useMembers, useTeams } from '../queries.js';

/** Each dimension's name, as the domain defines it (one list for the API, CLI and web). */
export const DIMENSION_LABELS: Record<string, string> = DOMAIN_DIMENSION_LABELS;
/** The filters that take a value (the period is its from and to). */
const VALUE_DIMENSIONS = ['source', 'medium', 'campaign', 'segment', 'territory', 'team', 'rep'] as const;

/** The dimensions a report declares it filters and breaks down by (undefined while loading). */
export function useReportDimensions(name: string): readonly string[] | undefined {
  const list = useQuery({
    queryKey: ['reports', 'list'],
    queryFn: ({ signal }) => call('GET', '/reports', { signal }),
    staleTime: 10 * 60_000,
  });
  return list.data?.reports.find((r) => r.name === name)?.dimensions;
}

export type ReportFilterQuery = Record<string, string | undefined>;

/**
 * The filters kept in the URL under `prefix` (`spend-source=google`), as the report's query takes
 * them (`source=google`), only those the report has; and a setter for one of them.
 */
export function useReportFilters(
  prefix: string,
  dimensions: readonly string[] | undefined,
): { query: ReportFilterQuery; set: (key: string, value: string) => void } {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const query = useMemo(() => {
    const q: ReportFilterQuery = {};
    const read = new URLSearchParams(key);
    for (const name of ['from', 'to', 'by', ...VALUE_DIMENSIONS]) {
      const value = read.get(prefix + name);
      if (!value) continue;
      // A dimension the report does not have (an old link, say) is left out, not sent to be refused.
      if (name === 'by' && dimensions && !dimensions.includes(value)) continue;
      if ((VALUE_DIMENSIONS as readonly string[]).includes(name) && dimensions && !dimensions.includes(name))
        continue;
      q[name] = value;
    }
    return q;
  }, [key, prefix, dimensions]);
  const set = (name: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(prefix + name, value);
        else next.delete(prefix + name);
        return next;
      },
      { replace: true },
    );
  return { query, set };
}

/** A text filter is applied on Enter or on leaving the field, not on every key. */
function commitOnEnter(e: KeyboardEvent<HTMLInputElement>) {
  if (e.key === 'Enter') e.currentTarget.blur();
}

export function ReportFilterBar({
  id,
  label,
  dimensions,
  query,
  set,
  period,
  showPeriod = dimensions.includes('period'),
  children,
}: {
  /** Prefixes each control's id: `${id}-source`, `${id}-by`. */
  id: string;
  label: string;
  dimensions: readonly string[];
  query: ReportFilterQuery;
  set: (key: string, value: string) => void;
  /** The period the report used, shown when the URL names none. */
  period?: { from: string; to: string };
  showPeriod?: boolean;
  children?: ReactNode;
}) {
  const members = useMembers();
  const teams = useTeams();
  const values = VALUE_DIMENSIONS.filter((d) => dimensions.includes(d));
  const select = (d: string, options: { id: string; name: string }[]) => (
    <select
      id={`${id}-${d}`}
      className="input input--sm"
      value={query[d] ?? ''}
      onChange={(e) => set(d, e.target.value)}
    >
      <option value="">All</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
  return (
    <div className="report-filters" role="group" aria-label={label}>
      {showPeriod && (
        <>
          <label>
            From{' '}
            <input
              id={`${id}-from`}
              type="month"
              className="input input--sm"
              value={query.from ?? period?.from ?? ''}
              onChange={(e) => set('from', e.target.value)}
            />
          </label>
          <label>
            To{' '}
            <input
              id={`${id}-to`}
              type="month"
              className="input input--sm"
              value={query.to ?? period?.to ?? ''}
              onChange={(e) => set('to', e.target.value)}
            />
          </label>
        </>
      )}
      {values.map((d) => (
        <label key={d}>
          {DIMENSION_LABELS[d]}{' '}
          {d === 'team' ? (
            select(d, teams.data ?? [])
          ) : d === 'rep' ? (
            select(d, members.data ?? [])
          ) : (
            <input
              // Re-mounted when the URL changes it, so the field shows what is applied.
              key={query[d] ?? ''}
              id={`${id}-${d}`}
              className="input input--sm report-filters__text"
              placeholder="All"
              defaultValue={query[d] ?? ''}
              onBlur={(e) => {
                if (e.target.value.trim() !== (query[d] ?? '')) set(d, e.target.value.trim());
              }}
              onKeyDown={commitOnEnter}
            />
          )}
        </label>
      ))}
      <label>
        By{' '}
        <select
          id={`${id}-by`}
          className="input input--sm"
          value={query.by ?? ''}
          onChange={(e) => set('by', e.target.value)}
        >
          <option value="">Nothing</option>
          {dimensions.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABELS[d] ?? d}
            </option>
          ))}
        </select>
      </label>
      {children}
    </div>
  );
}
