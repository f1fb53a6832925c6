// The sales manager's view: SLA compliance by rep over the last months first, then SLA warnings and
// breaches to act on, the queue of unassigned qualified
// leads, and each rep's load against capacity, absences and clock record.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { type InboxItem, type RepLoad } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import { Meter } from '../../components/meter.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { ScoreChip } from '../../components/score-badges.js';
import { SlaCountdown, useRunningClocks, useTicker } from '../../components/sla-clock.js';
import { StagePill } from '../../components/stage-pill.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { Toast, useFlash } from '../../components/toast.js';
import { formatDate, humanize, leadName } from '../../format.js';
import { useAgreement, useTeamView } from '../../queries.js';
import { AssignControl, type RepOption, loadText } from './assign-control.js';
import { SlaByRep } from './sla-by-rep.js';

function LeadCell({ item }: { item: InboxItem }) {
  const name = leadName(item.lead);
  return (
    <span className="name-cell">
      <Avatar name={name} size="sm" />
      <span className="lead-cell">
        <Link
          to={`/leads/${item.lead.id}`}
          state={{ from: '/team' }}
          className="row-link truncate"
          title={name}
        >
          {name}
        </Link>
        <span className="lead-cell__sub truncate">
          {[item.lead.title, item.lead.company].filter(Boolean).join(' at ')}
        </span>
      </span>
    </span>
  );
}

