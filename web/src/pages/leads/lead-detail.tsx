// One lead: who they are, where they stand in the funnel, and the sections of lead-sections.tsx.
import { Link, useLocation, useParams } from 'react-router';
import { PERMISSIONS } from '../../../../src/domain/roles.js';
import { type LeadDetail, type Role, isApiError } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import { Icon } from '../../components/icons.js';
import { Panel, usePageTitle } from '../../components/page.js';
import { RelativeTime } from '../../components/relative-time.js';
import { StagePill } from '../../components/stage-pill.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { HandoffActions } from '../../components/handoff-actions.js';
import { Toast, useFlash } from '../../components/toast.js';
import { leadName } from '../../format.js';
import { stageLabel } from '../../stages.js';
import { useLead } from '../../queries.js';
import { useSession } from '../../session.js';
import { LEAD_SECTIONS, type LeadSection } from './lead-sections.js';
import { MoveStage } from './move-stage.js';

/** Accept and reject: a qualified lead, by its owner or a manager (the server checks again). */
function mayDecide(lead: LeadDetail, user: { id: string; role: Role }): boolean {
  if (lead.stage !== 'mql' && lead.stage !== 'pql') return false;
  if (!(PERMISSIONS['leads:feedback'] as readonly Role[]).includes(user.role)) return false;
  return user.role !== 'sales_rep' || lead.ownerId === user.id;
}

/** Back to the list the lead was opened from (keeping its filters), or to an account's page. */
function BackToLeads() {
  const from = (useLocation().state as { from?: string } | null)?.from;
  const fromAccount = from?.startsWith('/accounts/') ?? false;
  const to = from && (from.startsWith('/leads') || fromAccount) ? from : '/leads';
  return (
    <Link to={to} className="back-link">
      <Icon name="back" /> {fromAccount ? 'Account' : 'Leads'}
    </Link>
  );
}

export function LeadDetailPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const lead = useLead(id);
  const [flash, showFlash] = useFlash();
  const name = lead.data ? leadName(lead.data) : null;
  usePageTitle(name ?? 'Lead');

  if (lead.isPending) {
    return (
      <div className="page">
        <BackToLeads />
        <LoadingBlock label="Loading lead…" />
      </div>
    );
  }
  if (lead.error) {
    const missing = isApiError(lead.error) && (lead.error.status === 404 || lead.error.status === 400);
    return (
      <div className="page">
        <BackToLeads />
        {missing ? (
          <EmptyState icon="search" title="This lead does not exist in this workspace">
            It may have been merged into another lead, or the link is wrong.
          </EmptyState>
        ) : (
          <ErrorBanner
            error={lead.error}
            title="Could not load the lead"
            onRetry={() => void lead.refetch()}
          />
        )}
      </div>
    );
  }

  const l = lead.data;
  const sections = LEAD_SECTIONS.filter((s) => !s.visibleTo || s.visibleTo.includes(user.role));
  const main = sections.filter((s) => s.area === 'main');
  const aside = sections.filter((s) => s.area === 'aside');
  const role = [l.title, l.company].filter(Boolean).join(' at ');
  const renderSection = (s: LeadSection) => (
    <Panel key={s.id} id={`lead-${s.id}`} title={s.title}>
      <s.Component lead={l} />
    </Panel>
  );

  return (
    <div className="page">
      <header className="record-header">
        <BackToLeads />
        <div className="record-header__main">
          <Avatar name={name ?? '?'} size="lg" />
          <div className="record-header__text">
            <div className="record-header__title-row">
              <h1 className="record-header__title">{name}</h1>
              <StagePill stage={l.stage} />
            </div>
            <p className="record-header__subtitle">
              {role || <span className="muted">No title or company yet</span>}
              {l.email && name !== l.email && <span className="muted"> · {l.email}</span>}
            </p>
            <p className="record-header__meta muted">
              In this stage since <RelativeTime at={l.stageEnteredAt} /> · created{' '}
              <RelativeTime at={l.createdAt} />
              {l.owner && <> · owned by {l.owner.name}</>}
              {l.eventsWaiting > 0 && (
                <span data-testid="events-waiting">
                  {' '}
                  · {l.eventsWaiting} {l.eventsWaiting === 1 ? 'event' : 'events'} waiting to be scored
                </span>
              )}
            </p>
          </div>
        </div>
        <div className="record-header__actions">
          {mayDecide(l, user) && (
            <HandoffActions
              key={l.stage}
              lead={l}
              canDecide
              onDone={(_outcome, message) => showFlash(message)}
            />
          )}
          <MoveStage
            key={l.stage}
            lead={l}
            onMoved={(to) => showFlash(`Moved ${name} to ${stageLabel(to).long}.`)}
          />
        </div>
      </header>
      <div className={aside.length ? 'detail-grid detail-grid--with-aside' : 'detail-grid'}>
        <div className="detail-grid__main">{main.map(renderSection)}</div>
        {aside.length > 0 && <div className="detail-grid__aside">{aside.map(renderSection)}</div>}
      </div>
      <Toast message={flash} onDismiss={() => showFlash(null)} />
    </div>
  );
}
