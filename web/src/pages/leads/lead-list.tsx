// Leads: search, filter by stage and owner, page through newest first, open one.
import { useSearchParams } from 'react-router';
import type { LeadFilter } from '../../api.js';
import { LoadMore } from '../../components/load-more.js';
import { PageHeader, usePageTitle } from '../../components/page.js';
import { SearchInput } from '../../components/search-input.js';
import { EmptyState, ErrorBanner, Spinner } from '../../components/states.js';
import { useLeadList } from '../../queries.js';
import { STAGES, type Stage, stageLabel } from '../../stages.js';
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
  const filter: LeadFilter = {
    ...(q ? { q } : {}),
    ...(isStage(stage) ? { stage: [stage] } : {}),
    ...(owner ? { ownerId: owner } : {}),
  };
  const hasFilter = Object.keys(filter).length > 0;
  const list = useLeadList(filter);
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
      <PageHeader title="Leads" subtitle="Everyone who has shown up, newest first." />
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
