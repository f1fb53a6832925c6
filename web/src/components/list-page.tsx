// The scaffold every filtered, paged list page shares (leads, opportunities): filters kept in the
// URL, a from–to date range, "Clear filters", and the body that shows the error, the loading state,
// the empty states, the table and "Load more".
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useMembers } from '../queries.js';
import { LoadMore } from './load-more.js';
import { EmptyState, ErrorBanner, Spinner } from './states.js';

/** The page's filters as URL search parameters: read them, set one (empty removes it), clear all. */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  function setParam(name: string, value: string) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }
  const clear = () => setParams({}, { replace: true });
  return { params, setParam, clear };
}

/** Two date inputs, "<label> from … to …", each naming its own search parameter. */
export function DateRangeFilter({
  id,
  label,
  from,
  to,
  onFrom,
  onTo,
}: {
  /** The inputs' ids are `<id>-from-filter` and `<id>-to-filter`. */
  id: string;
  label: string;
  from: string;
  to: string;
  onFrom(value: string): void;
  onTo(value: string): void;
}) {
  return (
    <>
      <label className="toolbar__field" htmlFor={`${id}-from-filter`}>
        <span>{label} from</span>
        <input
          id={`${id}-from-filter`}
          type="date"
          className="input"
          value={from}
          onChange={(e) => onFrom(e.target.value)}
        />
      </label>
      <label className="toolbar__field" htmlFor={`${id}-to-filter`}>
        <span>to</span>
        <input
          id={`${id}-to-filter`}
          type="date"
          className="input"
          value={to}
          onChange={(e) => onTo(e.target.value)}
        />
      </label>
    </>
  );
}

/** What a paged list page reads of its infinite query. */
export interface PagedList {
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
  isFetchingNextPage: boolean;
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  data: unknown;
  refetch(): Promise<unknown>;
  fetchNextPage(): Promise<unknown>;
}

/** The end of the toolbar: "Clear filters" while any filter is set, and a spinner while refetching. */
export function ListToolbarEnd({
  list,
  hasFilter,
  onClear,
}: {
  list: PagedList;
  hasFilter: boolean;
  onClear(): void;
}) {
  return (
    <>
      {hasFilter && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={onClear}>
          Clear filters
        </button>
      )}
      {list.isFetching && !list.isFetchingNextPage && Boolean(list.data) && <Spinner label="Updating" />}
    </>
  );
}

/** Below the toolbar: the error, the loading state, the empty states, or the table and "Load more". */
export function PagedListBody({
  list,
  shown,
  noun,
  errorTitle,
  loading,
  empty,
  emptyFiltered,
  hasFilter,
  children,
}: {
  list: PagedList;
  /** How many items the pages loaded so far hold. */
  shown: number;
  /** "lead" / "leads": what "Load more" counts. */
  noun: { one: string; many: string };
  errorTitle: string;
  loading: ReactNode;
  /** Shown when there is nothing and no filter is set… */
  empty: ReactNode;
  /** …and when the filters match nothing. */
  emptyFiltered: ReactNode;
  hasFilter: boolean;
  /** The table of what was loaded. */
  children: ReactNode;
}) {
  return (
    <>
      {list.error !== null && list.error !== undefined && (
        <ErrorBanner error={list.error} title={errorTitle} onRetry={() => void list.refetch()} />
      )}
      {list.isPending
        ? loading
        : shown === 0 && !list.error
          ? hasFilter
            ? emptyFiltered
            : empty
          : shown > 0 && (
              <>
                {children}
                <LoadMore
                  shown={shown}
                  noun={shown === 1 ? noun.one : noun.many}
                  hasMore={list.hasNextPage}
                  isLoading={list.isFetchingNextPage}
                  onLoadMore={() => void list.fetchNextPage()}
                />
              </>
            )}
    </>
  );
}

/** The empty state when the filters match nothing, with a way to clear them when `onClear` is given. */
export function NoMatch({ title, onClear }: { title: string; onClear?: () => void }) {
  return (
    <EmptyState
      icon="search"
      title={title}
      {...(onClear
        ? {
            action: (
              <button type="button" className="btn btn--sm" onClick={onClear}>
                Clear filters
              </button>
            ),
          }
        : {})}
    />
  );
}

/** A filter that picks one of `options`, labelled for screen readers only. */
export function SelectFilter({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange(value: string): void;
}) {
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The owner filter: the page's own choices ("Any owner", "Mine"…), then each member by name. */
export function OwnerFilter({
  id,
  value,
  onChange,
  choices = [{ value: '', label: 'Any owner' }],
}: {
  id: string;
  value: string;
  onChange(value: string): void;
  choices?: readonly { value: string; label: string }[];
}) {
  const members = useMembers();
  const options = [...choices, ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))];
  return <SelectFilter id={id} label="Owner" value={value} options={options} onChange={onChange} />;
}

/** A filter typed in full: applied (trimmed) when the field loses focus or on Enter, not on each key. */
export function TextFilter(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <>
      <label className="visually-hidden" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        key={props.value}
        className="input toolbar__text"
        placeholder={props.label}
        defaultValue={props.value}
        maxLength={200}
        onBlur={(e) => props.onChange(e.target.value.trim())}
        onKeyDown={(e) => {
          if (e.key === 'Enter') props.onChange(e.currentTarget.value.trim());
        }}
      />
    </>
  );
}
