// Who is signed in: the session query, sign-in/out, the guard around the workspace, and expiry.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { type Session, api, onSessionExpired } from './api.js';
import { FullPageLoading, ErrorBanner } from './components/states.js';
import { keys } from './queries.js';

export function useSessionQuery() {
  return useQuery({
    queryKey: keys.session,
    queryFn: ({ signal }) => api.session.read(signal),
    staleTime: Infinity,
  });
}

/** The signed-in session; only for components under <RequireSession>. */
export function useSession(): Session {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useSession() used outside <RequireSession>');
  return data;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.session.signIn,
    onSuccess: (session) => {
      sessionEnded = false;
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] });
      client.setQueryData(keys.session, session);
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: api.session.signOut,
    // A full page load: nothing of the last person's data stays in memory.
    onSettled: () => window.location.assign('/sign-in'),
  });
}

const here = (l: { pathname: string; search: string }) => `${l.pathname}${l.search}`;

// Set when a signed-in request came back 401, so the sign-in page can say why it is showing.
let sessionEnded = false;

/** Root of the router: when the session ends mid-work, drops its data; <RequireSession> then asks to sign in. */
export function SessionRoot() {
  const client = useQueryClient();
  useEffect(
    () =>
      onSessionExpired(() => {
        sessionEnded = true;
        client.setQueryData(keys.session, null);
        client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.session[0] });
      }),
    [client],
  );
  return <Outlet />;
}

/** Renders its children for a signed-in user, else sends them to sign in and back here after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { data, isPending, error, refetch } = useSessionQuery();
  if (isPending) return <FullPageLoading />;
  if (error) {
    return (
      <div className="centered-page">
        <ErrorBanner error={error} onRetry={() => void refetch()} />
      </div>
    );
  }
  if (!data) {
    const next = here(location);
    return (
      <Navigate
        to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`}
        replace
        state={{ expired: sessionEnded }}
      />
    );
  }
  return children;
}
