// The sections of a lead's page, in order: who they are, why they score, what they did, how they
// moved through the funnel and who holds them.
import type { ComponentType } from 'react';
import { Link } from 'react-router';
import type { LeadDetail, Role, SlaClockRecord, Transition } from '../../api.js';
import { AttributeList } from '../../components/attribute-list.js';
import { LeadTimeline } from '../../components/lead-timeline.js';
import { RelativeTime, useTimeZone } from '../../components/relative-time.js';
import { ScoreExplanation } from '../../components/score-explanation.js';
import { clockStateAt, slaStateLabel, useTicker } from '../../components/sla-clock.js';
import { StagePill } from '../../components/stage-pill.js';
import { EmptyState, ErrorBanner, LoadingBlock } from '../../components/states.js';
import { countryName, formatCompact, formatDateTime, formatNumber, humanize } from '../../format.js';
import { LeadConversation } from './lead-conversation.js';
import { OpportunitySection } from '../opportunities/opportunity-section.js';
import { useAccount, useAgreement, useLeadHandoff, useLeadTransitions, useMembers } from '../../queries.js';

type Lead = LeadDetail;

export interface LeadSection {
  /** Anchor and test hook: the section renders as <section id="lead-{id}">. */
  id: string;
  title: string;
  /** `main` is the wide column; `aside` the narrow one on the right (it appears once a section uses it). */
  area: 'main' | 'aside';
  visibleTo?: readonly Role[];
  Component: ComponentType<{ lead: LeadDetail }>;
}

function OwnerName({ id }: { id: string | null }) {
  const members = useMembers();
  if (!id) return <span className="muted">Unassigned</span>;
  const owner = members.data?.find((m) => m.id === id);
  return <span title={owner?.email}>{owner?.name ?? (members.isPending ? '…' : 'Former member')}</span>;
}

function AccountLink({ id }: { id: string | null }) {
  const account = useAccount(id);
  if (!id) return <span className="muted">—</span>;
  return <Link to={`/accounts/${id}`}>{account.data?.name ?? (account.isPending ? '…' : 'Account')}</Link>;
}

function FitAttributes({ lead }: { lead: Lead }) {
  return (
    <div className="attribute-groups">
      <div>
        <h3 className="attribute-groups__title">Person</h3>
        <AttributeList
          items={[
            { label: 'E-mail', value: lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a> },
            { label: 'Phone', value: lead.phone },
            { label: 'Title', value: lead.title },
            { label: 'Function', value: lead.titleFunction && humanize(lead.titleFunction) },
            { label: 'Seniority', value: lead.titleSeniority && humanize(lead.titleSeniority) },
          ]}
        />
      </div>
      <div>
        <h3 className="attribute-groups__title">Company</h3>
        <AttributeList
          items={[
            { label: 'Company', value: lead.company },
            { label: 'Account', value: lead.accountId && <AccountLink id={lead.accountId} /> },
            { label: 'Industry', value: lead.industry },
            {
              label: 'Employees',
              value: lead.employees !== null && <span className="num">{formatNumber(lead.employees)}</span>,
            },
            {
              label: 'Annual revenue',
              value: lead.annualRevenue !== null && (
                <span className="num">{formatCompact(lead.annualRevenue)}</span>
              ),
              ...(lead.annualRevenue !== null ? { title: formatNumber(lead.annualRevenue) } : {}),
            },
            {
              label: 'E-mail domain',
              value: lead.emailDomain && (
                <>
                  {lead.emailDomain}
                  {lead.emailDomainType && <span className="muted"> · {humanize(lead.emailDomainType)}</span>}
                </>
              ),
            },
          ]}
        />
      </div>
      <div>
        <h3 className="attribute-groups__title">Location and source</h3>
        <AttributeList
          items={[
            { label: 'Country', value: lead.country && countryName(lead.country) },
            { label: 'Region', value: lead.region },
            { label: 'Source', value: lead.source },
            { label: 'Medium', value: lead.medium },
            { label: 'Campaign', value: lead.campaign },
          ]}
        />
      </div>
      <div>
        <h3 className="attribute-groups__title">Ownership</h3>
        <AttributeList
          items={[
            { label: 'Owner', value: <OwnerName id={lead.ownerId} /> },
            { label: 'In stage since', value: <RelativeTime at={lead.stageEnteredAt} /> },
            {
              label: 'Last activity',
              value: lead.lastActivityAt && <RelativeTime at={lead.lastActivityAt} />,
            },
            { label: 'Created', value: <RelativeTime at={lead.createdAt} /> },
            { label: 'External id', value: lead.externalId && <code>{lead.externalId}</code> },
          ]}
        />
      </div>
    </div>
  );
}

