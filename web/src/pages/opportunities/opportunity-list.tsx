// Opportunities: the pipeline's deals, filtered by status, stage, owner, source and close date, newest first.
import { useSearchParams } from 'react-router';
import type { OpportunityFilter } from '../../api.js';
import { LoadMore } from '../../components/load-more.js';
import { PageHeader, usePageTitle } from '../../components/page.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { useAgreement, useMembers, useOpportunityList } from '../../queries.js';
import { OpportunityTable } from './opportunity-table.js';

const STATUSES = [
  { value: '', label: 'Open, won and lost' },
  { value: 'open', label: 'Open' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
] as const;

const isStatus = (s: string): s is 'open' | 'won' | 'lost' => s === 'open' || s === 'won' || s === 'lost';

export function OpportunityListPage() {
  usePageTitle('Opportunities');
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const stage = params.get('stage') ?? '';
  const owner = params.get('owner') ?? '';
  const source = params.get('source') ?? '';
  const from = params.get('closeFrom') ?? '';
  const to = params.get('closeTo') ?? '';
  const filter: OpportunityFilter = {
    ...(isStatus(status) ? { status } : {}),
    ...(stage ? { stage } : {}),
    ...(owner ? { ownerId: owner } : {}),
    ...(source ? { source } : {}),
    ...(from ? { closeFrom: from } : {}),
    ...(to ? { closeTo: to } : {}),
  };
  const hasFilter = Object.keys(filter).length > 0;
  const list = useOpportunityList(filter);
  const members = useMembers();
  const agreement = useAgreement();
  const stages = agreement.data?.active.document.opportunities?.stages ?? [];
  const opportunities = list.data?.pages.flatMap((p) => p.data) ?? [];

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
        title="Opportunities"
        subtitle="Deals in the pipeline, from the CRM and the API, newest first."
      />
      <div className="toolbar" role="search">
        <label className="visually-hidden" htmlFor="status-filter">
          Status
        </label>
        <select
          id="status-filter"
          className="select"
          value={status}
          onChange={(e) => setParam('status', e.target.value)}
        >
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="opportunity-stage-filter">
          Stage
        </label>
        <select
          id="opportunity-stage-filter"
          className="select"
          value={stage}
          onChange={(e) => setParam('stage', e.target.value)}
        >
          <option value="">All stages</option>
          {stages.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="opportunity-owner-filter">
          Owner
        </label>
        <select
          id="opportunity-owner-filter"
          className="select"
          value={owner}
          onChange={(e) => setParam('owner', e.target.value)}
        >
          <option value="">Any owner</option>
          {(members.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="opportunity-source-filter">
          Source
        </label>
        <input
          id="opportunity-source-filter"
          key={source}
          className="input toolbar__text"
          placeholder="Source"
          defaultValue={source}
          maxLength={200}
          onBlur={(e) => setParam('source', e.target.value.trim())}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setParam('source', e.currentTarget.value.trim());
          }}
        />
        <label className="toolbar__field" htmlFor="close-from-filter">
          <span>Closing from</span>
          <input
            id="close-from-filter"
            type="date"
            className="input"
            value={from}
            onChange={(e) => setParam('closeFrom', e.target.value)}
          />
        </label>
        <label className="toolbar__field" htmlFor="close-to-filter">
          <span>to</span>
          <input
            id="close-to-filter"
            type="date"
            className="input"
            value={to}
            onChange={(e) => setParam('closeTo', e.target.value)}
          />
        </label>
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
        <ErrorBanner
          error={list.error}
          title="Could not load opportunities"
          onRetry={() => void list.refetch()}
        />
      )}

      {list.isPending ? (
        <LoadingBlock label="Loading opportunities…" />
      ) : opportunities.length === 0 && !list.error ? (
        hasFilter ? (
          <EmptyState icon="search" title="No opportunities match these filters" />
        ) : (
          <EmptyState icon="deal" title="No opportunities yet">
            Opportunities arrive with CRM status changes that carry an amount, and through the API.
          </EmptyState>
        )
      ) : (
        opportunities.length > 0 && (
          <>
            <OpportunityTable opportunities={opportunities} isStale={list.isPlaceholderData} />
            <LoadMore
              shown={opportunities.length}
              noun={opportunities.length === 1 ? 'opportunity' : 'opportunities'}
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
