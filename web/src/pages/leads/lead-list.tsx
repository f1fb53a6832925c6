// Leads: search, filter by stage, owner, source, campaign and creation date, sort, page, open one.
import { useSearchParams } from 'react-router';
import { DownloadCsv } from '../../components/download-csv.js';
import { LoadMore } from '../../components/load-more.js';
import { PageHeader, usePageTitle } from '../../components/page.js';
import { SearchInput } from '../../components/search-input.js';
import { EmptyState, ErrorBanner, Spinner } from '../../components/states.js';
import { useLeadList, useMembers } from '../../queries.js';
import { STAGES, type Stage, stageLabel } from '../../stages.js';
import { LEAD_SORT_OPTIONS, type LeadListQuery, isLeadSort, localDayStart } from './lead-list-query.js';
import { LeadTable, LeadTableSkeleton } from './lead-table.js';

const OWNER_OPTIONS = [
  { value: '', label: 'Any owner' },
  { value: 'me', label: 'Mine' },
  { value: 'none', label: 'Unassigned' },
];

const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

export function LeadListPage() {
  usePageTitle('Leads');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const stage = params.get('stage') ?? '';
  const owner = params.get('owner') ?? '';
  const source = params.get('source') ?? '';
  const campaign = params.get('campaign') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const sortParam = params.get('sort') ?? '';
  const sort = isLeadSort(sortParam) ? sortParam : '-createdAt';
  const createdAfter = localDayStart(from);
  const createdBefore = localDayStart(to, 1);
  const filter: LeadListQuery = {
    ...(q ? { q } : {}),
    ...(isStage(stage) ? { stage: [stage] } : {}),
    ...(owner ? { ownerId: owner } : {}),
    ...(source ? { source } : {}),
    ...(campaign ? { campaign } : {}),
    ...(createdAfter ? { createdAfter } : {}),
    ...(createdBefore ? { createdBefore } : {}),
  };
  const hasFilter = Object.keys(filter).length > 0;
  const list = useLeadList({ ...filter, ...(sort !== '-createdAt' ? { sort } : {}) });
  const members = useMembers();
  const sortLabel = LEAD_SORT_OPTIONS.find((o) => o.value === sort)?.label.toLowerCase() ?? 'newest first';
  const leads = list.data?.pages.flatMap((p) => p.data) ?? [];

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

  return (
    <div className="page">
      <PageHeader
        title="Leads"
        subtitle={`Everyone who has shown up, ${sortLabel}.`}
        actions={<DownloadCsv path="/api/v1/leads" query={{ ...filter, sort }} />}
      />
      <div className="toolbar" role="search">
        <SearchInput
          label="Search leads"
          placeholder="Search name, e-mail or company"
          value={q}
          onChange={(v) => setParam('q', v.trim())}
        />
        <label className="visually-hidden" htmlFor="stage-filter">
          Stage
        </label>
        <select
          id="stage-filter"
          className="select"
          value={stage}
          onChange={(e) => setParam('stage', e.target.value)}
        >
          <option value="">All stages</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {stageLabel(s).long}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="owner-filter">
          Owner
        </label>
        <select
          id="owner-filter"
          className="select"
          value={owner}
          onChange={(e) => setParam('owner', e.target.value)}
        >
          {OWNER_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {(members.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <TextFilter
          id="source-filter"
          label="Source"
          value={source}
          onChange={(v) => setParam('source', v)}
        />
        <TextFilter
          id="campaign-filter"
          label="Campaign"
          value={campaign}
          onChange={(v) => setParam('campaign', v)}
        />
        <label className="toolbar__field" htmlFor="from-filter">
          <span>Created from</span>
          <input
            id="from-filter"
            type="date"
            className="input"
            value={from}
            onChange={(e) => setParam('from', e.target.value)}
          />
        </label>
        <label className="toolbar__field" htmlFor="to-filter">
          <span>to</span>
          <input
            id="to-filter"
            type="date"
            className="input"
            value={to}
            onChange={(e) => setParam('to', e.target.value)}
          />
        </label>
        <label className="visually-hidden" htmlFor="sort-order">
          Sort
        </label>
        <select
          id="sort-order"
          className="select"
          value={sort}
          onChange={(e) => setParam('sort', e.target.value === '-createdAt' ? '' : e.target.value)}
        >
          {LEAD_SORT_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {hasFilter && (
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            onClick={() => setParams({}, { replace: true })}
          >
            Clear filters
          </button>
        )}
        {list.isFetching && !list.isFetchingNextPage && list.data && <Spinner label="Updating" />}
      </div>

      {list.error && (
        <ErrorBanner error={list.error} title="Could not load leads" onRetry={() => void list.refetch()} />
      )}

      {list.isPending ? (
        <LeadTableSkeleton />
      ) : leads.length === 0 && !list.error ? (
        hasFilter ? (
          <EmptyState
            icon="search"
            title="No leads match these filters"
            action={
              <button type="button" className="btn btn--sm" onClick={() => setParams({}, { replace: true })}>
                Clear filters
              </button>
            }
          />
        ) : (
          <EmptyState icon="leads" title="No leads yet">
            Leads appear here as they arrive from tracking, imports and the API.
          </EmptyState>
        )
      ) : (
        leads.length > 0 && (
          <>
            <LeadTable leads={leads} isStale={list.isPlaceholderData} />
            <LoadMore
              shown={leads.length}
              noun={leads.length === 1 ? 'lead' : 'leads'}
              hasMore={list.hasNextPage}
              isLoading={list.isFetchingNextPage}
              onLoadMore={() => void list.fetchNextPage()}
            />
          </>
        )
      )}
    </div>
  );
}

/** A filter typed in full: applied when the field loses focus or on Enter, not on each key. */
function TextFilter(props: { id: string; label: string; value: string; onChange: (v: string) => void }) {
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
