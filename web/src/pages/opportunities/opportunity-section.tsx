// The opportunities of one lead or one account, as a section of its page.
import type { OpportunityFilter } from '../../api.js';
import { LoadMore } from '../../components/load-more.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useOpportunityList } from '../../queries.js';
import { type OpportunityColumn, OpportunityTable } from './opportunity-table.js';

export function OpportunitySection({
  filter,
  columns,
}: {
  filter: Pick<OpportunityFilter, 'leadId' | 'accountId'>;
  columns: OpportunityColumn[];
}) {
  const list = useOpportunityList(filter);
  const opportunities = list.data?.pages.flatMap((p) => p.data) ?? [];
  if (list.isPending) return <LoadingBlock label="Loading opportunities…" />;
  if (list.error) return <ErrorBanner error={list.error} onRetry={() => void list.refetch()} />;
  if (opportunities.length === 0) return <EmptyState title="No opportunities yet" />;
  return (
    <>
      <OpportunityTable opportunities={opportunities} columns={columns} />
      <LoadMore
        shown={opportunities.length}
        noun={opportunities.length === 1 ? 'opportunity' : 'opportunities'}
        hasMore={list.hasNextPage}
        isLoading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    </>
  );
}
