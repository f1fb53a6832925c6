// A webhook's delivery log: each attempt with its status and response, and manual redelivery.
import { type WebhookSubscription } from '../../api.js';
import { Icon } from '../../components/icons.js';
import { LoadMore } from '../../components/load-more.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useRedeliver, useSendTestWebhook, useWebhookDeliveries } from '../../queries.js';

const STATUS_CLASS = {
  pending: 'sla--warning',
  delivered: 'sla--on_track',
  failed: 'sla--breached',
} as const;

export function Deliveries({ subscription }: { subscription: WebhookSubscription }) {
  const deliveries = useWebhookDeliveries(subscription.id);
  const redeliver = useRedeliver(subscription.id);
  const sendTest = useSendTestWebhook(subscription.id);
  const list = deliveries.data?.pages.flatMap((p) => p.data) ?? [];
  const testButton = (
    <div className="deliveries__head">
      <span className="muted">Newest first; failed attempts are retried with growing pauses.</span>
      <button
        type="button"
        className="btn btn--sm"
        onClick={() => sendTest.mutate()}
        disabled={!subscription.active || sendTest.isPending}
        title={subscription.active ? undefined : 'Resume the webhook to send to it'}
      >
        <Icon name="zap" size={14} />
        Send a test event
      </button>
    </div>
  );
  if (deliveries.isPending) return <LoadingBlock label="Loading deliveries…" />;
  if (deliveries.error && list.length === 0) {
    return (
      <ErrorBanner
        error={deliveries.error}
        title="Could not load deliveries"
        onRetry={() => void deliveries.refetch()}
      />
    );
  }
  if (list.length === 0) {
    return (
      <>
        {testButton}
        {sendTest.error && <ErrorBanner error={sendTest.error} onDismiss={() => sendTest.reset()} />}
        <EmptyState icon="webhook" title="No deliveries yet">
          Deliveries appear here as events of the chosen types happen.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {testButton}
      {(redeliver.error ?? sendTest.error) && (
        <ErrorBanner
          error={redeliver.error ?? sendTest.error}
          onDismiss={() => {
            redeliver.reset();
            sendTest.reset();
          }}
        />
      )}
      <div className="table-wrap table-wrap--flat">
        <table className="table" aria-label={`Deliveries to ${subscription.url}`}>
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th className="num">Attempts</th>
              <th>Last answer</th>
              <th className="col-date">Created</th>
              <th className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.id} data-delivery-id={d.id}>
                <td>
                  <code>{d.eventType}</code>
                </td>
                <td>
                  <span className={`sla ${STATUS_CLASS[d.status]}`}>
                    {d.status === 'pending' && d.attempts === 0 ? (
                      'Queued'
                    ) : d.status === 'pending' && d.nextAttemptAt ? (
                      <>
                        Retrying <RelativeTime at={d.nextAttemptAt} />
                      </>
                    ) : (
                      d.status.charAt(0).toUpperCase() + d.status.slice(1)
                    )}
                  </span>
                </td>
                <td className="num">{d.attempts}</td>
                <td className="truncate-cell" title={d.lastError ?? undefined}>
                  {d.lastStatusCode !== null ? (
                    <code>HTTP {d.lastStatusCode}</code>
                  ) : d.lastError ? (
                    <span className="text-danger">{d.lastError}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="col-date">
                  <RelativeTime at={d.createdAt} />
                </td>
                <td className="col-actions">
                  <button
                    type="button"
                    className="btn btn--sm"
                    onClick={() => redeliver.mutate(d.id)}
                    disabled={redeliver.isPending && redeliver.variables === d.id}
                    aria-label={`Redeliver ${d.eventType} ${d.id}`}
                  >
                    <Icon name="refresh" size={14} />
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore
        shown={list.length}
        noun={list.length === 1 ? 'delivery' : 'deliveries'}
        hasMore={deliveries.hasNextPage}
        isLoading={deliveries.isFetchingNextPage}
        onLoadMore={() => void deliveries.fetchNextPage()}
      />
    </>
  );
}
