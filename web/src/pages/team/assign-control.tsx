// Assigning a lead from the team view: pick a rep (load and capacity beside each name) and say why.
import { type FormEvent, useState } from 'react';
import { type InboxItem, isApiError } from '../../api.js';
import { Field, controlProps } from '../../components/form.js';
import { leadName } from '../../format.js';
import { useAssignLead } from '../../queries.js';

export interface RepOption {
  userId: string;
  name: string;
  openLeads: number;
  capacity: number | null;
  isAway: boolean;
}

export function loadText(r: { openLeads: number; capacity: number | null }): string {
  return r.capacity === null ? `${r.openLeads} open` : `${r.openLeads}/${r.capacity} open`;
}

export function AssignControl({
  item,
  reps,
  label,
  defaultReason,
  onAssigned,
}: {
  item: InboxItem;
  reps: RepOption[];
  /** The button: "Assign to…", "Reassign". */
  label: string;
  defaultReason: string;
  onAssigned: (message: string) => void;
}) {
  const assign = useAssignLead();
  const [isOpen, setOpen] = useState(false);
  const candidates = reps.filter((r) => r.userId !== item.lead.ownerId);
  const [ownerId, setOwnerId] = useState('');
  const [reason, setReason] = useState(defaultReason);
  const name = leadName(item.lead);
  const idBase = `assign-${item.lead.id}`;

  if (!isOpen) {
    return (
      <button
        type="button"
        className="btn btn--sm"
        onClick={() => setOpen(true)}
        aria-label={`${label} ${name}`}
      >
        {label}
      </button>
    );
  }
  const error = assign.error;
  const reasonError = isApiError(error) ? error.fieldError('reason') : undefined;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!ownerId) return;
    const rep = reps.find((r) => r.userId === ownerId);
    void assign.mutateAsync({ id: item.lead.id, ownerId, reason }).then(
      () => onAssigned(`Assigned ${name} to ${rep?.name ?? 'the rep'}.`),
      () => undefined,
    );
  }
  return (
    <form className="assign-form" onSubmit={submit} noValidate aria-label={`Assign ${name}`}>
      <label className="visually-hidden" htmlFor={`${idBase}-owner`}>
        Assign {name} to
      </label>
      <select
        id={`${idBase}-owner`}
        className="select select--sm"
        value={ownerId}
        onChange={(e) => setOwnerId(e.target.value)}
        autoFocus
      >
        <option value="">Choose a rep…</option>
        {candidates.map((r) => (
          <option key={r.userId} value={r.userId}>
            {r.name} · {loadText(r)}
            {r.isAway ? ' · away' : ''}
          </option>
        ))}
      </select>
      <Field
        id={`${idBase}-reason`}
        label={<span className="visually-hidden">Reason</span>}
        error={reasonError}
      >
        <input
          className="input input--sm"
          {...controlProps(`${idBase}-reason`, reasonError)}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Why"
          maxLength={1000}
        />
      </Field>
      <button type="submit" className="btn btn--primary btn--sm" disabled={!ownerId || assign.isPending}>
        {assign.isPending ? 'Assigning…' : 'Assign'}
      </button>
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        onClick={() => {
          setOpen(false);
          assign.reset();
        }}
      >
        Cancel
      </button>
      {error && !reasonError && (
        <span className="field__error" role="alert">
          {isApiError(error) ? error.detail : 'Could not assign'}
        </span>
      )}
    </form>
  );
}
