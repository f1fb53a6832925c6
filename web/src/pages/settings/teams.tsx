// Settings → Teams: who is in each sales team with their weight, capacity and whether they take new
// leads; time out of office, which routing respects.
import { type FormEvent, useState } from 'react';
import { PERMISSIONS } from '../../../../src/domain/roles.js';
import { type Member, type Role, type Team, type TeamMember, isApiError } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import { controlProps } from '../../components/form.js';
import { Icon } from '../../components/icons.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { useMembers, useRemoveTeamMember, useSetTeamMember, useTeams } from '../../queries.js';
import { useSession } from '../../session.js';
import { OutOfOffice, isSales } from './out-of-office.js';

function MemberRow({
  team,
  member,
  name,
  canWrite,
}: {
  team: Team;
  member: TeamMember;
  name: string;
  canWrite: boolean;
}) {
  const save = useSetTeamMember();
  const remove = useRemoveTeamMember();
  const [weight, setWeight] = useState(String(member.weight));
  const [capacity, setCapacity] = useState(member.capacity === null ? '' : String(member.capacity));
  const [active, setActive] = useState(member.active);
  const isDirty =
    weight !== String(member.weight) ||
    capacity !== (member.capacity === null ? '' : String(member.capacity)) ||
    active !== member.active;
  const id = `member-${team.id}-${member.userId}`;
  const error = save.error;
  const weightError = isApiError(error) ? error.fieldError('weight') : undefined;
  const capacityError = isApiError(error) ? error.fieldError('capacity') : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({
      teamId: team.id,
      userId: member.userId,
      weight: Number(weight),
      capacity: capacity.trim() === '' ? null : Number(capacity),
      active,
    });
  }

  return (
    <tr className={member.active ? undefined : 'is-muted'} data-user-id={member.userId}>
      <td className="col-name">
        <span className="name-cell">
          <Avatar name={name} size="sm" />
          <span className="truncate">{name}</span>
        </span>
      </td>
      <td>
        <form id={`${id}-form`} onSubmit={submit} noValidate />
        <input
          form={`${id}-form`}
          className="input input--sm input--num"
          {...controlProps(`${id}-weight`, weightError)}
          aria-label={`Weight of ${name}`}
          type="number"
          min={0.1}
          max={100}
          step={0.5}
          value={weight}
          onChange={(e) => setWeight(e.target.value)}
          disabled={!canWrite}
          title={weightError}
        />
      </td>
      <td>
        <input
          form={`${id}-form`}
          className="input input--sm input--num"
          {...controlProps(`${id}-capacity`, capacityError)}
          aria-label={`Capacity of ${name}`}
          type="number"
          min={0}
          placeholder="No limit"
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          disabled={!canWrite}
          title={capacityError}
        />
      </td>
      <td>
        <label className="check">
          <input
            form={`${id}-form`}
            type="checkbox"
            checked={active}
            onChange={(e) => setActive(e.target.checked)}
            disabled={!canWrite}
          />
          {active ? 'Takes new leads' : 'Paused'}
        </label>
      </td>
      <td className="col-actions">
        {canWrite && (
          <span className="inline-confirm">
            {isDirty && (
              <button
                type="submit"
                form={`${id}-form`}
                className="btn btn--sm btn--primary"
                disabled={save.isPending}
              >
                {save.isPending ? 'Saving…' : 'Save'}
              </button>
            )}
            <button
              type="button"
              className="btn btn--ghost btn--sm"
              onClick={() => remove.mutate({ teamId: team.id, userId: member.userId })}
              disabled={remove.isPending}
              aria-label={`Remove ${name} from ${team.name}`}
            >
              Remove
            </button>
          </span>
        )}
        {(error ?? remove.error) && !weightError && !capacityError && (
          <span className="field__error" role="alert">
            {(error ?? remove.error)?.message}
          </span>
        )}
        {(weightError ?? capacityError) && (
          <span className="field__error" role="alert">
            {weightError ? `Weight ${weightError}` : `Capacity ${capacityError}`}
          </span>
        )}
      </td>
    </tr>
  );
}

function AddMember({ team, candidates }: { team: Team; candidates: Member[] }) {
  const save = useSetTeamMember();
  const [userId, setUserId] = useState('');
  if (candidates.length === 0) return null;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (userId)
          save.mutate(
            { teamId: team.id, userId, weight: 1, capacity: null, active: true },
            { onSuccess: () => setUserId('') },
          );
      }}
    >
      <label className="visually-hidden" htmlFor={`add-${team.id}`}>
        Add a rep to {team.name}
      </label>
      <select
        id={`add-${team.id}`}
        className="select select--sm"
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
      >
        <option value="">Add a rep…</option>
        {candidates.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn--sm" disabled={!userId || save.isPending}>
        <Icon name="plus" size={14} />
        Add
      </button>
      {save.error && (
        <span className="field__error" role="alert">
          {save.error.message}
        </span>
      )}
    </form>
  );
}

export function TeamsPage() {
  usePageTitle('Teams');
  const { user } = useSession();
  const teams = useTeams();
  const members = useMembers();
  const canWrite = (PERMISSIONS['teams:write'] as readonly Role[]).includes(user.role);
  if (teams.isPending || members.isPending) return <LoadingBlock label="Loading teams…" />;
  const error = teams.error ?? members.error;
  if (error || !teams.data || !members.data) {
    return <ErrorBanner error={error} title="Could not load teams" onRetry={() => void teams.refetch()} />;
  }
  const nameOf = (id: string) => members.data.find((m) => m.id === id)?.name ?? 'Former member';
  return (
    <div className="stack">
      {teams.data.length === 0 ? (
        <EmptyState icon="users" title="No sales teams yet">
          Routing rules send qualified leads to teams by their key (for example <code>amer</code>). Create
          teams with <code>POST /api/v1/teams</code> or the CLI.
        </EmptyState>
      ) : (
        teams.data.map((team) => {
          const inTeam = new Set(team.members.map((m) => m.userId));
          const candidates = members.data.filter((m) => isSales(m) && !m.disabled && !inTeam.has(m.id));
          return (
            <Panel
              key={team.id}
              id={`team-${team.key}`}
              title={
                <>
                  {team.name} <code className="muted">{team.key}</code>
                </>
              }
              actions={
                <span className="muted">
                  {team.calendar.timeZone.replace(/_/g, ' ')}
                  {team.managerId && <> · manager {nameOf(team.managerId)}</>}
                </span>
              }
              flush
            >
              {team.members.length === 0 ? (
                <EmptyState icon="users" title="No reps in this team yet" />
              ) : (
                <div className="table-wrap">
                  <table className="table members-table">
                    <thead>
                      <tr>
                        <th className="col-name">Rep</th>
                        <th title="A rep with weight 2 gets twice the leads of a rep with weight 1">
                          Weight
                        </th>
                        <th title="Most open leads at once; empty means no limit">Capacity</th>
                        <th>New leads</th>
                        <th className="col-actions">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {team.members.map((m) => (
                        <MemberRow
                          key={m.userId}
                          team={team}
                          member={m}
                          name={nameOf(m.userId)}
                          canWrite={canWrite}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {canWrite && (
                <div className="panel__footer">
                  <AddMember team={team} candidates={candidates} />
                </div>
              )}
            </Panel>
          );
        })
      )}
      <OutOfOffice members={members.data} canManageOthers={canWrite} selfId={user.id} />
    </div>
  );
}
