// Sales' answer to a qualified lead: accept in one click, reject in two (a reason from the agreement,
// and a note where the agreement asks for one), or log a call, e-mail or meeting.
import {
  type FormEvent,
  type KeyboardEvent,
  type Ref,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { type Lead, type TouchKind, isApiError } from '../api.js';
import { useRejectReasons } from '../feedback-api.js';
import { leadName } from '../format.js';
import { useAcceptLead, useLogTouch, useRejectLead } from '../queries.js';
import { Field, controlProps } from './form.js';
import { Icon, type IconName } from './icons.js';
import { ErrorBanner } from './states.js';

export interface HandoffActionsHandle {
  accept(): void;
  openReject(): void;
}

export type HandoffOutcome = 'accepted' | 'rejected' | 'touched';

const TOUCHES: { kind: TouchKind; label: string; icon: IconName; done: string }[] = [
  { kind: 'call', label: 'Call', icon: 'phone', done: 'a call' },
  { kind: 'email', label: 'E-mail', icon: 'mail', done: 'an e-mail' },
  { kind: 'meeting', label: 'Meeting', icon: 'calendar', done: 'a meeting' },
];

const NOTE_HINT = 'The agreement asks for a note with this reason, so marketing can act on it.';

interface ReasonOption {
  reason: string;
  label: string;
  noteRequired: boolean;
  to: string;
}

function RejectMenu({
  reasons,
  isOpen,
  setOpen,
  onChoose,
  disabled,
}: {
  reasons: ReasonOption[];
  isOpen: boolean;
  setOpen: (open: boolean) => void;
  onChoose: (r: ReasonOption) => void;
  disabled: boolean;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (!isOpen) return;
    items.current[0]?.focus();
    function onDown(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    }
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [isOpen, setOpen]);

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const index = items.current.findIndex((el) => el === document.activeElement);
    const move = (to: number) => items.current[(to + reasons.length) % reasons.length]?.focus();
    if (e.key === 'ArrowDown' || e.key === 'j') move(index + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(index - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(reasons.length - 1);
    else if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (/^[1-9]$/.test(e.key) && reasons[Number(e.key) - 1]) {
      onChoose(reasons[Number(e.key) - 1]!);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  return (
    <div className="menu-anchor" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        onClick={() => setOpen(!isOpen)}
        disabled={disabled}
        title="Reject (r)"
      >
        Reject
        <Icon name="chevronDown" size={14} />
      </button>
      {isOpen && (
        <div className="menu" role="menu" aria-label="Reject reason" onKeyDown={onMenuKey}>
          <p className="menu__heading" aria-hidden="true">
            Why is it not a lead for sales?
          </p>
          {reasons.map((r, i) => (
            <button
              key={r.reason}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitem"
              className="menu__item"
              onClick={() => onChoose(r)}
            >
              <kbd className="menu__key" aria-hidden="true">
                {i + 1}
              </kbd>
              <span className="menu__label">{r.label}</span>
              <span className="menu__hint">{r.noteRequired ? 'note needed' : `→ ${r.to}`}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function HandoffActions({
  lead,
  canDecide,
  onDone,
  ref,
}: {
  lead: Lead;
  /** Accept and reject apply to a qualified lead (MQL or PQL); touches to any open lead. */
  canDecide: boolean;
  onDone?: (outcome: HandoffOutcome, message: string) => void;
  ref?: Ref<HandoffActionsHandle>;
}) {
  const workspaceReasons = useRejectReasons();
  const accept = useAcceptLead();
  const reject = useRejectLead();
  const touch = useLogTouch();
  const [isMenuOpen, setMenuOpen] = useState(false);
  const [noteFor, setNoteFor] = useState<ReasonOption | null>(null);
  const [note, setNote] = useState('');
  const name = leadName(lead);
  const busy = accept.isPending || reject.isPending;

  const reasons: ReasonOption[] = (workspaceReasons.data?.data ?? []).map((policy) => ({
    reason: policy.code,
    label: policy.label,
    noteRequired: policy.noteRequired,
    to: policy.to,
  }));

  function doAccept() {
    if (!canDecide || busy) return;
    reset();
    // mutateAsync, not callbacks to mutate: the lead may leave the list (and this component unmount)
    // as soon as the lists refresh, and the confirmation must still show.
    void accept.mutateAsync({ id: lead.id }).then(
      () => onDone?.('accepted', `Accepted ${name}: it is now a sales accepted lead.`),
      () => undefined, // the error is in accept.error
    );
  }

  function doReject(r: ReasonOption, withNote?: string) {
    void reject
      .mutateAsync({ id: lead.id, reason: r.reason, ...(withNote?.trim() ? { note: withNote.trim() } : {}) })
      .then(
        () =>
          onDone?.(
            'rejected',
            `Rejected ${name} (${r.label}). Marketing sees why; the lead went to ${r.to}.`,
          ),
        () => undefined, // the error is in reject.error, shown on the note or in a banner
      );
  }

  function choose(r: ReasonOption) {
    setMenuOpen(false);
    accept.reset();
    reject.reset();
    if (r.noteRequired) {
      setNoteFor(r);
      return;
    }
    setNoteFor(null);
    doReject(r);
  }

  function reset() {
    setMenuOpen(false);
    setNoteFor(null);
    setNote('');
    reject.reset();
  }

  useImperativeHandle(ref, () => ({
    accept: doAccept,
    openReject: () => {
      if (canDecide && !busy && reasons.length) setMenuOpen(true);
    },
  }));

  const rejectError = reject.error;
  const noteError = isApiError(rejectError) ? rejectError.fieldError('note') : undefined;
  const bannerError = [accept.error, noteError ? null : rejectError, touch.error].find(Boolean);

  return (
    <div className="handoff-actions">
      <div className="handoff-actions__row">
        {canDecide && (
          <>
            <button
              type="button"
              className="btn btn--primary"
              onClick={doAccept}
              disabled={busy}
              title="Accept (a)"
            >
              <Icon name="check" />
              {accept.isPending ? 'Accepting…' : 'Accept'}
            </button>
            <RejectMenu
              reasons={reasons}
              isOpen={isMenuOpen}
              setOpen={setMenuOpen}
              onChoose={choose}
              disabled={busy || reasons.length === 0}
            />
          </>
        )}
        <div className="button-group" role="group" aria-label="Log a touch">
          <span className="button-group__label" aria-hidden="true">
            Log
          </span>
          {TOUCHES.map((t) => (
            <button
              key={t.kind}
              type="button"
              className="btn btn--sm"
              disabled={touch.isPending}
              aria-label={`Log ${t.done}`}
              onClick={() =>
                void touch.mutateAsync({ id: lead.id, kind: t.kind }).then(
                  (r) =>
                    onDone?.(
                      'touched',
                      `Logged ${t.done} with ${name}${r.firstTouch ? ': the first touch, so its clock stopped' : ''}.`,
                    ),
                  () => undefined,
                )
              }
            >
              <Icon name={t.icon} size={14} />
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {noteFor && (
        <form
          className="reject-note"
          aria-label={`Reject as ${noteFor.label}`}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            doReject(noteFor, note);
          }}
          noValidate
        >
          <Field id="reject-note" label={`Note for “${noteFor.label}”`} hint={NOTE_HINT} error={noteError}>
            <textarea
              className="input textarea"
              {...controlProps('reject-note', noteError, noteError ? undefined : NOTE_HINT)}
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') reset();
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) doReject(noteFor, note);
              }}
              autoFocus
              maxLength={2000}
              placeholder="Who is the right contact? What did you learn?"
            />
          </Field>
          <div className="reject-note__actions">
            <button type="submit" className="btn btn--danger btn--sm" disabled={reject.isPending}>
              {reject.isPending ? 'Rejecting…' : 'Reject lead'}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={reset}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {bannerError && (
        <ErrorBanner
          error={bannerError}
          onDismiss={() => {
            accept.reset();
            reject.reset();
            touch.reset();
          }}
        />
      )}
    </div>
  );
}
