// /reset-password/:token: choose a new password; every session of the member ends, then sign in.
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../api.js';
import { Field, controlProps } from '../../components/form.js';
import { usePageTitle } from '../../components/page.js';
import { ErrorBanner, FullPageLoading } from '../../components/states.js';
import { AuthCard, LinkRefused } from './auth-card.js';

export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const preview = useQuery({
    queryKey: ['password-reset', token],
    queryFn: () => api.links.previewReset(token),
    retry: false,
  });
  const reset = useMutation({ mutationFn: api.links.resetPassword });
  const error = reset.error;
  const fieldError = isApiError(error) ? error.fieldError('password') : undefined;

  if (preview.isPending) return <FullPageLoading />;
  if (preview.error) return <LinkRefused error={preview.error} />;
  if (isApiError(error) && error.status === 410) return <LinkRefused error={error} />;
  const { workspace, email } = preview.data;
  if (reset.data) {
    return (
      <AuthCard title="Your password is changed">
        <div className="banner banner--info" role="status">
          You were signed out everywhere. Sign in with your new password.
        </div>
        <p>
          <Link to={`/sign-in?workspace=${encodeURIComponent(workspace.slug)}`}>
            Sign in to {workspace.name}
          </Link>
        </p>
      </AuthCard>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    reset.mutate({ token, password });
  }

  return (
    <AuthCard title="Choose a new password">
      <p className="muted">
        For <strong>{email}</strong> in {workspace.name}. Every place you are signed in will be signed out.
      </p>
      {error && !fieldError && <ErrorBanner error={error} />}
      <form className="form" onSubmit={submit} noValidate>
        <Field
          id="password"
          label="New password"
          error={fieldError}
          hint="At least 10 characters and hard to guess: a few unrelated words work well."
        >
          <input
            className="input"
            {...controlProps('password', fieldError, 'At least 10 characters')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
          />
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set my new password'}
        </button>
      </form>
    </AuthCard>
  );
}
