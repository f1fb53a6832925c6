// Settings → Members: everyone in the workspace, their role and time zone.
import { Avatar } from '../../components/avatar.js';
import { usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { roleLabel } from '../../format.js';
import { useMembers } from '../../queries.js';
import { useSession } from '../../session.js';

export function MembersPage() {
  usePageTitle('Members');
  const { user } = useSession();
  const members = useMembers();
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
  if (members.data.length === 0) return <EmptyState icon="members" title="No members yet" />;
  const sorted = [...members.data].sort(
    (a, b) => Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name),
  );
  return (
    <section aria-labelledby="members-title">
      <div className="section-heading">
        <h2 id="members-title">Members</h2>
        <span className="muted">{sorted.filter((m) => !m.disabled).length} active</span>
      </div>
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
            </tr>
          </thead>
          <tbody>
            {sorted.map((m) => (
              <tr key={m.id} className={m.disabled ? 'is-muted' : undefined}>
                <td className="col-name">
                  <span className="name-cell">
                    <Avatar name={m.name} size="sm" />
                    <span className="truncate">{m.name}</span>
                    {m.id === user.id && <span className="badge">You</span>}
                  </span>
                </td>
                <td>{m.email}</td>
                <td>
                  <span className={`pill role-${m.role}`}>{roleLabel(m.role)}</span>
                </td>
                <td>{m.timeZone.replace(/_/g, ' ')}</td>
                <td>
                  {m.disabled ? (
                    <span className="status status--off">Disabled</span>
                  ) : (
                    <span className="status status--on">Active</span>
                  )}
                </td>
                <td className="col-date">
                  <RelativeTime at={m.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
