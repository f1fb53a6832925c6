// The foot of a paged list: how many are shown, and a button for the next page while there is one.
import { formatNumber } from '../format.js';

export function LoadMore({
  shown,
  noun,
  hasMore,
  isLoading,
  onLoadMore,
}: {
  shown: number;
  /** Plural noun: "leads". */
  noun: string;
  hasMore: boolean;
  isLoading: boolean;
  onLoadMore: () => void;
}) {
  return (
    <div className="list-footer">
      <span className="muted">
        {formatNumber(shown)} {noun}
        {hasMore ? ' shown' : ''}
      </span>
      {hasMore && (
        <button type="button" className="btn btn--sm" onClick={onLoadMore} disabled={isLoading}>
          {isLoading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
