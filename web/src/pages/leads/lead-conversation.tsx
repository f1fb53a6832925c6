// Notes and feedback on a lead, both ways: what reps logged (calls, e-mails, meetings, notes),
// comments from both teams (@name notifies that person), sales' "good lead" flags, and marketing's
// dispute of a rejection with the sales manager's decision. Newest first.
import { type FormEvent, useState } from 'react';
import { PERMISSIONS } from '../../../../src/domain/roles.js';
import {
  type ConversationItem,
  type LeadDetail,
  type RejectionDispute,
  type Role,
  isApiError,
} from '../../api.js';
import { Field, controlProps } from '../../components/form.js';
import { Icon, type IconName } from '../../components/icons.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import {
  useComment,
  useConversation,
  useDispute,
  useFlag,
  useRejectReasons,
  useResolveDispute,
} from '../../feedback-api.js';
import { useSession } from '../../session.js';
import { stageLabel } from '../../stages.js';
import '../../feedback.css';

const may = (role: Role, permission: keyof typeof PERMISSIONS) =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);

const TOUCH: Record<string, { icon: IconName; verb: string }> = {
  call: { icon: 'phone', verb: 'logged a call' },
  email: { icon: 'mail', verb: 'logged an e-mail' },
  meeting: { icon: 'calendar', verb: 'logged a meeting' },
  linkedin: { icon: 'link', verb: 'logged a LinkedIn message' },
  note: { icon: 'page', verb: 'added a note' },
};

function useReasonLabel(): (code: string) => string {
  const reasons = useRejectReasons();
  return (code) => reasons.data?.data.find((r) => r.code === code)?.label ?? code;
}

function DisputeOutcome({ d }: { d: RejectionDispute }) {
  if (d.status === 'open')
    return <span className="feedback-tag feedback-tag--open">Waiting for a sales manager</span>;
  return (
    <div className="conversation__outcome" data-testid="dispute-outcome">
      <span className={`feedback-tag feedback-tag--${d.status}`}>
        {d.status === 'reversed' ? `Reversed: back to ${stageLabel(d.rejectedFrom).long}` : 'Upheld'}
      </span>{' '}
      by {d.resolvedBy?.name} <RelativeTime at={d.resolvedAt} />
      {d.resolutionNote && <p className="conversation__text">{d.resolutionNote}</p>}
    </div>
  );
}

function Item({ item, reasonLabel }: { item: ConversationItem; reasonLabel: (code: string) => string }) {
  const touch = item.touchKind ? TOUCH[item.touchKind] : undefined;
  const icon: IconName =
    item.kind === 'touch'
      ? (touch?.icon ?? 'page')
      : item.kind === 'flag'
        ? 'check'
        : item.kind === 'dispute'
          ? 'alert'
          : 'user';
  const what =
    item.kind === 'touch'
      ? (touch?.verb ?? 'logged a touch')
      : item.kind === 'comment'
        ? 'commented'
        : item.kind === 'flag'
          ? 'flagged this as a good lead'
          : `disputed the rejection (${reasonLabel(item.dispute?.reasonCode ?? '')})`;
  return (
    <li
      className={`timeline__item conversation__item conversation__item--${item.kind}`}
      data-kind={item.kind}
    >
      <span className="timeline__icon">
        <Icon name={icon} size={14} />
      </span>
      <div className="timeline__body">
        <div className="timeline__title-row">
          <span className="timeline__title">
            <strong>{item.by.name}</strong> <span className="conversation__verb">{what}</span>
          </span>
          <span className="timeline__time">
            <RelativeTime at={item.at} />
          </span>
        </div>
        {item.text && <p className="conversation__text">{item.text}</p>}
        {item.mentions.length > 0 && (
          <p className="conversation__mentions muted">
            Notified {item.mentions.map((m) => m.name).join(', ')}
          </p>
        )}
        {item.dispute && <DisputeOutcome d={item.dispute} />}
      </div>
    </li>
  );
}

function CommentForm({ leadId }: { leadId: string }) {
  const comment = useComment(leadId);
  const [body, setBody] = useState('');
  const error = isApiError(comment.error) ? comment.error.fieldError('body') : undefined;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!body.trim()) return;
    comment.mutate(body, { onSuccess: () => setBody('') });
  }
  return (
    <form className="conversation__form" onSubmit={submit}>
      <Field
        id="comment-body"
        label="Comment"
        hint="Type @ and a first name to notify a teammate."
        {...(error ? { error } : {})}
      >
        <textarea
          className="input"
          {...controlProps('comment-body', error, 'hint')}
          rows={2}
          value={body}
          maxLength={5000}
          placeholder="What should the other team know about this lead?"
          onChange={(e) => setBody(e.target.value)}
        />
      </Field>
      <div className="inline-form">
        <button
          type="submit"
          className="btn btn--primary btn--sm"
          disabled={comment.isPending || !body.trim()}
        >
          Post comment
        </button>
      </div>
      {comment.error && !error && <ErrorBanner error={comment.error} title="Could not post the comment" />}
    </form>
  );
}

