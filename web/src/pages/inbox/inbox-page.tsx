// The rep's inbox: my open leads, most urgent first, with live SLA countdowns; the selected lead's
// score and timeline beside the list; accept, reject and log touches without leaving it (j/k/a/r).
import { type RefObject, useEffect, useMemo, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { InboxItem } from '../../api.js';
import { Avatar } from '../../components/avatar.js';
import {
  type HandoffActionsHandle,
  type HandoffOutcome,
  HandoffActions,
} from '../../components/handoff-actions.js';
import { LeadTimeline } from '../../components/lead-timeline.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { ScoreChip } from '../../components/score-badges.js';
import { ScoreExplanation } from '../../components/score-explanation.js';
import { SlaCountdown, clockStateAt, useRunningClocks, useTicker } from '../../components/sla-clock.js';
import { StagePill } from '../../components/stage-pill.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { Toast, useFlash } from '../../components/toast.js';
import { formatDateTime, humanize, leadName } from '../../format.js';
import { useAgreement, useInbox, useLead, useLeadTransitions } from '../../queries.js';
import { RelativeTime, useTimeZone } from '../../components/relative-time.js';
import { stageLabel } from '../../stages.js';

const isDecision = (item: InboxItem) => item.lead.stage === 'mql' || item.lead.stage === 'pql';

/** The SLA policies' names from the agreement: "Accept or reject an MQL". */
function usePolicyLabels(): (policyId: string) => string {
  const agreement = useAgreement();
  const policies = agreement.data?.active.document.sla.policies ?? [];
  return (id) => policies.find((p) => p.id === id)?.label ?? humanize(id);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

function roleLine(item: InboxItem): string {
  return [item.lead.title, item.lead.company].filter(Boolean).join(' at ') || item.lead.email || '';
}

function InboxRow({
  item,
  isSelected,
  onSelect,
  fetchedAt,
  running,
  now,
  policyLabel,
}: {
  item: InboxItem;
  isSelected: boolean;
  onSelect: () => void;
  fetchedAt: number;
  running: Map<string, boolean | null>;
  now: number;
  policyLabel: (id: string) => string;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (isSelected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [isSelected]);
  const { lead, urgent } = item;
  const name = leadName(lead);
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className={`inbox-row${urgent ? ` inbox-row--${clockStateAt(urgent, now)}` : ''}`}
        aria-current={isSelected ? 'true' : undefined}
        onClick={onSelect}
        data-lead-id={lead.id}
      >
        <Avatar name={name} size="sm" />
        <span className="inbox-row__text">
          <span className="inbox-row__name">{name}</span>
          <span className="inbox-row__sub">{roleLine(item)}</span>
        </span>
        <span className="inbox-row__clock">
          {urgent ? (
            <SlaCountdown
              clock={urgent}
              fetchedAt={fetchedAt}
              isRunning={running.get(urgent.id) ?? null}
              policyLabel={policyLabel(urgent.policyId)}
              now={now}
            />
          ) : (
            <span className="muted">No SLA clock</span>
          )}
        </span>
        <span className="inbox-row__meta">
          <StagePill stage={lead.stage} />
          <ScoreChip grade={lead.fitGrade} points={lead.fitPoints} engagement={lead.engagement} />
        </span>
      </button>
    </li>
  );
}

/** Why the lead is in the inbox: the agreement's (or sales') reason for the stage it is in now. */
function StageReason({ leadId, stage }: { leadId: string; stage: string }) {
  const history = useLeadTransitions(leadId);
  const entered = history.data?.findLast((t) => t.toStage === stage);
  if (!entered) return null;
  return (
    <p className="inbox-detail__why" data-testid="stage-reason">
      <span className="muted">
        {stageLabel(stage).short} <RelativeTime at={entered.at} />:
      </span>{' '}
      {entered.reason}
    </p>
  );
}

function InboxDetail({
  item,
  fetchedAt,
  running,
  now,
  policyLabel,
  actionsRef,
  onDone,
}: {
  item: InboxItem;
  fetchedAt: number;
  running: Map<string, boolean | null>;
  now: number;
  policyLabel: (id: string) => string;
  actionsRef: RefObject<HandoffActionsHandle | null>;
  onDone: (outcome: HandoffOutcome, message: string) => void;
}) {
  const timeZone = useTimeZone();
  const detail = useLead(item.lead.id);
  const { lead } = item;
  const name = leadName(lead);
  return (
    <section className="inbox-detail" aria-label={`Selected lead: ${name}`}>
      <header className="inbox-detail__header">
        <Avatar name={name} size="lg" />
        <div className="inbox-detail__text">
          <div className="inbox-detail__title-row">
            <h2 className="inbox-detail__title">
              <Link to={`/leads/${lead.id}`} state={{ from: '/inbox' }}>
                {name}
              </Link>
            </h2>
            <StagePill stage={lead.stage} />
          </div>
          <p className="inbox-detail__sub">
            {roleLine(item) || <span className="muted">No title or company yet</span>}
            {lead.email && name !== lead.email && <span className="muted"> · {lead.email}</span>}
          </p>
        </div>
      </header>
      <StageReason leadId={lead.id} stage={lead.stage} />
      <HandoffActions
        key={lead.id}
        ref={actionsRef}
        lead={lead}
        canDecide={isDecision(item)}
        onDone={onDone}
      />
      {item.clocks.length > 0 && (
        <ul className="clock-list" aria-label="SLA clocks">
          {item.clocks.map((c) => (
            <li key={c.id} className="clock-list__item">
              <span className="clock-list__policy">{policyLabel(c.policyId)}</span>
              <SlaCountdown
                clock={c}
                fetchedAt={fetchedAt}
                isRunning={running.get(c.id) ?? null}
                policyLabel={policyLabel(c.policyId)}
                now={now}
              />
              <span className="clock-list__due muted">
                due {formatDateTime(new Date(c.dueAt), timeZone)}
                {running.get(c.id) === false && ' · paused outside business hours'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="inbox-detail__grid">
        <Panel title="Why this score" id="inbox-score">
          {detail.isPending ? (
            <LoadingBlock label="Loading score…" />
          ) : detail.error ? (
            <ErrorBanner
              error={detail.error}
              title="Could not load the score"
              onRetry={() => void detail.refetch()}
            />
          ) : (
            <ScoreExplanation score={detail.data.score} />
          )}
        </Panel>
        <Panel title="Timeline" id="inbox-timeline">
          <LeadTimeline leadId={lead.id} score={detail.data?.score} />
        </Panel>
      </div>
    </section>
  );
}

export function InboxPage() {
  usePageTitle('Inbox');
  const inbox = useInbox();
  const navigate = useNavigate();
  const policyLabel = usePolicyLabels();
  const [params, setParams] = useSearchParams();
  const [flash, showFlash] = useFlash();
  const now = useTicker(5_000);
  const actionsRef = useRef<HandoffActionsHandle>(null);
  const lastIndex = useRef(0);

  const items = inbox.data ?? [];
  const toDecide = items.filter(isDecision);
  const working = items.filter((i) => !isDecision(i));
  const ordered = [...toDecide, ...working];
  const fetchedAt = inbox.dataUpdatedAt;
  const clocks = useMemo(() => (inbox.data ?? []).flatMap((i) => i.clocks), [inbox.data]);
  const running = useRunningClocks(clocks, fetchedAt);

  // A lead that left the inbox (rejected, reassigned) hands the selection to the one now in its place.
  const wanted = params.get('lead');
  let index = ordered.findIndex((i) => i.lead.id === wanted);
  if (index === -1 && ordered.length > 0) index = Math.min(lastIndex.current, ordered.length - 1);
  const selected = ordered[index] ?? null;
  useEffect(() => {
    if (index >= 0) lastIndex.current = index;
  }, [index]);

  const select = (i: number) => {
    const target = ordered[Math.max(0, Math.min(ordered.length - 1, i))];
    if (target) setParams({ lead: target.lead.id }, { replace: true });
  };

  function onDone(outcome: HandoffOutcome, message: string) {
    showFlash(message);
    if (outcome === 'touched' || !selected) return;
    // Straight on to the next lead waiting for a decision.
    const at = toDecide.findIndex((i) => i.lead.id === selected.lead.id);
    const next = toDecide[at + 1] ?? toDecide[at - 1];
    if (next) setParams({ lead: next.lead.id }, { replace: true });
    else setParams({}, { replace: true });
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'j') select(index + 1);
      else if (e.key === 'k') select(index - 1);
      else if (e.key === 'a') actionsRef.current?.accept();
      else if (e.key === 'r') actionsRef.current?.openReject();
      else if (e.key === 'o' && selected)
        void navigate(`/leads/${selected.lead.id}`, { state: { from: '/inbox' } });
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const overdue = items.filter((i) => i.urgent && clockStateAt(i.urgent, now) === 'breached').length;
  const rowProps = { fetchedAt, running, now, policyLabel };

  return (
    <div className="page page--wide">
      <PageHeader
        title="Inbox"
        subtitle={
          inbox.data
            ? `${toDecide.length} waiting for your decision · ${working.length} accepted${overdue ? ` · ${overdue} overdue` : ''}`
            : 'Your open leads, most urgent first.'
        }
        actions={
          <p className="kbd-hint" aria-label="Keyboard: j and k move, a accepts, r rejects, o opens the lead">
            <kbd>j</kbd>
            <kbd>k</kbd> move · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>o</kbd> open
            {inbox.isFetching && inbox.data && <Spinner label="Updating" />}
          </p>
        }
      />
      {inbox.error && (
        <ErrorBanner
          error={inbox.error}
          title="Could not load your inbox"
          onRetry={() => void inbox.refetch()}
        />
      )}
      {inbox.isPending ? (
        <LoadingBlock label="Loading your inbox…" />
      ) : ordered.length === 0 ? (
        !inbox.error && (
          <EmptyState icon="inbox" title="Nothing waiting for you">
            Qualified leads routed to you appear here with their SLA clock, most urgent first.
          </EmptyState>
        )
      ) : (
        <div className="inbox">
          <nav className="inbox__list" aria-label="Your leads">
            {toDecide.length > 0 && (
              <>
                <h2 className="inbox__group">
                  Waiting for your decision <span className="count">{toDecide.length}</span>
                </h2>
                <ul className="inbox__items">
                  {toDecide.map((item) => (
                    <InboxRow
                      key={item.lead.id}
                      item={item}
                      isSelected={item === selected}
                      onSelect={() => setParams({ lead: item.lead.id }, { replace: true })}
                      {...rowProps}
                    />
                  ))}
                </ul>
              </>
            )}
            {working.length > 0 && (
              <>
                <h2 className="inbox__group">
                  Accepted, to work <span className="count">{working.length}</span>
                </h2>
                <ul className="inbox__items">
                  {working.map((item) => (
                    <InboxRow
                      key={item.lead.id}
                      item={item}
                      isSelected={item === selected}
                      onSelect={() => setParams({ lead: item.lead.id }, { replace: true })}
                      {...rowProps}
                    />
                  ))}
                </ul>
              </>
            )}
          </nav>
          {selected && (
            <InboxDetail
              key={selected.lead.id}
              item={selected}
              actionsRef={actionsRef}
              onDone={onDone}
              {...rowProps}
            />
          )}
        </div>
      )}
      <Toast message={flash} onDismiss={() => showFlash(null)} />
    </div>
  );
}
