// The app's pages: URL, navigation entry and who may see each. Adding a page is one entry here.
import type { ReactNode } from 'react';
import { PERMISSIONS, type Role } from '../../src/domain/roles.js';
import type { IconName } from './components/icons.js';
import { AccountDetailPage } from './pages/accounts/account-detail.js';
import { AccountListPage } from './pages/accounts/account-list.js';
import { OpportunityListPage } from './pages/opportunities/opportunity-list.js';
import { AgreementPage } from './pages/agreement/agreement-page.js';
import { InboxPage } from './pages/inbox/inbox-page.js';
import { LeadDetailPage } from './pages/leads/lead-detail.js';
import { LeadListPage } from './pages/leads/lead-list.js';
import { MarketingPage } from './pages/marketing/marketing-page.js';
import { OverviewPage } from './pages/overview/overview-page.js';
import { GoalsPage } from './pages/goals/goals-page.js';
import { AccountPage } from './pages/settings/account.js';
import { AlertsPage } from './pages/settings/alerts.js';
import { ApiKeysPage } from './pages/settings/api-keys.js';
import { ImportPage } from './pages/settings/imports.js';
import { MembersPage } from './pages/settings/members.js';
import { RejectReasonsPage } from './pages/settings/reject-reasons.js';
import { SettingsLayout } from './pages/settings/settings-layout.js';
import { TeamsPage } from './pages/settings/teams.js';
import { TrackingPage } from './pages/settings/tracking.js';
import { WebhooksPage } from './pages/settings/webhooks.js';
import { GettingStartedPage } from './pages/setup/getting-started-page.js';
import { TeamPage } from './pages/team/team-page.js';

export interface AppPage {
  /** Path below the workspace root, without a leading slash: `leads`, `leads/:id`. */
  path: string;
  element: ReactNode;
  /** Set to list the page in the navigation; detail pages leave it out. */
  nav?: { label: string; icon: IconName; placement?: 'main' | 'footer' };
  /** Roles that see the page (in the navigation and at its URL); everyone when left out. */
  visibleTo?: readonly Role[];
  /** Sub-pages shown inside this page's <Outlet /> (settings tabs). */
  children?: AppPage[];
}

/*
 * Use a permission's roles when the page is about one (`visibleTo: PERMISSIONS['agreement:write']`), so the
 * navigation and the server agree. The first page in the list a role can see is its home: the inbox for
 * sales, the leads for everyone else.
 */

/** A page listed in the navigation under `label` with `icon`, for `visibleTo` (everyone when left out). */
function listed(
  path: string,
  [label, icon]: [string, IconName],
  element: ReactNode,
  visibleTo?: readonly Role[],
): AppPage {
  return { path, nav: { label, icon }, element, ...(visibleTo ? { visibleTo } : {}) };
}

export const SETTINGS_PAGES: AppPage[] = [
  listed('members', ['Members', 'members'], <MembersPage />),
  listed('account', ['Your account', 'users'], <AccountPage />),
  listed('alerts', ['Alerts', 'bell'], <AlertsPage />),
  listed('teams', ['Teams', 'users'], <TeamsPage />, PERMISSIONS['teams:write']),
  listed('tracking', ['Tracking', 'code'], <TrackingPage />, PERMISSIONS['keys:manage']),
  listed('webhooks', ['Webhooks', 'webhook'], <WebhooksPage />, PERMISSIONS['webhooks:manage']),
  listed('reject-reasons', ['Reject reasons', 'x'], <RejectReasonsPage />, PERMISSIONS['settings:manage']),
  listed('import', ['Import', 'upload'], <ImportPage />, PERMISSIONS['imports:manage']),
  listed('api-keys', ['API keys', 'key'], <ApiKeysPage />, PERMISSIONS['keys:manage']),
];

export const PAGES: AppPage[] = [
  listed('inbox', ['Inbox', 'inbox'], <InboxPage />, ['sales_rep', 'sales_manager']),
  listed('leads', ['Leads', 'leads'], <LeadListPage />),
  listed('overview', ['Overview', 'target'], <OverviewPage />, PERMISSIONS['reports:read']),
  listed('goals', ['Goals & plan', 'zap'], <GoalsPage />, PERMISSIONS['reports:read']),
  { path: 'leads/:id', element: <LeadDetailPage /> },
  listed('accounts', ['Accounts', 'accounts'], <AccountListPage />),
  { path: 'accounts/:id', element: <AccountDetailPage /> },
  listed(
    'opportunities',
    ['Opportunities', 'deal'],
    <OpportunityListPage />,
    PERMISSIONS['opportunities:read'],
  ),
  listed('team', ['Team', 'team'], <TeamPage />, PERMISSIONS['leads:assign']),
  listed('marketing', ['Marketing', 'target'], <MarketingPage />, ['marketing', 'admin']),
  listed('agreement', ['Agreement', 'agreement'], <AgreementPage />),
  {
    path: 'getting-started',
    nav: { label: 'Getting started', icon: 'check', placement: 'footer' },
    visibleTo: PERMISSIONS['settings:manage'],
    element: <GettingStartedPage />,
  },
  {
    path: 'settings',
    nav: { label: 'Settings', icon: 'settings', placement: 'footer' },
    element: <SettingsLayout pages={SETTINGS_PAGES} />,
    children: SETTINGS_PAGES,
  },
];

export const isVisibleTo = (page: AppPage, role: Role): boolean =>
  !page.visibleTo || page.visibleTo.includes(role);

/** The pages listed in a navigation for this role, in order. */
export const navigationFor = (
  pages: AppPage[],
  role: Role,
): (AppPage & { nav: NonNullable<AppPage['nav']> })[] =>
  pages.filter((p): p is AppPage & { nav: NonNullable<AppPage['nav']> } => !!p.nav && isVisibleTo(p, role));
