// Settings → Your account: your time zone, and a new password (your current one required; your
// other sessions end).
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, isApiError } from '../../api.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { ErrorBanner } from '../../components/states.js';
import { keys } from '../../queries.js';
import { useSession } from '../../session.js';
import { useMembersMutation } from './members-api.js';

/** The zones this browser knows, with the current one first in line if it is missing. */
export function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

function TimeZoneForm() {
  const { user } = useSession();
  const client = useQueryClient();
  const [zone, setZone] = useState(user.timeZone);
  const [saved, setSaved] = useState(false);
  const update = useMembersMutation(api.me.update);
  const error = update.error;
  const fieldError = isApiError(error) ? error.fieldError('timeZone') : undefined;
  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    update.mutate(
      { timeZone: zone },
      {
        onSuccess: () => {
          setSaved(true);
          void client.invalidateQueries({ queryKey: keys.session });
        },
      },
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Time zone">
      {error && !fieldError && <ErrorBanner error={error} />}
      <Field
        id="my-time-zone"
        label="Time zone"
        error={fieldError}
        hint="Times and business hours show in it."
      >
        <select
          className="select"
          {...controlProps('my-time-zone', fieldError, 'Times and business hours show in it.')}
          value={zone}
          onChange={(e) => setZone(e.target.value)}
        >
          {timeZones(user.timeZone).map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </Field>
      <div className="form__actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={update.isPending || zone === user.timeZone}
        >
          {update.isPending ? 'Saving…' : 'Save time zone'}
        </button>
        {saved && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

const PASSWORD_FIELDS = ['currentPassword', 'password'] as const;

function PasswordForm() {
  const [form, setForm] = useState({ currentPassword: '', password: '' });
  const [ended, setEnded] = useState<number | null>(null);
  const change = useMembersMutation(api.me.changePassword);
  const error = change.error;
  const fieldError = fieldErrorsOf(error);
  function submit(e: FormEvent) {
    e.preventDefault();
    setEnded(null);
    change.mutate(form, {
      onSuccess: (r) => {
        setForm({ currentPassword: '', password: '' });
        setEnded(r.sessionsEnded);
      },
    });
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Change your password">
      <FormErrorBanner error={error} fields={PASSWORD_FIELDS} />
      <Field id="current-password" label="Current password" error={fieldError('currentPassword')}>
        <input
          className="input"
          {...controlProps('current-password', fieldError('currentPassword'))}
          type="password"
          autoComplete="current-password"
          value={form.currentPassword}
          onChange={(e) => setForm((f) => ({ ...f, currentPassword: e.target.value }))}
        />
      </Field>
      <Field
        id="new-password"
        label="New password"
        error={fieldError('password')}
        hint="At least 10 characters and hard to guess: a few unrelated words work well."
      >
        <input
          className="input"
          {...controlProps('new-password', fieldError('password'), 'At least 10 characters')}
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
        />
      </Field>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        {ended !== null && (
          <span className="muted" role="status">
            Password changed.{' '}
            {ended > 0 ? `Signed out elsewhere (${ended} session${ended === 1 ? '' : 's'}).` : ''}
          </span>
        )}
      </div>
    </form>
  );
}

export function AccountPage() {
  usePageTitle('Your account');
  const { user } = useSession();
  return (
    <div className="stack">
      <Panel title={`${user.name} · ${user.email}`}>
        <TimeZoneForm />
      </Panel>
      <Panel title="Password">
        <PasswordForm />
      </Panel>
    </div>
  );
}
