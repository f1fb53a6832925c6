// The workspace frame: navigation on the left (workspace, pages, the signed-in person), the page on the right.
import { NavLink, Outlet } from 'react-router';
import { roleLabel } from '../format.js';
import { type AppPage, PAGES, navigationFor } from '../pages.js';
import { useSession, useSignOut } from '../session.js';
import { Avatar } from './avatar.js';
import { Icon } from './icons.js';
import { NotificationBell } from './notification-bell.js';

function NavItem({ page }: { page: ReturnType<typeof navigationFor>[number] }) {
  return (
    <li>
      <NavLink to={`/${page.path}`} className="nav__link" title={page.nav.label} aria-label={page.nav.label}>
        <Icon name={page.nav.icon} />
        <span>{page.nav.label}</span>
      </NavLink>
    </li>
  );
}

export function AppShell({ pages = PAGES }: { pages?: AppPage[] }) {
  const { user, workspace } = useSession();
  const signOut = useSignOut();
  const nav = navigationFor(pages, user.role);
  const main = nav.filter((p) => (p.nav.placement ?? 'main') === 'main');
  const footer = nav.filter((p) => p.nav.placement === 'footer');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar__workspace" title={`${workspace.name} (${workspace.slug})`}>
          <Avatar name={workspace.name} size="md" />
          <div className="sidebar__workspace-text">
            <span className="sidebar__workspace-name">{workspace.name}</span>
            <span className="sidebar__workspace-slug">{workspace.slug}</span>
          </div>
        </div>
        <NotificationBell />
        <nav className="nav" aria-label="Workspace">
          <ul className="nav__list">
            {main.map((p) => (
              <NavItem key={p.path} page={p} />
            ))}
          </ul>
          <ul className="nav__list nav__list--footer">
            {footer.map((p) => (
              <NavItem key={p.path} page={p} />
            ))}
          </ul>
        </nav>
        <div className="sidebar__user">
          <Avatar name={user.name} size="sm" />
          <div className="sidebar__user-text">
            <span className="sidebar__user-name" title={user.email}>
              {user.name}
            </span>
            <span className="sidebar__user-role">{roleLabel(user.role)}</span>
          </div>
          <button
            type="button"
            className="btn btn--ghost btn--icon btn--sm"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
            title="Sign out"
          >
            <Icon name="signOut" />
            <span className="visually-hidden">Sign out</span>
          </button>
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
