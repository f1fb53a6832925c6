// The bell in the shell: the unread count (polled every 30 s) and a dropdown of recent notifications,
// each linking to its lead; opening one marks it read, and "Mark all read" clears the count.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AppNotification } from '../api.js';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '../queries.js';
import { Icon } from './icons.js';
import { RelativeTime } from './relative-time.js';
import { ErrorBanner, Spinner } from './states.js';

export function NotificationBell() {
  const notifications = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const navigate = useNavigate();
  const [isOpen, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = notifications.data?.unreadCount ?? 0;
  const list = notifications.data?.data ?? [];

  useEffect(() => {
    if (!isOpen) return;
    function onDown(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    }
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen]);

  function open(n: AppNotification) {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    if (n.leadId) void navigate(`/leads/${n.leadId}`);
  }

  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <div className="bell" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="nav__link bell__button"
        aria-haspopup="dialog"
        aria-expanded={isOpen}
        aria-label={label}
        title={label}
        onClick={() => {
          setOpen(!isOpen);
          if (!isOpen) void notifications.refetch();
        }}
      >
        <Icon name="bell" />
        <span className="bell__text">Notifications</span>
        {unread > 0 && (
          <span className="bell__count" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {isOpen && (
        <div className="bell__panel" role="dialog" aria-label="Notifications">
          <header className="bell__head">
            <h2 className="bell__title">Notifications</h2>
            {notifications.isFetching && <Spinner label="Updating" />}
            <button
              type="button"
              className="btn btn--ghost btn--sm"
              disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}
            >
              <Icon name="check" size={14} />
              Mark all read
            </button>
          </header>
          {notifications.error && !notifications.data ? (
            <div className="bell__body">
              <ErrorBanner error={notifications.error} title="Could not load notifications" />
            </div>
          ) : list.length === 0 ? (
            <p className="bell__empty">
              {notifications.isPending ? 'Loading…' : 'Nothing new. You are all caught up.'}
            </p>
          ) : (
            <ul className="bell__list">
              {list.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className={`bell__item${n.readAt ? '' : ' is-unread'}`}
                    onClick={() => open(n)}
                  >
                    <span className="bell__item-title">{n.title}</span>
                    {n.body && n.body !== n.title && <span className="bell__item-body">{n.body}</span>}
                    <span className="bell__item-meta">
                      <RelativeTime at={n.createdAt} />
                      {n.leadId && <span aria-hidden="true"> · Open lead →</span>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
