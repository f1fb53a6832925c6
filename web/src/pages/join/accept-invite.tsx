// /invite/:token: the invitee sees the workspace and role, chooses a name and password, and lands
// signed in.
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { type InvitationPreview, api, isApiError } from '../../api.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { usePageTitle } from '../../components/page.js';
import { FullPageLoading } from '../../components/states.js';
import { roleLabel } from '../../format.js';
import { AuthCard, LinkRefused } from './auth-card.js';

const FIELDS = ['name', 'password'] as const;

export function AcceptInvitePage() {
  usePageTitle('Join your team');
  const { token = '' } = useParams();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.links.previewInvitation(token),
    retry: false,
  });
  if (preview.isPending) return <FullPageLoading />;
  if (preview.error) return <LinkRefused error={preview.error} />;
  return <AcceptForm token={token} invitation={preview.data} />;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: api.links.acceptInvitation,
    // A full page load: the app starts with the new session (cookie and CSRF token) in place.
    onSuccess: () => window.location.assign('/'),
  });
  const error = accept.error;
  const fieldError = fieldErrorsOf(error);
  const refused = isApiError(error) && error.status === 410;
  if (refused) return <LinkRefused error={error} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    accept.mutate({ token, name: name.trim(), password, ...(timeZone ? { timeZone } : {}) });
  }

  return (
    <AuthCard title={`Join ${invitation.workspace.name}`}>
      <p className="muted">
        {invitation.invitedBy} invited <strong>{invitation.email}</strong> as {roleLabel(invitation.role)}.
        Choose your name and a password to join.
      </p>
      <FormErrorBanner error={error} fields={FIELDS} />
      <form className="form" onSubmit={submit} noValidate>
        <Field id="email" label="E-mail">
          <input className="input" id="email" value={invitation.email} readOnly autoComplete="username" />
        </Field>
        <Field id="name" label="Your name" error={fieldError('name')}>
          <input
            className="input"
            {...controlProps('name', fieldError('name'))}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            autoFocus
            maxLength={200}
          />
        </Field>
        <Field
          id="password"
          label="Password"
          error={fieldError('password')}
          hint="At least 10 characters and hard to guess: a few unrelated words work well."
        >
          <input
            className="input"
            {...controlProps('password', fieldError('password'), 'At least 10 characters')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={accept.isPending}>
          {accept.isPending ? 'Joining…' : `Join ${invitation.workspace.name}`}
        </button>
      </form>
    </AuthCard>
  );
}
