// Settings → Reject reasons: the reasons sales picks from when turning a lead down. Built-in codes
// come from the agreement and can be renamed; the workspace adds its own with a destination, a
// cool-off and whether a note is required.
import { type FormEvent, useState } from 'react';
import { type RejectReason, isApiError } from '../../api.js';
import { Field, controlProps, fieldErrorsOf } from '../../components/form.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useChangeReasons, useRejectReasons } from '../../feedback-api.js';
import '../../feedback.css';

type Destination = RejectReason['to'];

function ReasonRow({ reason }: { reason: RejectReason }) {
  const { change, remove } = useChangeReasons();
  const [label, setLabel] = useState(reason.label);
  const [to, setTo] = useState<Destination>(reason.to);
  const [coolOff, setCoolOff] = useState(reason.coolOffDays === null ? '' : String(reason.coolOffDays));
  const [noteRequired, setNoteRequired] = useState(reason.noteRequired);
  const id = `reason-${reason.code}`;
  const isDirty =
    label !== reason.label ||
    (!reason.isBuiltIn &&
      (to !== reason.to ||
        coolOff !== (reason.coolOffDays === null ? '' : String(reason.coolOffDays)) ||
        noteRequired !== reason.noteRequired));

  function save(e: FormEvent) {
    e.preventDefault();
    change.mutate(
      reason.isBuiltIn
        ? { code: reason.code, label }
        : {
            code: reason.code,
            label,
            to,
            noteRequired,
            coolOffDays: coolOff === '' || to !== 'nurture' ? null : Number(coolOff),
          },
    );
  }
  const error = change.error ?? remove.error;
  return (
    <tr data-code={reason.code}>
      <td>
        <code>{reason.code}</code>
        {reason.isBuiltIn && <span className="muted"> · built-in</span>}
      </td>
      <td>
        <input
          className="input input--sm"
          type="text"
          aria-label={`Label of ${reason.code}`}
          value={label}
          maxLength={200}
          onChange={(e) => setLabel(e.target.value)}
        />
      </td>
      <td>
        <select
          className="select select--sm"
          aria-label={`Destination of ${reason.code}`}
          value={to}
          disabled={reason.isBuiltIn}
          onChange={(e) => setTo(e.target.value as Destination)}
        >
          <option value="nurture">Nurture</option>
          <option value="disqualified">Disqualified</option>
        </select>
      </td>
      <td>
        <input
          className="input input--sm input--num"
          type="number"
          min={0}
          aria-label={`Cool-off days of ${reason.code}`}
          value={coolOff}
          placeholder="default"
          disabled={reason.isBuiltIn || to !== 'nurture'}
          onChange={(e) => setCoolOff(e.target.value)}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`Note required for ${reason.code}`}
          checked={noteRequired}
          disabled={reason.isBuiltIn}
          onChange={(e) => setNoteRequired(e.target.checked)}
        />
      </td>
      <td>
        <form className="inline-form" onSubmit={save} id={id}>
          <button type="submit" className="btn btn--sm" disabled={!isDirty || change.isPending}>
            Save
          </button>
          {!reason.isBuiltIn && (
            <button
              type="button"
              className="btn btn--ghost btn--sm"
              disabled={remove.isPending}
              onClick={() => remove.mutate(reason.code)}
            >
              Delete
            </button>
          )}
        </form>
        {error && <p className="field__error">{isApiError(error) ? error.detail : 'Could not save'}</p>}
      </td>
    </tr>
  );
}

function AddReason() {
  const { add } = useChangeReasons();
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [to, setTo] = useState<Destination>('nurture');
  const [coolOff, setCoolOff] = useState('');
  const [noteRequired, setNoteRequired] = useState(false);
  const err = fieldErrorsOf(add.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate(
      {
        code,
        label,
        to,
        noteRequired,
        coolOffDays: coolOff === '' || to !== 'nurture' ? null : Number(coolOff),
      },
      {
        onSuccess: () => {
          setCode('');
          setLabel('');
          setCoolOff('');
          setNoteRequired(false);
          setTo('nurture');
        },
      },
    );
  }
  const codeError = err('code');
  const labelError = err('label');
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a reject reason">
      <div className="inline-form reasons-add">
        <Field
          id="new-reason-code"
          label="Code"
          hint="e.g. competitor"
          {...(codeError ? { error: codeError } : {})}
        >
          <input
            className="input"
            {...controlProps('new-reason-code', codeError)}
            value={code}
            maxLength={40}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <Field id="new-reason-label" label="Label" {...(labelError ? { error: labelError } : {})}>
          <input
            className="input"
            {...controlProps('new-reason-label', labelError)}
            value={label}
            maxLength={200}
            onChange={(e) => setLabel(e.target.value)}
          />
        </Field>
        <Field id="new-reason-to" label="Sends the lead to">
          <select
            className="select"
            {...controlProps('new-reason-to')}
            value={to}
            onChange={(e) => setTo(e.target.value as Destination)}
          >
            <option value="nurture">Nurture</option>
            <option value="disqualified">Disqualified</option>
          </select>
        </Field>
        {to === 'nurture' && (
          <Field id="new-reason-cooloff" label="Cool-off (days)" hint="Empty: the agreement's">
            <input
              className="input input--num"
              {...controlProps('new-reason-cooloff')}
              type="number"
              min={0}
              value={coolOff}
              onChange={(e) => setCoolOff(e.target.value)}
            />
          </Field>
        )}
        <label className="inline-form reasons-add__check">
          <input type="checkbox" checked={noteRequired} onChange={(e) => setNoteRequired(e.target.checked)} />{' '}
          Note required
        </label>
      </div>
      <div>
        <button type="submit" className="btn btn--primary" disabled={add.isPending || !code || !label}>
          Add reason
        </button>
      </div>
      {add.error && !codeError && !labelError && (
        <ErrorBanner error={add.error} title="Could not add the reason" />
      )}
    </form>
  );
}

export function RejectReasonsPage() {
  usePageTitle('Reject reasons');
  const reasons = useRejectReasons();
  return (
    <div className="stack">
      <Panel title="Reject reasons">
        <p className="muted">
          What sales chooses from when it turns a lead down. Built-in reasons follow the agreement and can be
          renamed; your own reasons say where the lead goes, after how long it may come back, and whether a
          note is required.
        </p>
        {reasons.isPending ? (
          <LoadingBlock />
        ) : reasons.error ? (
          <ErrorBanner error={reasons.error} title="Could not load the reasons" />
        ) : (
          <div className="table-wrap table-wrap--flat">
            <table className="table reasons-table">
              <thead>
                <tr>
                  <th>Code</th>
                  <th>Label</th>
                  <th>Sends to</th>
                  <th>Cool-off (days)</th>
                  <th>Note required</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {reasons.data.data.map((r) => (
                  <ReasonRow
                    key={`${r.code}:${r.label}:${r.to}:${r.coolOffDays}:${r.noteRequired}`}
                    reason={r}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <Panel title="Add a reason">
        <AddReason />
      </Panel>
    </div>
  );
}
