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

export const SETTINGS_PAGES: AppPage[] = [
  { path: 'members', nav: { label: 'Members', icon: 'members' }, element: <MembersPage /> },
  { path: 'account', nav: { label: 'Your account', icon: 'users' }, element: <AccountPage /> },
  { path: 'alerts', nav: { label: 'Alerts', icon: 'bell' }, element: <AlertsPage /> },
  {
    path: 'teams',
    nav: { label: 'Teams', icon: 'users' },
    visibleTo: PERMISSIONS['teams:write'],
    element: <TeamsPage />,
  },
  {
    path: 'tracking',
    nav: { label: 'Tracking', icon: 'code' },
    visibleTo: PERMISSIONS['keys:manage'],
    element: <TrackingPage />,
  },
  {
    path: 'webhooks',
    nav: { label: 'Webhooks', icon: 'webhook' },
    visibleTo: PERMISSIONS['webhooks:manage'],
    element: <WebhooksPage />,
  },
  {
    path: 'reject-reasons',
    nav: { label: 'Reject reasons', icon: 'x' },
    visibleTo: PERMISSIONS['settings:manage'],
    element: <RejectReasonsPage />,
  },
  {
    path: 'import',
    nav: { label: 'Import', icon: 'upload' },
    visibleTo: PERMISSIONS['imports:manage'],
    element: <ImportPage />,
  },
  {
    path: 'api-keys',
    nav: { label: 'API keys', icon: 'key' },
    visibleTo: PERMISSIONS['keys:manage'],
    element: <ApiKeysPage />,
  },
];

export const PAGES: AppPage[] = [
  {
    path: 'inbox',
    nav: { label: 'Inbox', icon: 'inbox' },
    visibleTo: ['sales_rep', 'sales_manager'],
    element: <InboxPage />,
  },
  { path: 'leads', nav: { label: 'Leads', icon: 'leads' }, element: <LeadListPage /> },
  {
    path: 'overview',
    nav: { label: 'Overview', icon: 'target' },
    visibleTo: PERMISSIONS['reports:read'],
    element: <OverviewPage />,
  },
  {
    path: 'goals',
    nav: { label: 'Goals & plan', icon: 'zap' },
    visibleTo: PERMISSIONS['reports:read'],
    element: <GoalsPage />,
  },
  { path: 'leads/:id', element: <LeadDetailPage /> },
  { path: 'accounts', nav: { label: 'Accounts', icon: 'accounts' }, element: <AccountListPage /> },
  { path: 'accounts/:id', element: <AccountDetailPage /> },
  {
    path: 'opportunities',
    nav: { label: 'Opportunities', icon: 'deal' },
    visibleTo: PERMISSIONS['opportunities:read'],
    element: <OpportunityListPage />,
  },
  {
    path: 'team',
    nav: { label: 'Team', icon: 'team' },
    visibleTo: PERMISSIONS['leads:assign'],
    element: <TeamPage />,
  },
  {
    path: 'marketing',
    nav: { label: 'Marketing', icon: 'target' },
    visibleTo: ['marketing', 'admin'],
    element: <MarketingPage />,
  },
  { path: 'agreement', nav: { label: 'Agreement', icon: 'agreement' }, element: <AgreementPage /> },
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
