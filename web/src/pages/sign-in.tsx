// Sign in with workspace, e-mail and password; returns to the page that asked for it.
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { type Meta, isApiError } from '../api.js';
import { Field, controlProps, fieldErrorsOf } from '../components/form.js';
import { usePageTitle } from '../components/page.js';
import { ErrorBanner, FullPageLoading } from '../components/states.js';
import { useMeta } from '../queries.js';
import { AuthCard } from './join/auth-card.js';
import { WorkspaceEmailFields } from './join/workspace-email-fields.js';
import { useSetupState } from './setup/setup-queries.js';
import { useSessionQuery, useSignIn } from '../session.js';

type Demo = NonNullable<Meta['demo']>;

// The demo company's people by role; the server says whether the demo exists and its admin's sign-in.
const DEMO_PEOPLE = [
  { label: 'Marketing', local: 'marketing' },
  { label: 'Manager', local: 'manager' },
  { label: 'Rep', local: 'rep' },
];

function demoPeople(demo: Demo): { label: string; email: string }[] {
  const domain = demo.email.split('@')[1] ?? '';
  return [
    { label: 'Admin', email: demo.email },
    ...DEMO_PEOPLE.map((p) => ({ label: p.label, email: `${p.local}@${domain}` })),
  ];
}

const FIELDS = ['workspace', 'email', 'password'] as const;

/** Only a path inside this app: never another site (`//evil.example`). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  usePageTitle('Sign in');
  const meta = useMeta();
  const setup = useSetupState();
  // Wait for /meta (one small public call) so the form starts with the right workspace.
  if (meta.isPending || setup.isPending) return <FullPageLoading />;
  const demo = meta.data?.demo ?? null;
  // A fresh server has nobody to sign in yet: its first visitor sets it up (beside a demo, on offer).
  if (setup.data?.available && !demo) return <Navigate to="/setup" replace />;
  return <SignInForm demo={demo} setupAvailable={setup.data?.available === true} />;
}

function SignInForm({ demo, setupAvailable }: { demo: Demo | null; setupAvailable: boolean }) {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSessionQuery();
  const signIn = useSignIn();
  const [form, setForm] = useState({
    workspace: params.get('workspace') ?? demo?.workspace ?? '',
    email: '',
    password: '',
  });
  const next = safeNext(params.get('next'));
  const wasExpired = (location.state as { expired?: boolean } | null)?.expired === true;

  if (session.data && !signIn.isPending) return <Navigate to={next} replace />;

  const error = signIn.error;
  const fieldError = fieldErrorsOf(error);
  const showBanner = error && !(isApiError(error) && error.status === 400 && error.hasFieldErrors(FIELDS));

  function submit(e: FormEvent) {
    e.preventDefault();
    signIn.mutate(form, { onSuccess: () => void navigate(next, { replace: true }) });
  }

  const set = (name: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: e.target.value }));

  return (
    <AuthCard title="Sign in to your workspace">
      {wasExpired && !error && (
        <div className="banner banner--info" role="status">
          Your session has ended. Sign in again to carry on where you were.
        </div>
      )}
      {showBanner && (
        <ErrorBanner
          error={error}
          // 403: the demo password from another machine; 429: too many failed attempts.
          title={
            isApiError(error) && [401, 403, 429].includes(error.status) ? 'Could not sign in' : undefined
          }
        />
      )}
      <form className="form" onSubmit={submit} noValidate>
        <WorkspaceEmailFields
          workspace={form.workspace}
          email={form.email}
          onChange={(field, value) => setForm((f) => ({ ...f, [field]: value }))}
          fieldError={fieldError}
        />
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
      <p className="auth__aside">
        <Link to={`/forgot-password?workspace=${encodeURIComponent(form.workspace)}`}>
          Forgot your password?
        </Link>
      </p>
      {setupAvailable && (
        <p className="muted">
          Setting Tandem up for your company? <Link to="/setup">Create your workspace</Link>
        </p>
      )}
      {demo && (
        <aside className="auth__demo" aria-label="Demo sign-in">
          <p>
            <strong>Demo:</strong> {demo.email} / {demo.password} in workspace “{demo.workspace}”. Or fill in
            a role (same password):
          </p>
          <div className="auth__demo-people">
            {demoPeople(demo).map((p) => (
              <button
                key={p.email}
                type="button"
                className="chip"
                onClick={() =>
                  setForm({ workspace: demo.workspace, email: p.email, password: demo.password })
                }
                title={`Fill in ${p.email}`}
              >
                {p.label}
              </button>
            ))}
          </div>
        </aside>
      )}
    </AuthCard>
  );
}
