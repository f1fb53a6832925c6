// "Move stage": pick where the lead goes and say why; the server has the last word (a 409 says why not).
// Sending a qualified lead to nurture or disqualified is a rejection: it takes one of the agreement's
// reject reasons (and a note where the reason needs one), as the Reject button does.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type LeadDetail, type Role, type Stage, isApiError } from '../../api.js';
import { Field, controlProps } from '../../components/form.js';
import { Icon } from '../../components/icons.js';
import { ErrorBanner } from '../../components/states.js';
import { useAgreement, useMoveStage } from '../../queries.js';
import { useRejectReasons } from '../../feedback-api.js';
import { useSession } from '../../session.js';
import { STAGES, stageLabel } from '../../stages.js';

/** Stages the agreement lets this role move the lead to from where it is. */
function allowedTargets(
  transitions: { from: string; to: string[]; roles: string[] }[],
  from: string,
  role: Role,
): Set<string> {
  return new Set(transitions.filter((t) => t.from === from && t.roles.includes(role)).flatMap((t) => t.to));
}

export function MoveStage({ lead, onMoved }: { lead: LeadDetail; onMoved?: (to: Stage) => void }) {
  const { user } = useSession();
  const agreement = useAgreement();
  const move = useMoveStage(lead.id);
  const [isOpen, setOpen] = useState(false);
  const [to, setTo] = useState<Stage | ''>('');
  const [reason, setReason] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const workspaceReasons = useRejectReasons();
  const [note, setNote] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const allowed = allowedTargets(
    agreement.data?.active.document.funnel.transitions ?? [],
    lead.stage,
    user.role,
  );
  const others = STAGES.filter((s) => s !== lead.stage && !allowed.has(s));
  const isRejection =
    (lead.stage === 'mql' || lead.stage === 'pql') && (to === 'nurture' || to === 'disqualified');
  const reasons = isRejection ? (workspaceReasons.data?.data ?? []).filter((r) => r.to === to) : [];

  useEffect(() => {
    if (isOpen) formRef.current?.querySelector('select')?.focus();
  }, [isOpen]);

  function close() {
    setOpen(false);
    setTo('');
    setReason('');
    setReasonCode('');
    setNote('');
    move.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!to) return;
    const rejection = isRejection
      ? { ...(reasonCode ? { reasonCode } : {}), ...(note.trim() ? { note: note.trim() } : {}) }
      : {};
    move.mutate(
      { to, reason, ...rejection },
      {
        onSuccess: () => {
          close();
          onMoved?.(to);
        },
      },
    );
  }

  if (!isOpen) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        <Icon name="arrowRight" />
        Move stage
      </button>
    );
  }

  const error = move.error;
  const reasonError = isApiError(error) ? error.fieldError('reason') : undefined;
  const toError = isApiError(error) ? error.fieldError('to') : undefined;
  const codeError = isApiError(error) ? error.fieldError('reasonCode') : undefined;
  const noteError = isApiError(error) ? error.fieldError('note') : undefined;
  return (
    <form
      ref={formRef}
      className="move-stage"
      onSubmit={submit}
      noValidate
      aria-label="Move stage"
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <div className="move-stage__fields">
        <Field id="move-to" label="Move to" error={toError}>
          <select
            className="select"
            {...controlProps('move-to', toError)}
            value={to}
            onChange={(e) => setTo(e.target.value as Stage)}
            required
          >
            <option value="">Choose a stage…</option>
            {allowed.size > 0 && (
              <optgroup label="Allowed for you by the agreement">
                {STAGES.filter((s) => allowed.has(s)).map((s) => (
                  <option key={s} value={s}>
                    {stageLabel(s).long}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label="Other stages">
              {others.map((s) => (
                <option key={s} value={s}>
                  {stageLabel(s).long}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        {isRejection && (
          <Field id="move-reason-code" label="Reject reason" error={codeError}>
            <select
              className="select"
              {...controlProps('move-reason-code', codeError)}
              value={reasonCode}
              onChange={(e) => setReasonCode(e.target.value)}
              required
            >
              <option value="">Choose a reason…</option>
              {reasons.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.label}
                  {r.noteRequired ? ' (note needed)' : ''}
                </option>
              ))}
            </select>
          </Field>
        )}
        {isRejection && (
          <Field id="move-note" label="Note for marketing" error={noteError}>
            <input
              className="input"
              {...controlProps('move-note', noteError)}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={2000}
            />
          </Field>
        )}
        <Field id="move-reason" label="Why" error={reasonError} className="field--grow">
          <input
            className="input"
            {...controlProps('move-reason', reasonError)}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Discovery call confirmed budget and timing"
            maxLength={1000}
          />
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={!to || move.isPending}>
            {move.isPending ? 'Moving…' : 'Move'}
          </button>
          <button type="button" className="btn btn--ghost" onClick={close}>
            Cancel
          </button>
        </div>
      </div>
      {error && !reasonError && !toError && !codeError && !noteError && (
        <ErrorBanner
          error={error}
          title={
            isApiError(error) && error.status === 409 ? 'The agreement does not allow this move' : undefined
          }
        />
      )}
    </form>
  );
}
