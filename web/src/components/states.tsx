// Loading, empty and error states, so every page says what is going on in the same way.
import type { ReactNode } from 'react';
import { isApiError } from '../api.js';
import { Icon, type IconName } from './icons.js';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function FullPageLoading() {
  return (
    <div className="centered-page" aria-busy="true">
      <Spinner />
    </div>
  );
}

/** A quiet placeholder while a panel's data loads. */
export function LoadingBlock({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading-block" aria-busy="true">
      <Spinner label={label} />
      <span>{label}</span>
    </div>
  );
}

/** The server's title and detail for an ApiError; the message of anything else. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (isApiError(error)) return { title: error.title, detail: error.detail };
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message };
  return { title: 'Something went wrong', detail: String(error) };
}

export function ErrorBanner({
  error,
  title,
  onRetry,
  onDismiss,
}: {
  error: unknown;
  /** Overrides the error's own title, e.g. "Could not load leads". */
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}) {
  const d = describeError(error);
  return (
    <div className="banner banner--error" role="alert">
      <Icon name="alert" className="banner__icon" />
      <div className="banner__body">
        <strong className="banner__title">{title ?? d.title}</strong>
        <span className="banner__detail">{d.detail}</span>
      </div>
      {onRetry && (
        <button type="button" className="btn btn--sm" onClick={onRetry}>
          Try again
        </button>
      )}
      {onDismiss && (
        <button type="button" className="btn btn--ghost btn--icon btn--sm" onClick={onDismiss}>
          <Icon name="close" />
          <span className="visually-hidden">Dismiss</span>
        </button>
      )}
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon?: IconName;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty">
      {icon && <Icon name={icon} size={22} className="empty__icon" />}
      <p className="empty__title">{title}</p>
      {children && <div className="empty__body">{children}</div>}
      {action && <div className="empty__action">{action}</div>}
    </div>
  );
}