function RepsTable({ reps }: { reps: RepLoad[] }) {
  return (
    <div className="table-wrap table-wrap--flat">
      <table className="table reps-table">
        <thead>
          <tr>
            <th className="col-name">Rep</th>
            <th>Open leads vs capacity</th>
            <th className="num">Weight</th>
            <th>Taking leads</th>
            <th>Out of office</th>
            <th className="num">Warnings</th>
            <th className="num">Breaches</th>
          </tr>
        </thead>
        <tbody>
          {reps.map((r) => {
            const share = r.capacity ? r.openLeads / r.capacity : 0;
            const tone =
              r.capacity === null ? 'muted' : share >= 1 ? 'bad' : share >= 0.8 ? 'warning' : 'good';
            return (
              <tr key={r.userId} className={r.active ? undefined : 'is-muted'}>
                <td className="col-name">
                  <span className="name-cell">
                    <Avatar name={r.name} size="sm" />
                    <span className="truncate">{r.name}</span>
                  </span>
                </td>
                <td>
                  <span className="load">
                    <Meter
                      value={r.openLeads}
                      max={r.capacity ?? Math.max(r.openLeads, 1)}
                      tone={tone}
                      size="sm"
                      label={`${r.name}: ${loadText(r)}`}
                    />
                    <span className="load__text num">
                      {r.openLeads}
                      <span className="muted"> / {r.capacity ?? '∞'}</span>
                    </span>
                  </span>
                </td>
                <td className="num">{r.weight}</td>
                <td>
                  {r.active ? (
                    <span className="status status--on">Yes</span>
                  ) : (
                    <span className="status status--off">Paused</span>
                  )}
                </td>
                <td>
                  {r.outOfOffice ? (
                    <span className="pill pill--away" title={r.outOfOffice.note ?? undefined}>
                      Away until {formatDate(new Date(r.outOfOffice.endsAt))}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className={`num${r.warnings ? ' text-warning' : ' muted'}`}>{r.warnings}</td>
                <td className={`num${r.breaches ? ' text-danger' : ' muted'}`}>{r.breaches}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function TeamPage() {
  usePageTitle('Team');
  const view = useTeamView();
  const agreement = useAgreement();
  const [flash, showFlash] = useFlash();
  const now = useTicker(5_000);
  const fetchedAt = view.dataUpdatedAt;
  const clocks = useMemo(
    () => [...(view.data?.alerts ?? []), ...(view.data?.queue ?? [])].flatMap((i) => i.clocks),
    [view.data],
  );
  const running = useRunningClocks(clocks, fetchedAt);
  const policies = agreement.data?.active.document.sla.policies ?? [];
  const policyLabel = (id: string) => policies.find((p) => p.id === id)?.label ?? humanize(id);

  const reps: RepOption[] = [];
  for (const team of view.data?.teams ?? []) {
    for (const r of team.reps) {
      if (!reps.some((x) => x.userId === r.userId)) {
        reps.push({ ...r, isAway: r.outOfOffice !== null });
      }
    }
  }
  reps.sort((a, b) => a.name.localeCompare(b.name));

  const countdown = (item: InboxItem) =>
    item.urgent ? (
      <SlaCountdown
        clock={item.urgent}
        fetchedAt={fetchedAt}
        isRunning={running.get(item.urgent.id) ?? null}
        policyLabel={policyLabel(item.urgent.policyId)}
        now={now}
        showPolicy
      />
    ) : (
      <span className="muted">—</span>
    );

  return (
    <div className="page">
      <PageHeader
        title="Team"
        subtitle="How each rep keeps the SLA month by month, who holds what against capacity, what is waiting, and which clocks need you."
        actions={view.isFetching && view.data ? <Spinner label="Updating" /> : undefined}
      />
      {view.error && (
        <ErrorBanner
          error={view.error}
          title="Could not load the team view"
          onRetry={() => void view.refetch()}
        />
      )}
      {view.isPending ? (
        <LoadingBlock label="Loading the team…" />
      ) : (
        view.data && (
          <div className="stack">
            <SlaByRep />
            <Panel
              title={
                <>
                  SLA alerts <span className="count">{view.data.alerts.length}</span>
                </>
              }
              id="team-alerts"
              flush
            >
              {view.data.alerts.length === 0 ? (
                <EmptyState icon="check" title="No clock is in warning or breached" />
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th className="col-name">Lead</th>
                        <th>Owner</th>
                        <th>Clock</th>
                        <th className="col-actions">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {view.data.alerts.map((item) => (
                        <tr key={item.lead.id} data-lead-id={item.lead.id}>
                          <td className="col-name">
                            <LeadCell item={item} />
                          </td>
                          <td>{item.ownerName ?? <span className="muted">Unassigned</span>}</td>
                          <td>{countdown(item)}</td>
                          <td className="col-actions">
                            <AssignControl
                              item={item}
                              reps={reps}
                              label="Reassign"
                              defaultReason={
                                item.urgent?.state === 'breached'
                                  ? `SLA breached: ${policyLabel(item.urgent.policyId)}`
                                  : 'SLA at risk: moving to a rep with time for it'
                              }
                              onAssigned={showFlash}
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Panel>

            <Panel
              title={
                <>
                  Queue <span className="count">{view.data.queue.length}</span>
                </>
              }
              id="team-queue"
              flush
            >
              {view.data.queue.length === 0 ? (
                <EmptyState icon="inbox" title="The queue is empty">
                  Qualified leads that routing could not place wait here for you to assign.
                </EmptyState>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th className="col-name">Lead</th>
                        <th>Stage</th>
                        <th>Score</th>
                        <th className="col-date">Waiting since</th>
                        <th className="col-actions">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {view.data.queue.map((item) => (
                        <tr key={item.lead.id} data-lead-id={item.lead.id}>
                          <td className="col-name">
                            <LeadCell item={item} />
                          </td>
                          <td>
                            <StagePill stage={item.lead.stage} />
                          </td>
                          <td>
                            <ScoreChip
                              grade={item.lead.fitGrade}
                              points={item.lead.fitPoints}
                              engagement={item.lead.engagement}
                            />
                          </td>
                          <td className="col-date">
                            <RelativeTime at={item.lead.stageEnteredAt} />
                          </td>
                          <td className="col-actions">
                            <AssignControl
                              item={item}
                              reps={reps}
                              label="Assign to…"
                              defaultReason="Assigned from the queue"
                              onAssigned={showFlash}
                            />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Panel>

            {view.data.teams.length === 0 ? (
              <EmptyState
                icon="users"
                title="No sales teams yet"
                action={<Link to="/settings/teams">Set up teams</Link>}
              >
                Routing sends qualified leads to teams; add reps to a team to see their load here.
              </EmptyState>
            ) : (
              view.data.teams.map((team) => (
                <Panel
                  key={team.id}
                  id={`team-${team.key}`}
                  title={
                    <>
                      {team.name} <span className="muted">· {team.timeZone.replace(/_/g, ' ')}</span>
                    </>
                  }
                  flush
                >
                  {team.reps.length === 0 ? (
                    <EmptyState icon="users" title="No reps in this team" />
                  ) : (
                    <RepsTable reps={team.reps} />
                  )}
                </Panel>
              ))
            )}
          </div>
        )
      )}
      <Toast message={flash} onDismiss={() => showFlash(null)} />
    </div>
  );
}
