// Settings → Members, for admins: invite a person (the link is shown to copy, and e-mailed when
// the server can send mail), and the open invitations with resend and revoke.
import { useState } from 'react';
import { type IssuedInvitation, type Role, api } from '../../api.js';
import {
  ApiForm,
  Field,
  RoleOptions,
  SubmitButton,
  controlProps,
  fieldErrorsOf,
} from '../../components/form.js';
import { Panel } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { ShownOnce } from '../../components/shown-once.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { roleLabel } from '../../format.js';
import { useInvitations, useMembersMutation } from './members-api.js';

const FIELDS = ['email', 'role'] as const;

/** A link made just now: the only time it can be read. */
export function IssuedLink({
  label,
  url,
  emailed,
  emailError,
  to,
  onDone,
}: {
  label: string;
  url: string;
  emailed: boolean;
  emailError: string | null;
  to: string;
  onDone: () => void;
}) {
  return (
    <ShownOnce label={label} title={label} value={url} testId="issued-link" onDone={onDone}>
      {emailed
        ? `Sent by e-mail to ${to}. You can also copy the link and pass it on yourself.`
        : emailError
          ? `The e-mail to ${to} could not be sent (${emailError}). Copy the link and pass it on yourself.`
          : `E-mail is not set up on this server: copy the link and send it to ${to} yourself.`}
    </ShownOnce>
  );
}

function InviteForm({ onIssued }: { onIssued: (issued: IssuedInvitation) => void }) {
  const invite = useMembersMutation(api.invitations.invite);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('sales_rep');
  const error = invite.error;
  const fieldError = fieldErrorsOf(error);

  function submit() {
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (issued) => {
          setEmail('');
          onIssued(issued);
        },
      },
    );
  }

  return (
    <ApiForm label="Invite a person" onSubmit={submit} error={error} fields={FIELDS} isInline>
      <div className="form__row">
        <Field id="invite-email" label="E-mail" error={fieldError('email')} className="field--grow">
          <input
            className="input"
            {...controlProps('invite-email', fieldError('email'))}
            type="email"
            placeholder="name@company.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            maxLength={320}
          />
        </Field>
        <Field id="invite-role" label="Role" error={fieldError('role')}>
          <select
            className="select"
            {...controlProps('invite-role', fieldError('role'))}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            <RoleOptions />
          </select>
        </Field>
        <div className="form__actions">
          <SubmitButton label="Invite" pendingLabel="Inviting…" isPending={invite.isPending} icon="plus" />
        </div>
      </div>
    </ApiForm>
  );
}

function OpenInvitations({ onIssued }: { onIssued: (issued: IssuedInvitation) => void }) {
  const invitations = useInvitations(true);
  const resend = useMembersMutation(api.invitations.resend);
  const revoke = useMembersMutation(api.invitations.revoke);
  if (invitations.isPending) return <LoadingBlock label="Loading invitations…" />;
  if (invitations.error) return <ErrorBanner error={invitations.error} title="Could not load invitations" />;
  if (invitations.data.length === 0) return null;
  const failed = resend.error ?? revoke.error;
  return (
    <section aria-labelledby="invitations-title">
      <div className="section-heading">
        <h2 id="invitations-title">Open invitations</h2>
        <span className="muted">{invitations.data.length}</span>
      </div>
      {failed && <ErrorBanner error={failed} />}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Role</th>
              <th>Invited by</th>
              <th>Link works until</th>
              <th className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>
                  <span className={`pill role-${i.role}`}>{roleLabel(i.role)}</span>
                </td>
                <td>{i.invitedBy}</td>
                <td>
                  {i.status === 'expired' ? (
                    <span className="status status--off">Expired</span>
                  ) : (
                    <RelativeTime at={i.expiresAt} />
                  )}
                </td>
                <td className="col-actions">
                  <span className="inline-confirm">
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      disabled={resend.isPending}
                      onClick={() => resend.mutate(i.id, { onSuccess: onIssued })}
                      title="Make a new link (the old one stops working) and e-mail it when possible"
                    >
                      New link
                    </button>
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(i.id)}
                      aria-label={`Revoke the invitation to ${i.email}`}
                    >
                      Revoke
                    </button>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function MemberInvitations() {
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);
  return (
    <>
      <Panel title="Invite a person">
        <p className="panel__intro muted">
          They get a link that works for 7 days; opening it, they choose their name and password and join with
          the role you pick.
        </p>
        <InviteForm onIssued={setIssued} />
      </Panel>
      {issued && (
        <IssuedLink
          label={`Invitation for ${issued.invitation.email}`}
          url={issued.url}
          emailed={issued.emailed}
          emailError={issued.emailError}
          to={issued.invitation.email}
          onDone={() => setIssued(null)}
        />
      )}
      <OpenInvitations onIssued={setIssued} />
    </>
  );
}
