// The router: sign-in outside, every page of pages.tsx inside the signed-in workspace shell.
import type { ReactNode } from 'react';
import { Link, Navigate, type RouteObject, createBrowserRouter } from 'react-router';
import { AppShell } from './components/shell.js';
import { EmptyState } from './components/states.js';
import { type AppPage, PAGES, isVisibleTo, navigationFor } from './pages.js';
import { SetupPage } from './pages/setup/setup-page.js';
import { AcceptInvitePage } from './pages/join/accept-invite.js';
import { ForgotPasswordPage } from './pages/join/forgot-password.js';
import { ResetPasswordPage } from './pages/join/reset-password.js';
import { SignInPage } from './pages/sign-in.js';
import { RequireSession, SessionRoot, useSession } from './session.js';

/** A page's element, or a plain "not for your role" note when the role may not see it. */
function RoleGate({ page, children }: { page: AppPage; children: ReactNode }) {
  const { user } = useSession();
  if (!isVisibleTo(page, user.role)) {
    return (
      <div className="page">
        <EmptyState
          icon="alert"
          title="This page is not available to your role"
          action={<Link to="/">Go home</Link>}
        >
          Ask an admin of this workspace if you need it.
        </EmptyState>
      </div>
    );
  }
  return children;
}

/** Sends "/" to the first page in the navigation that the signed-in role can see. */
function Home() {
  const { user } = useSession();
  const first = navigationFor(PAGES, user.role)[0];
  return first ? <Navigate to={`/${first.path}`} replace /> : null;
}

/** Inside a page with sub-pages, its index goes to the first sub-page the role can see. */
function FirstChild({ pages }: { pages: AppPage[] }) {
  const { user } = useSession();
  const first = navigationFor(pages, user.role)[0];
  return first ? <Navigate to={first.path} replace /> : null;
}

function NotFound() {
  return (
    <div className="page">
      <EmptyState
        icon="alert"
        title="There is no page at this address"
        action={<Link to="/">Go home</Link>}
      />
    </div>
  );
}

function routeOf(page: AppPage): RouteObject {
  return {
    path: page.path,
    element: <RoleGate page={page}>{page.element}</RoleGate>,
    ...(page.children
      ? {
          children: [
            { index: true, element: <FirstChild pages={page.children} /> },
            ...page.children.map(routeOf),
          ],
        }
      : {}),
  };
}

export function createRouter(pages: AppPage[] = PAGES) {
  return createBrowserRouter([
    {
      element: <SessionRoot />,
      children: [
        { path: '/sign-in', element: <SignInPage /> },
        { path: '/setup', element: <SetupPage /> },
        { path: '/invite/:token', element: <AcceptInvitePage /> },
        { path: '/forgot-password', element: <ForgotPasswordPage /> },
        { path: '/reset-password/:token', element: <ResetPasswordPage /> },
        {
          path: '/',
          element: (
            <RequireSession>
              <AppShell pages={pages} />
            </RequireSession>
          ),
          children: [
            { index: true, element: <Home /> },
            ...pages.map(routeOf),
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ]);
}
