// Settings: a tab strip of the settings pages the role can see, the chosen one below.
import { NavLink, Outlet } from 'react-router';
import { Icon } from '../../components/icons.js';
import { PageHeader } from '../../components/page.js';
import type { AppPage } from '../../pages.js';
import { useSession } from '../../session.js';

export function SettingsLayout({ pages }: { pages: AppPage[] }) {
  const { user, workspace } = useSession();
  const tabs = pages.filter((p) => p.nav && (!p.visibleTo || p.visibleTo.includes(user.role)));
  return (
    <div className="page">
      <PageHeader title="Settings" subtitle={workspace.name} />
      <nav className="tabs" aria-label="Settings">
        {tabs.map((p) => (
          <NavLink key={p.path} to={p.path} className="tabs__tab">
            {p.nav && <Icon name={p.nav.icon} />}
            {p.nav?.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
