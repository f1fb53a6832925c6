// Sign in with workspace, e-mail and password; returns to the page that asked for it.
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api.js';
import { Field, controlProps } from '../components/form.js';
import { usePageTitle } from '../components/page.js';
import { ErrorBanner } from '../components/states.js';
import { useSessionQuery, useSignIn } from '../session.js';

const DEMO = {
  workspace: 'demo',
  password: 'tandem-demo',
  people: [
    { label: 'Admin', email: 'admin@demo.tandem.dev' },
    { label: 'Marketing', email: 'marketing@demo.tandem.dev' },
    { label: 'Manager', email: 'manager@demo.tandem.dev' },
    { label: 'Rep', email: 'rep@demo.tandem.dev' },
  ],
};

const FIELDS = ['workspace', 'email', 'password'] as const;

/** Only a path inside this app: never another site (`//evil.example`). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSessionQuery();
  const signIn = useSignIn();
  const [form, setForm] = useState({
    workspace: params.get('workspace') ?? DEMO.workspace,
    email: '',
    password: '',
  });
  const next = safeNext(params.get('next'));
  const wasExpired = (location.state as { expired?: boolean } | null)?.expired === true;

  if (session.data && !signIn.isPending) return <Navigate to={next} replace />;

  const error = signIn.error;
  const fieldError = (name: string) => (isApiError(error) ? error.fieldError(name) : undefined);
  const showBanner = error && !(isApiError(error) && error.status === 400 && error.hasFieldErrors(FIELDS));

  function submit(e: FormEvent) {
    e.preventDefault();
    signIn.mutate(form, { onSuccess: () => void navigate(next, { replace: true }) });
  }

  const set = (name: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: e.target.value }));

  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Tandem</span>
        </div>
        <h1 className="auth__title">Sign in to your workspace</h1>
        {wasExpired && !error && (
          <div className="banner banner--info" role="status">
            Your session has ended. Sign in again to carry on where you were.
          </div>
        )}
        {showBanner && (
          <ErrorBanner
            error={error}
            title={isApiError(error) && error.status === 401 ? 'Could not sign in' : undefined}
          />
        )}
        <form className="form" onSubmit={submit} noValidate>
          <Field id="workspace" label="Workspace" error={fieldError('workspace')}>
            <input
              className="input"
              {...controlProps('workspace', fieldError('workspace'))}
              value={form.workspace}
              onChange={set('workspace')}
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
            />
          </Field>
          <Field id="email" label="E-mail" error={fieldError('email')}>
            <input
              className="input"
              {...controlProps('email', fieldError('email'))}
              type="email"
              autoComplete="username"
              value={form.email}
              onChange={set('email')}
              autoFocus
            />
          </Field>
          <Field id="password" label="Password" error={fieldError('password')}>
            <input
              className="input"
              {...controlProps('password', fieldError('password'))}
              type="password"
              autoComplete="current-password"
              value={form.password}
              onChange={set('password')}
            />
          </Field>
          <button type="submit" className="btn btn--primary btn--block" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <aside className="auth__demo" aria-label="Demo sign-in">
          <p>
            <strong>Demo:</strong> {DEMO.people[0]?.email} / {DEMO.password} in workspace “{DEMO.workspace}”.
            Or fill in a role (same password):
          </p>
          <div className="auth__demo-people">
            {DEMO.people.map((p) => (
              <button
                key={p.email}
                type="button"
                className="chip"
                onClick={() =>
                  setForm({ workspace: DEMO.workspace, email: p.email, password: DEMO.password })
                }
                title={`Fill in ${p.email}`}
              >
                {p.label}
              </button>
            ))}
          </div>
        </aside>
      </div>
    </div>
  );
}
