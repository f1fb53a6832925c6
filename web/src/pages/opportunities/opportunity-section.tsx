// The opportunities of one lead or one account, as a section of its page, with "New opportunity" for
// that lead or account.
import { useState } from 'react';
import type { OpportunityFilter } from '../../api.js';
import { Icon } from '../../components/icons.js';
import { LoadMore } from '../../components/load-more.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useOpportunityList } from '../../queries.js';
import { useLeadMoveNotice } from './lead-move-notice.js';
import { type KnownParties, NewOpportunityForm } from './opportunity-form.js';
import { type OpportunityColumn, OpportunityTable, useCanWriteOpportunities } from './opportunity-table.js';

export function OpportunitySection({
  filter,
  columns,
  known,
}: {
  filter: Pick<OpportunityFilter, 'leadId' | 'accountId'>;
  columns: OpportunityColumn[];
  /** The lead or account a new opportunity here is for. */
  known: KnownParties;
}) {
  const list = useOpportunityList(filter);
  const canCreate = useCanWriteOpportunities();
  const [isCreating, setCreating] = useState(false);
  const { notice, onSaved } = useLeadMoveNotice();
  const opportunities = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      {(canCreate || notice) && (
        <div className="section-actions">
          {notice}
          {canCreate &&
            (isCreating ? (
              <NewOpportunityForm
                known={known}
                onCancel={() => setCreating(false)}
                onCreated={(saved) => {
                  setCreating(false);
                  onSaved(saved);
                }}
              />
            ) : (
              <button type="button" className="btn btn--sm" onClick={() => setCreating(true)}>
                <Icon name="plus" />
                New opportunity
              </button>
            ))}
        </div>
      )}
      {list.isPending ? (
        <LoadingBlock label="Loading opportunities…" />
      ) : list.error ? (
        <ErrorBanner error={list.error} onRetry={() => void list.refetch()} />
      ) : opportunities.length === 0 ? (
        <EmptyState title="No opportunities yet" />
      ) : (
        <>
          <OpportunityTable opportunities={opportunities} columns={columns} onSaved={onSaved} />
          <LoadMore
            shown={opportunities.length}
            noun={opportunities.length === 1 ? 'opportunity' : 'opportunities'}
            hasMore={list.hasNextPage}
            isLoading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