function traitValue(value: unknown) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return <span className="num">{formatNumber(value)}</span>;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  return <code className="json">{JSON.stringify(value)}</code>;
}

function Traits({ lead }: { lead: Lead }) {
  const entries = Object.entries(lead.traits).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return (
      <p className="muted">
        No traits recorded. Traits are the extra properties sent with <code>identify</code> calls and imports.
      </p>
    );
  }
  return (
    <AttributeList
      className="attributes--wide-labels"
      items={entries.map(([key, value]) => ({ label: key, value: traitValue(value) }))}
    />
  );
}

function Score({ lead }: { lead: Lead }) {
  return <ScoreExplanation score={lead.score} />;
}

function Timeline({ lead }: { lead: Lead }) {
  return <LeadTimeline leadId={lead.id} score={lead.score} />;
}

function actorText(actor: Transition['actor']): string {
  if (actor.type === 'system') return `Tandem (${actor.label})`;
  if (actor.type === 'api_key') return `API key “${actor.label}”`;
  return actor.label;
}

function StageHistory({ lead }: { lead: Lead }) {
  const history = useLeadTransitions(lead.id);
  const agreement = useAgreement();
  const timeZone = useTimeZone();
  const reasons = agreement.data?.active.document.feedback.rejectReasons as
    Record<string, { label: string }> | undefined;
  if (history.isPending) return <LoadingBlock label="Loading stage history…" />;
  if (history.error) {
    return (
      <ErrorBanner
        error={history.error}
        title="Could not load the stage history"
        onRetry={() => void history.refetch()}
      />
    );
  }
  if (history.data.length === 0) return <EmptyState icon="clock" title="No stage changes yet" />;
  // The API answers oldest first; the latest move is what people look for.
  const rows = [...history.data].reverse();
  return (
    <div className="table-wrap table-wrap--flat">
      <table className="table table--wrap history">
        <thead>
          <tr>
            <th className="col-date">When</th>
            <th>Move</th>
            <th>Who</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td className="col-date" title={formatDateTime(new Date(t.at), timeZone)}>
                <RelativeTime at={t.at} />
              </td>
              <td>
                <span className="history__move">
                  {t.fromStage ? <StagePill stage={t.fromStage} /> : <span className="muted">new</span>}
                  <span className="history__arrow" aria-label="to">
                    →
                  </span>
                  <StagePill stage={t.toStage} />
                </span>
              </td>
              <td>{actorText(t.actor)}</td>
              <td className="history__why">
                <span>{t.reason}</span>
                {t.reasonCode && (
                  <span className="badge" title={`Reason code ${t.reasonCode}`}>
                    {reasons?.[t.reasonCode]?.label ?? humanize(t.reasonCode)}
                  </span>
                )}
                {t.note && <q className="history__note">{t.note}</q>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

const ASSIGNMENT_KINDS: Record<string, string> = {
  account_owner: 'Account owner',
  rule: 'Routing rule',
  queue: 'Queue',
  manual: 'By a manager',
  escalation: 'Escalation',
};

function ClockStatus({ clock, now }: { clock: SlaClockRecord; now: number }) {
  if (clock.status === 'running') {
    const state = clockStateAt(clock, now);
    return <span className={`sla sla--${state}`}>{slaStateLabel(state)}</span>;
  }
  const label = clock.breachedAt
    ? 'Breached, stopped'
    : clock.status === 'stopped'
      ? 'Met'
      : humanize(clock.status);
  return <span className={`sla ${clock.breachedAt ? 'sla--breached' : 'sla--done'}`}>{label}</span>;
}

function Handoff({ lead }: { lead: Lead }) {
  const handoff = useLeadHandoff(lead.id);
  const members = useMembers();
  const agreement = useAgreement();
  const timeZone = useTimeZone();
  const now = useTicker(30_000);
  const policies = agreement.data?.active.document.sla.policies ?? [];
  const nameOf = (id: string | null) =>
    id === null ? 'the queue' : (members.data?.find((m) => m.id === id)?.name ?? 'a former member');
  // Routing explains itself with member ids ("round robin picked rep 8be3…"): show their names.
  const withNames = (text: string) =>
    text.replace(UUID, (id) => members.data?.find((m) => m.id === id)?.name ?? id);
  if (handoff.isPending) return <LoadingBlock label="Loading hand-off…" />;
  if (handoff.error) {
    return (
      <ErrorBanner
        error={handoff.error}
        title="Could not load the hand-off"
        onRetry={() => void handoff.refetch()}
      />
    );
  }
  const assignments = [...handoff.data.assignments].sort((a, b) => b.at.localeCompare(a.at));
  const clocks = [...handoff.data.clocks].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return (
    <div className="handoff">
      <div>
        <h3 className="attribute-groups__title">Assignments</h3>
        {assignments.length === 0 ? (
          <p className="muted">Not routed yet: a lead is assigned when it qualifies.</p>
        ) : (
          <ol className="assignments">
            {assignments.map((a) => (
              <li key={a.id} className="assignments__item">
                <div className="assignments__head">
                  <strong>{a.ownerId ? nameOf(a.ownerId) : 'Back to the queue'}</strong>
                  {a.previousOwnerId && <span className="muted">from {nameOf(a.previousOwnerId)}</span>}
                  <span className="badge">{ASSIGNMENT_KINDS[a.kind] ?? humanize(a.kind)}</span>
                  <span className="assignments__time muted">
                    <RelativeTime at={a.at} />
                  </span>
                </div>
                <p className="assignments__reason">{withNames(a.reason)}</p>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div>
        <h3 className="attribute-groups__title">SLA clocks</h3>
        {clocks.length === 0 ? (
          <p className="muted">No SLA clock has run for this lead.</p>
        ) : (
          <div className="table-wrap table-wrap--flat">
            <table className="table">
              <thead>
                <tr>
                  <th>Policy</th>
                  <th>Status</th>
                  <th className="col-date">Started</th>
                  <th>Due</th>
                  <th>Outcome</th>
                </tr>
              </thead>
              <tbody>
                {clocks.map((c) => (
                  <tr key={c.id}>
                    <td>{policies.find((p) => p.id === c.policyId)?.label ?? humanize(c.policyId)}</td>
                    <td>
                      <ClockStatus clock={c} now={now} />
                    </td>
                    <td className="col-date">
                      <RelativeTime at={c.startedAt} />
                    </td>
                    <td title={formatDateTime(new Date(c.dueAt), timeZone)}>
                      {formatDateTime(new Date(c.dueAt), timeZone)}
                    </td>
                    <td>
                      {c.stoppedAt ? (
                        <>
                          {c.stopReason ? humanize(c.stopReason) : 'Stopped'}{' '}
                          <RelativeTime at={c.stoppedAt} />
                        </>
                      ) : (
                        <span className="muted">Running</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

function Opportunities({ lead }: { lead: Lead }) {
  return (
    <OpportunitySection
      filter={{ leadId: lead.id }}
      known={{ leadId: lead.id, ...(lead.accountId ? { accountId: lead.accountId } : {}) }}
      columns={['name', 'stage', 'amount', 'probability', 'close', 'owner']}
    />
  );
}

export const LEAD_SECTIONS: LeadSection[] = [
  { id: 'fit', title: 'Fit attributes', area: 'main', Component: FitAttributes },
  { id: 'opportunities', title: 'Opportunities', area: 'main', Component: Opportunities },
  { id: 'conversation', title: 'Notes and feedback', area: 'main', Component: LeadConversation },
  { id: 'history', title: 'Stage history', area: 'main', Component: StageHistory },
  { id: 'handoff', title: 'Hand-off', area: 'main', Component: Handoff },
  { id: 'timeline', title: 'Timeline', area: 'main', Component: Timeline },
  { id: 'traits', title: 'Traits', area: 'main', Component: Traits },
  { id: 'score', title: 'Score', area: 'aside', Component: Score },
];
