// Settings → Members: everyone in the workspace. Admins invite people, change roles, deactivate and
// reactivate members and issue password-reset links here; everyone else sees the list.
import { useState } from 'react';
import { type IssuedPasswordReset, type Member, type Role, api, isApiError } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import { RoleOptions } from '../../components/form.js';
import { usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { Toast, useFlash } from '../../components/toast.js';
import { roleLabel } from '../../format.js';
import { useMembers } from '../../queries.js';
import { useSession } from '../../session.js';
import { IssuedLink, MemberInvitations } from './member-invitations.js';
import { useMembersMutation } from './members-api.js';

function RoleSelect({ member, onError }: { member: Member; onError: (message: string) => void }) {
  const change = useMembersMutation((role: Role) => api.users.changeRole(member.id, role));
  return (
    <select
      className="select select--sm"
      aria-label={`Role of ${member.name}`}
      value={member.role}
      disabled={change.isPending || member.disabled}
      onChange={(e) =>
        change.mutate(e.target.value as Role, {
          onError: (err) => onError(isApiError(err) ? (err.errors[0]?.message ?? err.detail) : String(err)),
        })
      }
    >
      <RoleOptions />
    </select>
  );
}

function MemberActions({
  member,
  onDone,
  onReset,
  onError,
}: {
  member: Member;
  onDone: (message: string) => void;
  onReset: (member: Member, reset: IssuedPasswordReset) => void;
  onError: (message: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const deactivate = useMembersMutation(api.users.deactivate);
  const reactivate = useMembersMutation(api.users.reactivate);
  const reset = useMembersMutation(api.users.issueReset);
  const fail = (err: unknown) => {
    setConfirming(false);
    onError(isApiError(err) ? (err.errors[0]?.message ?? err.detail) : String(err));
  };
  if (member.disabled) {
    return (
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        disabled={reactivate.isPending}
        onClick={() =>
          reactivate.mutate(member.id, {
            onSuccess: () => onDone(`${member.name} can sign in again.`),
            onError: fail,
          })
        }
      >
        Reactivate
      </button>
    );
  }
  if (confirming) {
    return (
      <span className="inline-confirm">
        <button
          type="button"
          className="btn btn--danger btn--sm"
          autoFocus
          disabled={deactivate.isPending}
          aria-label={`Confirm deactivating ${member.name}`}
          onClick={() =>
            deactivate.mutate(member.id, {
              onSuccess: (r) => {
                setConfirming(false);
                onDone(
                  `${member.name} is deactivated; ${r.leadsRerouted} open lead${r.leadsRerouted === 1 ? '' : 's'} went back to routing.`,
                );
              },
              onError: fail,
            })
          }
        >
          {deactivate.isPending ? 'Deactivating…' : 'Deactivate'}
        </button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="inline-confirm">
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        disabled={reset.isPending}
        title="A link that lets them choose a new password (works once, for a day)"
        onClick={() => reset.mutate(member.id, { onSuccess: (r) => onReset(member, r), onError: fail })}
      >
        Reset link
      </button>
      <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(true)}>
        Deactivate
      </button>
    </span>
  );
}

export function MembersPage() {
  usePageTitle('Members');
  const { user } = useSession();
  const members = useMembers();
  const [flash, setFlash] = useFlash();
  const [problem, setProblem] = useState<string | null>(null);
  const [reset, setReset] = useState<{ member: Member; reset: IssuedPasswordReset } | null>(null);
  const isAdmin = user.role === 'admin';
  if (members.isPending) return <LoadingBlock label="Loading members…" />;
  if (members.error) {
    return (
      <ErrorBanner
        error={members.error}
        title="Could not load members"
        onRetry={() => void members.refetch()}
      />
    );
  }
  const sorted = [...members.data].sort(
    (a, b) => Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name),
  );
  const done = (message: string) => {
    setProblem(null);
    setFlash(message);
  };
  return (
    <div className="stack">
      {isAdmin && <MemberInvitations />}
      <section aria-labelledby="members-title">
        <div className="section-heading">
          <h2 id="members-title">Members</h2>
          <span className="muted">{sorted.filter((m) => !m.disabled).length} active</span>
        </div>
        {problem && (
          <div className="banner banner--error" role="alert">
            {problem}
          </div>
        )}
        {reset && (
          <IssuedLink
            label={`Password-reset link for ${reset.member.name}`}
            url={reset.reset.url}
            emailed={reset.reset.emailed}
            emailError={reset.reset.emailError}
            to={reset.member.email}
            onDone={() => setReset(null)}
          />
        )}
        {sorted.length === 0 ? (
          <EmptyState icon="members" title="No members yet" />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th className="col-name">Name</th>
                  <th>E-mail</th>
                  <th>Role</th>
                  <th>Time zone</th>
                  <th>Status</th>
                  <th className="col-date">Added</th>
                  {isAdmin && (
                    <th className="col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {sorted.map((m) => (
                  <tr key={m.id} className={m.disabled ? 'is-muted' : undefined} data-member-id={m.id}>
                    <td className="col-name">
                      <span className="name-cell">
                        <Avatar name={m.name} size="sm" />
                        <span className="truncate">{m.name}</span>
                        {m.id === user.id && <span className="badge">You</span>}
                      </span>
                    </td>
                    <td>{m.email}</td>
                    <td>
                      {isAdmin ? (
                        <RoleSelect member={m} onError={setProblem} />
                      ) : (
                        <span className={`pill role-${m.role}`}>{roleLabel(m.role)}</span>
                      )}
                    </td>
                    <td>{m.timeZone.replace(/_/g, ' ')}</td>
                    <td>
                      {m.disabled ? (
                        <span className="status status--off">Deactivated</span>
                      ) : (
                        <span className="status status--on">Active</span>
                      )}
                    </td>
                    <td className="col-date">
                      <RelativeTime at={m.createdAt} />
                    </td>
                    {isAdmin && (
                      <td className="col-actions">
                        <MemberActions
                          member={m}
                          onDone={done}
                          onError={setProblem}
                          onReset={(member, r) => setReset({ member, reset: r })}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Toast message={flash} onDismiss={() => setFlash(null)} />
    </div>
  );
}
