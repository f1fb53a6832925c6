// Settings → Teams → out of office: who is away and when, which routing respects while they are.
import { type FormEvent, useState } from 'react';
import type { Member } from '../../api.js';
import { Field, FormErrorBanner, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel } from '../../components/page.js';
import { useTimeZone } from '../../components/relative-time.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { formatDateTime } from '../../format.js';
import { useAddOutOfOffice, useOutOfOffice, useRemoveOutOfOffice } from '../../queries.js';

export const isSales = (m: Member) => m.role === 'sales_rep' || m.role === 'sales_manager';

function toIso(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function OutOfOffice({
  members,
  canManageOthers,
  selfId,
}: {
  members: Member[];
  canManageOthers: boolean;
  selfId: string;
}) {
  const absences = useOutOfOffice();
  const add = useAddOutOfOffice();
  const remove = useRemoveOutOfOffice();
  const timeZone = useTimeZone();
  const people = canManageOthers ? members.filter(isSales) : members.filter((m) => m.id === selfId);
  const [userId, setUserId] = useState(canManageOthers ? '' : selfId);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [note, setNote] = useState('');
  const error = add.error;
  const fieldError = fieldErrorsOf(error);
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? 'Former member';

  function submit(e: FormEvent) {
    e.preventDefault();
    const from = toIso(startsAt);
    const to = toIso(endsAt);
    if (!userId || !from || !to) return;
    add.mutate(
      { userId, startsAt: from, endsAt: to, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setStartsAt('');
          setEndsAt('');
          setNote('');
        },
      },
    );
  }

  return (
    <Panel id="out-of-office" title="Out of office">
      <p className="panel__intro muted">
        Routing skips a rep while they are away and gives their share to the rest of the team.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Add time out of office">
        <FormErrorBanner error={error} fields={['userId', 'startsAt', 'endsAt', 'note']} />
        <div className="form__row">
          <Field id="ooo-user" label="Who" error={fieldError('userId')}>
            <select
              className="select"
              {...controlProps('ooo-user', fieldError('userId'))}
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
            >
              <option value="">Choose…</option>
              {people.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="ooo-from" label="From" error={fieldError('startsAt')}>
            <input
              className="input"
              {...controlProps('ooo-from', fieldError('startsAt'))}
              type="datetime-local"
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          </Field>
          <Field id="ooo-to" label="Until" error={fieldError('endsAt')}>
            <input
              className="input"
              {...controlProps('ooo-to', fieldError('endsAt'))}
              type="datetime-local"
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
            />
          </Field>
          <Field id="ooo-note" label="Note" error={fieldError('note')} className="field--grow">
            <input
              className="input"
              {...controlProps('ooo-note', fieldError('note'))}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="e.g. Holiday"
              maxLength={500}
            />
          </Field>
          <div className="form__actions">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={!userId || !startsAt || !endsAt || add.isPending}
            >
              {add.isPending ? 'Adding…' : 'Add'}
            </button>
          </div>
        </div>
      </form>
      {absences.isPending ? (
        <LoadingBlock label="Loading absences…" />
      ) : absences.error ? (
        <ErrorBanner
          error={absences.error}
          title="Could not load absences"
          onRetry={() => void absences.refetch()}
        />
      ) : absences.data.length === 0 ? (
        <p className="muted absences-empty">Nobody is away now or later.</p>
      ) : (
        <ul className="absences">
          {absences.data.map((a) => (
            <li key={a.id} className="absences__item">
              <strong>{nameOf(a.userId)}</strong>
              <span>
                {formatDateTime(new Date(a.startsAt), timeZone)} →{' '}
                {formatDateTime(new Date(a.endsAt), timeZone)}
              </span>
              {a.note && <span className="muted">{a.note}</span>}
              <button
                type="button"
                className="btn btn--ghost btn--sm"
                onClick={() => remove.mutate(a.id)}
                disabled={remove.isPending}
                aria-label={`Remove ${nameOf(a.userId)}'s absence`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
