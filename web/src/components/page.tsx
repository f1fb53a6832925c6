// The frame of a workspace page: the browser tab title, a header with title and actions, the body.
import { type ReactNode, useEffect } from 'react';

/** Sets the browser tab's title to "<title> · Tandem" while the page is shown. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Tandem` : 'Tandem';
  }, [title]);
}

export function PageHeader({
  title,
  subtitle,
  actions,
  back,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** A link or breadcrumb above the title. */
  back?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div className="page-header__text">
        {back && <div className="page-header__back">{back}</div>}
        <h1 className="page-header__title">{title}</h1>
        {subtitle && <div className="page-header__subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}

export function Panel({
  title,
  actions,
  children,
  id,
  flush,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
  /** No padding in the body: for tables and lists that run edge to edge. */
  flush?: boolean;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="panel" id={id} aria-labelledby={title ? headingId : undefined}>
      {(title || actions) && (
        <header className="panel__header">
          {title && (
            <h2 className="panel__title" id={headingId}>
              {title}
            </h2>
          )}
          {actions && <div className="panel__actions">{actions}</div>}
        </header>
      )}
      <div className={flush ? 'panel__body panel__body--flush' : 'panel__body'}>{children}</div>
    </section>
  );
}
