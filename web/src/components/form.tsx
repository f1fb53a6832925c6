// Form fields: a label, the control, a hint and the server's message for that field, wired for screen
// readers; a form the API checks (its error banner, its submit button); the role options every role
// picker offers.
import type { FormEvent, ReactNode } from 'react';
import { ROLES } from '../../../src/domain/roles.js';
import { isApiError } from '../api.js';
import { roleLabel } from '../format.js';
import { Icon, type IconName } from './icons.js';
import { ErrorBanner } from './states.js';

/** Props that tie a control to its <Field>'s label, hint and error. */
export function controlProps(id: string, error?: string, hint?: string) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return {
    id,
    name: id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
}

export function Field({
  id,
  label,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  hint?: string;
  error?: string;
  /** The control; spread `controlProps(id, error, hint)` onto it. */
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && !error && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The server's message for a field of the form, when the error is the API's and names that field. */
export function fieldErrorsOf(error: unknown): (field: string) => string | undefined {
  return (field) => (isApiError(error) ? error.fieldError(field) : undefined);
}

/** The form's error as a banner, unless it names one of the form's fields (those show it themselves). */
export function FormErrorBanner({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error || (isApiError(error) && error.hasFieldErrors(fields))) return null;
  return <ErrorBanner error={error} />;
}

/**
 * A form the API checks: the browser's own validation is off (the API's message shows on the field
 * it names), and the error that names none of `fields` shows as a banner above them.
 */
export function ApiForm({
  label,
  onSubmit,
  error,
  fields,
  isInline = false,
  children,
}: {
  /** The form's accessible name: "Invite a person". */
  label: string;
  onSubmit: () => void;
  error: unknown;
  fields: readonly string[];
  /** Fields in a row rather than one under another. */
  isInline?: boolean;
  children: ReactNode;
}) {
  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }
  return (
    <form className={isInline ? 'form form--inline' : 'form'} onSubmit={submit} noValidate aria-label={label}>
      <FormErrorBanner error={error} fields={fields} />
      {children}
    </form>
  );
}

/** The form's submit button, saying what it is doing while the request runs ("Creating…"). */
export function SubmitButton({
  label,
  pendingLabel,
  isPending,
  icon,
}: {
  label: string;
  pendingLabel: string;
  isPending: boolean;
  icon?: IconName;
}) {
  return (
    <button type="submit" className="btn btn--primary" disabled={isPending}>
      {icon && <Icon name={icon} />}
      {isPending ? pendingLabel : label}
    </button>
  );
}

/** The workspace's roles as a select's options, by their labels. */
export function RoleOptions() {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {roleLabel(r)}
        </option>
      ))}
    </>
  );
}
