// /forgot-password: asks for a reset link. The answer is the same whether or not the address is a
// member's; without e-mail on the server, it says to ask an admin.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { FormErrorBanner, fieldErrorsOf } from '../../components/form.js';
import { usePageTitle } from '../../components/page.js';
import { AuthCard } from './auth-card.js';
import { WorkspaceEmailFields } from './workspace-email-fields.js';

const FIELDS = ['workspace', 'email'] as const;

export function ForgotPasswordPage() {
  usePageTitle('Forgot password');
  const [params] = useSearchParams();
  const [form, setForm] = useState({ workspace: params.get('workspace') ?? '', email: '' });
  const ask = useMutation({ mutationFn: api.links.forgotPassword });
  const error = ask.error;
  const fieldError = fieldErrorsOf(error);

  if (ask.data) {
    return (
      <AuthCard title={ask.data.delivery === 'email' ? 'Check your e-mail' : 'Ask an admin'}>
        <div className="banner banner--info" role="status">
          {ask.data.delivery === 'email'
            ? `If ${form.email} is a member of “${form.workspace}”, a link to choose a new password is on its way. It works for an hour.`
            : 'This server does not send e-mail. An admin of your workspace can make you a reset link on the Members page.'}
        </div>
        <p>
          <Link to={`/sign-in?workspace=${encodeURIComponent(form.workspace)}`}>Back to sign-in</Link>
        </p>
      </AuthCard>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    ask.mutate({ workspace: form.workspace.trim(), email: form.email.trim() });
  }

  return (
    <AuthCard title="Forgot your password?">
      <FormErrorBanner error={error} fields={FIELDS} />
      <form className="form" onSubmit={submit} noValidate>
        <WorkspaceEmailFields
          workspace={form.workspace}
          email={form.email}
          onChange={(field, value) => setForm((f) => ({ ...f, [field]: value }))}
          fieldError={fieldError}
        />
        <button type="submit" className="btn btn--primary btn--block" disabled={ask.isPending}>
          {ask.isPending ? 'Sending…' : 'Send me a reset link'}
        </button>
      </form>
      <p>
        <Link to="/sign-in">Back to sign-in</Link>
      </p>
    </AuthCard>
  );
}
