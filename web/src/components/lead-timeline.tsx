// A lead's timeline: what they did, newest first, with the points each event earned where the ledger says so.
import type { LeadEvent, ScoreExplanation } from '../api.js';
import { formatPoints, humanize } from '../format.js';
import { useLeadEvents } from '../queries.js';
import { Icon, type IconName } from './icons.js';
import { LoadMore } from './load-more.js';
import { RelativeTime } from './relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from './states.js';

const TYPE_ICONS: Record<string, IconName> = {
  page: 'page',
  screen: 'page',
  track: 'zap',
  identify: 'user',
  group: 'accounts',
  alias: 'link',
};

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function pathOf(e: LeadEvent): string | null {
  const page = (e.context.page ?? {}) as Record<string, unknown>;
  const url = text(e.properties.url) ?? text(page.url);
  let fromUrl: string | null = null;
  if (url) {
    try {
      fromUrl = new URL(url).pathname;
    } catch {
      fromUrl = url;
    }
  }
  return text(e.properties.path) ?? text(page.path) ?? fromUrl;
}

/** A few of an object's scalar entries, "plan: trial · seats: 25", for a one-line summary. */
function summary(values: Record<string, unknown>, skip: readonly string[] = [], max = 3): string | null {
  const parts = Object.entries(values)
    .filter(([k, v]) => !skip.includes(k) && text(v) !== null)
    .map(([k, v]) => `${k}: ${text(v)}`);
  if (parts.length === 0) return null;
  return parts.length > max
    ? `${parts.slice(0, max).join(' · ')} · +${parts.length - max} more`
    : parts.join(' · ');
}

/** What a person reads for one event: a headline and an optional detail line. */
export function describeEvent(e: LeadEvent): { title: string; detail: string | null } {
  switch (e.type) {
    case 'page':
    case 'screen': {
      const name = e.event ?? text(e.properties.title) ?? text(e.properties.name);
      return {
        title: name ? `Viewed ${name}` : `Viewed a ${e.type}`,
        detail: e.type === 'page' ? pathOf(e) : summary(e.properties, ['name']),
      };
    }
    case 'track':
      return { title: e.event ?? 'Unnamed event', detail: summary(e.properties) };
    case 'identify': {
      const keys = Object.keys(e.traits);
      return {
        title: 'Identified',
        detail: keys.length ? `Traits: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}` : null,
      };
    }
    case 'group':
      return { title: 'Joined a group', detail: text(e.traits.name) ?? summary(e.traits) };
    case 'alias':
      return { title: 'Linked another identity', detail: null };
    default:
      return { title: humanize(e.type), detail: e.event };
  }
}

export function LeadTimeline({ leadId, score }: { leadId: string; score?: ScoreExplanation }) {
  const events = useLeadEvents(leadId);
  const list = events.data?.pages.flatMap((p) => p.data) ?? [];
  // The ledger lines of recent events, so the timeline shows what each one earned.
  const earned = new Map<string, { label: string; points: number }[]>();
  for (const line of score?.engagement.recent ?? []) {
    earned.set(line.eventId, [
      ...(earned.get(line.eventId) ?? []),
      { label: line.label, points: line.points },
    ]);
  }

  if (events.isPending) return <LoadingBlock label="Loading timeline…" />;
  if (events.error && list.length === 0) {
    return (
      <ErrorBanner
        error={events.error}
        title="Could not load the timeline"
        onRetry={() => void events.refetch()}
      />
    );
  }
  if (list.length === 0) {
    return (
      <EmptyState icon="clock" title="Nothing on the timeline yet">
        Page views, form fills and other events appear here as tracking sends them.
      </EmptyState>
    );
  }
  return (
    <div className="timeline-wrap">
      <ol className="timeline">
        {list.map((e) => {
          const { title, detail } = describeEvent(e);
          const points = earned.get(String(e.id)) ?? [];
          return (
            <li key={e.id} className={`timeline__item timeline__item--${e.type}`} data-event-type={e.type}>
              <span className="timeline__icon" title={humanize(e.type)}>
                <Icon name={TYPE_ICONS[e.type] ?? 'zap'} size={14} />
              </span>
              <div className="timeline__body">
                <div className="timeline__title-row">
                  <span className="timeline__title">{title}</span>
                  {points.map((p) => (
                    <span
                      key={p.label}
                      className="timeline__points"
                      title={`${p.label}: ${formatPoints(p.points)} points`}
                    >
                      {formatPoints(p.points)}
                    </span>
                  ))}
                  <span className="timeline__time">
                    <RelativeTime at={e.occurredAt} />
                  </span>
                </div>
                {detail && (
                  <div className="timeline__detail">
                    {e.type === 'page' ? <code className="timeline__path">{detail}</code> : detail}
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <LoadMore
        shown={list.length}
        noun={list.length === 1 ? 'event' : 'events'}
        hasMore={events.hasNextPage}
        isLoading={events.isFetchingNextPage}
        onLoadMore={() => void events.fetchNextPage()}
      />
    </div>
  );
}
