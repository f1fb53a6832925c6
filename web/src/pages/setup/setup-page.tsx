// The first-run setup: a fresh server's first visitor names the company, its hours and its admin,
// and lands signed in in the new, empty workspace.
import { type FormEvent, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { type SetupInput, isApiError } from '../../api.js';
import { Field, controlProps } from '../../components/form.js';
import { usePageTitle } from '../../components/page.js';
import { ErrorBanner, FullPageLoading } from '../../components/states.js';
import { useCompleteSetup, useSetupState } from './setup-queries.js';
import { WEEKDAYS, type Weekday } from './types.js';
import './setup.css';

const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** The fields the server may name; their errors show beside them, anything else in the banner. */
const FIELDS = [
  'companyName',
  'slug',
  'timeZone',
  'businessHours',
  'businessHours.days',
  'businessHours.from',
  'businessHours.to',
  'admin.name',
  'admin.email',
  'admin.password',
  'password',
  'email',
] as const;

/** "Acme Inc." → "acme-inc": a slug people can type when they sign in. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function SetupPage() {
  usePageTitle('Set up Tandem');
  const state = useSetupState();
  if (state.isPending) return <FullPageLoading />;
  if (state.error) {
    return (
      <div className="centered-page">
        <ErrorBanner error={state.error} onRetry={() => void state.refetch()} />
      </div>
    );
  }
  if (!state.data.available) return <Navigate to="/sign-in" replace />;
  return <SetupForm />;
}

function SetupForm() {
  const navigate = useNavigate();
  const setup = useCompleteSetup();
  const zones = useMemo(timeZones, []);
  const [slugEdited, setSlugEdited] = useState(false);
  const [form, setForm] = useState<SetupInput>(() => ({
    companyName: '',
    slug: '',
    timeZone: browserZone(),
    businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
    admin: { name: '', email: '', password: '' },
  }));

  const error = setup.error;
  const fieldError = (...names: string[]) =>
    isApiError(error) ? names.map((n) => error.fieldError(n)).find(Boolean) : undefined;
  const showBanner = error && !(isApiError(error) && error.status === 400 && error.hasFieldErrors(FIELDS));

  function submit(e: FormEvent) {
    e.preventDefault();
    setup.mutate(form, { onSuccess: () => void navigate('/getting-started', { replace: true }) });
  }

  const setAdmin = (name: keyof SetupInput['admin']) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, admin: { ...f.admin, [name]: e.target.value } }));
  const setHours = (name: 'from' | 'to') => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, businessHours: { ...f.businessHours, [name]: e.target.value } }));
  const toggleDay = (day: Weekday) =>
    setForm((f) => {
      const days = f.businessHours.days.includes(day)
        ? f.businessHours.days.filter((d) => d !== day)
        : WEEKDAYS.filter((d) => d === day || f.businessHours.days.includes(d));
      return { ...f, businessHours: { ...f.businessHours, days } };
    });

  const daysError = fieldError('businessHours.days', 'businessHours');
  const hoursError = fieldError('businessHours.from', 'businessHours.to');

  return (
    <div className="auth">
      <div className="auth__card setup__card">
        <div className="auth__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Tandem</span>
        </div>
        <div>
          <h1 className="auth__title">Set up Tandem for your company</h1>
          <p className="muted setup__intro">
            This creates your company’s workspace and you as its first admin. You can invite your team next.
          </p>
        </div>
        {showBanner && (
          <ErrorBanner
            error={error}
            title={isApiError(error) && error.status === 409 ? 'Tandem is already set up' : undefined}
          />
        )}
        {isApiError(error) && error.status === 409 && (
          <p>
            <Link to="/sign-in">Sign in to your workspace</Link>
          </p>
        )}
        <form className="form" onSubmit={submit} noValidate aria-label="Set up Tandem">
          <fieldset className="setup__group">
            <legend className="setup__legend">Company</legend>
            <Field id="companyName" label="Company name" error={fieldError('companyName')}>
              <input
                className="input"
                {...controlProps('companyName', fieldError('companyName'))}
                value={form.companyName}
                autoFocus
                autoComplete="organization"
                onChange={(e) => {
                  const companyName = e.target.value;
                  setForm((f) => ({ ...f, companyName, slug: slugEdited ? f.slug : slugOf(companyName) }));
                }}
              />
            </Field>
            <Field
              id="slug"
              label="Workspace slug"
              hint="What everyone types to sign in: a–z, 0–9 and hyphens."
              error={fieldError('slug')}
            >
              <input
                className="input"
                {...controlProps('slug', fieldError('slug'), 'What everyone types to sign in')}
                value={form.slug}
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                onChange={(e) => {
                  setSlugEdited(true);
                  setForm((f) => ({ ...f, slug: e.target.value }));
                }}
              />
            </Field>
            <Field id="timeZone" label="Time zone" error={fieldError('timeZone')}>
              <select
                className="select"
                {...controlProps('timeZone', fieldError('timeZone'))}
                value={form.timeZone}
                onChange={(e) => setForm((f) => ({ ...f, timeZone: e.target.value }))}
              >
                {(zones.includes(form.timeZone) ? zones : [form.timeZone, ...zones]).map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>

          <fieldset className="setup__group" aria-describedby="hours-hint">
            <legend className="setup__legend">Business hours</legend>
            <p className="field__hint" id="hours-hint">
              SLA clocks run only in these hours. Each sales team can have its own later.
            </p>
            <div className="setup__days" role="group" aria-label="Open days">
              {WEEKDAYS.map((d) => (
                <label key={d} className="setup__day">
                  <input
                    type="checkbox"
                    checked={form.businessHours.days.includes(d)}
                    onChange={() => toggleDay(d)}
                  />
                  {DAY_LABELS[d]}
                </label>
              ))}
            </div>
            {daysError && <p className="field__error">{daysError}</p>}
            <div className="setup__hours">
              <Field id="hoursFrom" label="Opens at">
                <input
                  className="input"
                  type="time"
                  {...controlProps('hoursFrom', fieldError('businessHours.from'))}
                  value={form.businessHours.from}
                  onChange={setHours('from')}
                />
              </Field>
              <Field id="hoursTo" label="Closes at">
                <input
                  className="input"
                  type="time"
                  {...controlProps('hoursTo', fieldError('businessHours.to'))}
                  value={form.businessHours.to}
                  onChange={setHours('to')}
                />
              </Field>
            </div>
            {hoursError && <p className="field__error">{hoursError}</p>}
          </fieldset>

          <fieldset className="setup__group">
            <legend className="setup__legend">You, the first admin</legend>
            <Field id="adminName" label="Your name" error={fieldError('admin.name')}>
              <input
                className="input"
                {...controlProps('adminName', fieldError('admin.name'))}
                autoComplete="name"
                value={form.admin.name}
                onChange={setAdmin('name')}
              />
            </Field>
            <Field id="adminEmail" label="E-mail" error={fieldError('admin.email', 'email')}>
              <input
                className="input"
                type="email"
                {...controlProps('adminEmail', fieldError('admin.email', 'email'))}
                autoComplete="username"
                value={form.admin.email}
                onChange={setAdmin('email')}
              />
            </Field>
            <Field
              id="adminPassword"
              label="Password"
              hint="At least 10 characters and hard to guess: a few unrelated words work well."
              error={fieldError('admin.password', 'password')}
            >
              <input
                className="input"
                type="password"
                {...controlProps(
                  'adminPassword',
                  fieldError('admin.password', 'password'),
                  'At least 10 characters',
                )}
                autoComplete="new-password"
                value={form.admin.password}
                onChange={setAdmin('password')}
              />
            </Field>
          </fieldset>

          <button type="submit" className="btn btn--primary btn--block" disabled={setup.isPending}>
            {setup.isPending ? 'Creating your workspace…' : 'Create workspace'}
          </button>
        </form>
      </div>
    </div>
  );
}