/** A short note and a button: flagging a lead, disputing a rejection. */
function NoteAction({
  id,
  open,
  label,
  submitLabel,
  placeholder,
  isNoteRequired,
  mutation,
}: {
  id: string;
  open: string;
  label: string;
  submitLabel: string;
  placeholder: string;
  isNoteRequired: boolean;
  mutation: ReturnType<typeof useFlag> | ReturnType<typeof useDispute>;
}) {
  const [isOpen, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const error = isApiError(mutation.error) ? mutation.error.fieldError('note') : undefined;
  if (!isOpen) {
    return (
      <button type="button" className="btn btn--sm" onClick={() => setOpen(true)}>
        {open}
      </button>
    );
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    mutation.mutate(note, {
      onSuccess: () => {
        setOpen(false);
        setNote('');
      },
    });
  }
  return (
    <form className="conversation__form conversation__form--action" onSubmit={submit}>
      <Field id={id} label={label} {...(error ? { error } : {})}>
        <input
          className="input"
          {...controlProps(id, error)}
          value={note}
          placeholder={placeholder}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <div className="inline-form">
        <button
          type="submit"
          className="btn btn--primary btn--sm"
          disabled={mutation.isPending || (isNoteRequired && !note.trim())}
        >
          {submitLabel}
        </button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {mutation.error && !error && <ErrorBanner error={mutation.error} title="That did not work" />}
    </form>
  );
}

function ResolveDispute({ leadId, dispute }: { leadId: string; dispute: RejectionDispute }) {
  const resolve = useResolveDispute(leadId);
  const [note, setNote] = useState('');
  const decide = (decision: 'upheld' | 'reversed') =>
    resolve.mutate({ disputeId: dispute.id, decision, note });
  return (
    <div className="conversation__decide" data-testid="resolve-dispute">
      <p>
        <strong>{dispute.openedBy.name}</strong> disputes this rejection: “{dispute.note}”
      </p>
      <Field id="resolution-note" label="Your decision, in a sentence (optional)">
        <input
          className="input"
          {...controlProps('resolution-note')}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <div className="inline-form">
        <button
          type="button"
          className="btn btn--primary btn--sm"
          disabled={resolve.isPending}
          onClick={() => decide('reversed')}
        >
          Reverse: back to {stageLabel(dispute.rejectedFrom).long}
        </button>
        <button
          type="button"
          className="btn btn--sm"
          disabled={resolve.isPending}
          onClick={() => decide('upheld')}
        >
          Uphold the rejection
        </button>
      </div>
      {resolve.error && <ErrorBanner error={resolve.error} title="Could not record the decision" />}
    </div>
  );
}

export function LeadConversation({ lead }: { lead: LeadDetail }) {
  const { user } = useSession();
  const conversation = useConversation(lead.id);
  const flag = useFlag(lead.id);
  const dispute = useDispute(lead.id);
  const reasonLabel = useReasonLabel();
  const items = conversation.data?.data ?? [];
  const open = items.find((i) => i.dispute?.status === 'open')?.dispute ?? null;
  const isRejected = lead.stage === 'nurture' || lead.stage === 'disqualified';

  return (
    <div className="conversation">
      <div className="conversation__actions">
        {may(user.role, 'leads:flag') && (
          <NoteAction
            id="flag-note"
            open="Flag as a good lead"
            label="Why is it a good one? (optional)"
            submitLabel="Flag it"
            placeholder="Budget confirmed, wants a demo next week…"
            isNoteRequired={false}
            mutation={flag}
          />
        )}
        {may(user.role, 'leads:dispute') && isRejected && !open && (
          <NoteAction
            id="dispute-note"
            open="Dispute the rejection"
            label="Why should sales take it back?"
            submitLabel="Send the dispute"
            placeholder="They asked for pricing twice this week…"
            isNoteRequired
            mutation={dispute}
          />
        )}
      </div>
      {open && may(user.role, 'disputes:resolve') && <ResolveDispute leadId={lead.id} dispute={open} />}
      {may(user.role, 'leads:comment') && <CommentForm leadId={lead.id} />}
      {conversation.isPending ? (
        <LoadingBlock label="Loading notes…" />
      ) : conversation.error ? (
        <ErrorBanner
          error={conversation.error}
          title="Could not load the notes"
          onRetry={() => void conversation.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState icon="members" title="No notes yet">
          Calls, e-mails and meetings reps log, and comments from both teams, appear here.
        </EmptyState>
      ) : (
        <ol className="timeline conversation__list">
          {items.map((i) => (
            <Item key={`${i.kind}-${i.id}`} item={i} reasonLabel={reasonLabel} />
          ))}
        </ol>
      )}
    </div>
  );
}
