// The agreement in force, as both teams read it: the funnel's definitions, scoring, the qualification
// matrix, SLAs, reject reasons, CRM mappings and marketing's commitment. Read-only for now.
import type { ReactNode } from 'react';
import type { Agreement } from '../../api.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { QualificationMatrix } from '../../components/qualification-matrix.js';
import { RelativeTime } from '../../components/relative-time.js';
import { StagePill } from '../../components/stage-pill.js';
import { ErrorBanner, LoadingBlock } from '../../components/states.js';
import { formatDate, formatNumber, formatPercent, formatPoints, humanize } from '../../format.js';
import { useAgreement } from '../../queries.js';
import { stageLabel } from '../../stages.js';
import { can } from '../../../../src/domain/roles.js';
import { useSession } from '../../session.js';
import { useAgreementReviewed } from '../setup/setup-queries.js';
import { activitySentence, actorsText, conditionsSentence, orList } from './agreement-sentences.js';
import { CrmStatuses, Handoff, RejectReasons } from './agreement-handoff.js';

const OWNER_LABELS: Record<string, string> = { marketing: 'Marketing', sales: 'Sales', shared: 'Shared' };

const SECTIONS = [
  { id: 'funnel', title: 'Funnel stages' },
  { id: 'fit', title: 'Fit' },
  { id: 'engagement', title: 'Engagement' },
  { id: 'qualification', title: 'Qualification' },
  { id: 'handoff', title: 'Routing and SLAs' },
  { id: 'feedback', title: 'Reject reasons' },
  { id: 'crm', title: 'CRM statuses' },
  { id: 'marketing', title: 'Marketing’s commitment' },
] as const;

function Section({
  id,
  intro,
  children,
}: {
  id: (typeof SECTIONS)[number]['id'];
  intro?: ReactNode;
  children: ReactNode;
}) {
  const title = SECTIONS.find((s) => s.id === id)?.title ?? id;
  return (
    <Panel id={`agreement-${id}`} title={title}>
      {intro && <p className="panel__intro muted">{intro}</p>}
      {children}
    </Panel>
  );
}

function Funnel({ doc }: { doc: Agreement }) {
  const moves = (from: string) => {
    const rules = doc.funnel.transitions.filter((t) => t.from === from);
    return rules.map((r) => ({ to: r.to, roles: r.roles }));
  };
  return (
    <ol className="funnel">
      {doc.funnel.stages.map((s) => (
        <li key={s.key} className="funnel__stage" data-stage={s.key}>
          <div className="funnel__head">
            {stageLabel(s.key).short === s.label ? (
              <span className={`funnel__dot stage-${s.key}`} aria-hidden="true" />
            ) : (
              <StagePill stage={s.key} />
            )}
            <h3 className="funnel__label">{s.label}</h3>
            <span className={`badge badge--owner-${s.owner}`} title="The team that owns leads in this stage">
              {OWNER_LABELS[s.owner] ?? humanize(s.owner)}
            </span>
          </div>
          <p className="funnel__definition">{s.definition}</p>
          {moves(s.key).length > 0 ? (
            <ul className="funnel__moves">
              {moves(s.key).map((m, i) => (
                <li key={i}>
                  <span className="muted">Can move to </span>
                  {m.to.map((t, j) => (
                    <span key={t}>
                      {j > 0 && ', '}
                      <strong>{stageLabel(t).short}</strong>
                    </span>
                  ))}
                  <span className="muted"> · by {actorsText(m.roles)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="funnel__moves muted">No moves out of this stage.</p>
          )}
        </li>
      ))}
    </ol>
  );
}

function FitRules({ doc }: { doc: Agreement }) {
  const g = doc.fit.grades;
  return (
    <>
      <table className="table table--wrap rules">
        <thead>
          <tr>
            <th>When</th>
            <th className="num">Points</th>
          </tr>
        </thead>
        <tbody>
          {doc.fit.rules.map((r) => (
            <tr key={r.id}>
              <td>
                <span className="rules__sentence">{conditionsSentence(r.when)}</span>
                <span className="rules__label muted"> · {r.label}</span>
              </td>
              <td className={`num rules__points${r.points < 0 ? ' is-negative' : ''}`}>
                {formatPoints(r.points)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grade-bands" aria-label="Grade bands">
        <span className="grade-bands__item">
          <span className="grade grade--A">A</span> {g.A} points or more
        </span>
        <span className="grade-bands__item">
          <span className="grade grade--B">B</span> {g.B}–{g.A - 1}
        </span>
        <span className="grade-bands__item">
          <span className="grade grade--C">C</span> {g.C}–{g.B - 1}
        </span>
        <span className="grade-bands__item">
          <span className="grade grade--D">D</span> below {g.C}
        </span>
      </div>
    </>
  );
}

function EngagementRules({ doc }: { doc: Agreement }) {
  const e = doc.engagement;
  return (
    <>
      <table className="table table--wrap rules">
        <thead>
          <tr>
            <th>Activity</th>
            <th className="num">Points</th>
            <th>Caps</th>
          </tr>
        </thead>
        <tbody>
          {e.rules.map((r) => {
            const caps = [
              r.perDayCap !== undefined ? `at most ${formatNumber(r.perDayCap)} a day` : null,
              r.lifetimeCap !== undefined ? `at most ${formatNumber(r.lifetimeCap)} in all` : null,
            ].filter(Boolean);
            return (
              <tr key={r.id}>
                <td>
                  <span className="rules__sentence">{r.label}</span>
                  <span className="rules__label muted"> · {activitySentence(r.match)}</span>
                </td>
                <td className="num rules__points">{formatPoints(r.points)}</td>
                <td>{caps.length ? caps.join(', ') : <span className="muted">No cap</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="agreement-note">
        Points <strong>halve every {e.halfLifeDays} days</strong>: engagement is the decayed sum of every
        point earned. Bands: <strong>1</strong> from {e.bands['1']}, <strong>2</strong> from {e.bands['2']},{' '}
        <strong>3</strong> from {e.bands['3']}, <strong>4</strong> below {e.bands['3']}.
      </p>
    </>
  );
}

function Qualification({ doc }: { doc: Agreement }) {
  const q = doc.qualification;
  return (
    <div className="qualification">
      <div>
        <h3 className="subheading">MQL matrix</h3>
        <QualificationMatrix
          cells={q.mql.cells}
          thresholds={{ grades: doc.fit.grades, bands: doc.engagement.bands }}
          caption="Qualification matrix: fit grade by engagement band"
        />
        <p className="agreement-note muted">
          A lead whose fit grade and engagement band fall in a filled cell ({orList(q.mql.cells, 'and')})
          becomes an MQL.
        </p>
      </div>
      <div className="qualification__rules">
        <h3 className="subheading">Hand-raises</h3>
        {q.handRaises.length === 0 ? (
          <p className="muted">None: only the matrix qualifies a lead.</p>
        ) : (
          <ul className="sentences">
            {q.handRaises.map((h) => (
              <li key={h.id}>
                A <strong>“{h.event}”</strong> event with fit {h.minFit} or better makes the lead a{' '}
                <strong>{stageLabel(h.to).short}</strong> at once, whatever its engagement.
              </li>
            ))}
          </ul>
        )}
        <h3 className="subheading">Product qualified (PQL)</h3>
        {q.pql.length === 0 ? (
          <p className="muted">No PQL rules.</p>
        ) : (
          <ul className="sentences">
            {q.pql.map((p) => (
              <li key={p.id}>
                <strong>{p.label}</strong>: {formatNumber(p.minCount)} × {activitySentence(p.match)} within{' '}
                {formatNumber(p.withinDays)} days, with fit {p.minFit} or better.
              </li>
            ))}
          </ul>
        )}
        {q.fallOut && (
          <>
            <h3 className="subheading">Falling out</h3>
            <p>
              A lead in {orList(q.fallOut.stages.map((s) => stageLabel(s).short))} whose engagement drops
              below {q.fallOut.belowEngagement} goes to {stageLabel(q.fallOut.to).short}.
            </p>
          </>
        )}
        <h3 className="subheading">Recycling</h3>
        <p>
          A recycled lead may qualify again after <strong>{doc.recycling.coolOffDays} days</strong> and{' '}
          <strong>{doc.recycling.freshEngagement} points</strong> of fresh engagement
          {doc.recycling.handRaiseBypassesCoolOff ? '; a hand-raise skips the wait.' : '.'}
        </p>
      </div>
    </div>
  );
}

export function AgreementPage() {
  usePageTitle('Agreement');
  // An admin reading it ticks "review the agreement" off the getting-started checklist.
  useAgreementReviewed(can(useSession().user.role, 'settings:manage'));
  const agreement = useAgreement();
  if (agreement.isPending) {
    return (
      <div className="page">
        <PageHeader title="Agreement" />
        <LoadingBlock label="Loading the agreement…" />
      </div>
    );
  }
  if (agreement.error) {
    return (
      <div className="page">
        <PageHeader title="Agreement" />
        <ErrorBanner
          error={agreement.error}
          title="Could not load the agreement"
          onRetry={() => void agreement.refetch()}
        />
      </div>
    );
  }
  const { active, draft } = agreement.data;
  const doc = active.document;
  const m = doc.marketing;
  return (
    <div className="page page--narrow">
      <PageHeader
        title={doc.name}
        subtitle={
          <span className="agreement-meta">
            <span className="pill role-admin">Version {active.version}</span>{' '}
            {active.activatedAt ? (
              <>
                <span>in force since {formatDate(new Date(active.activatedAt))}</span>
                <span className="muted">·</span>
                <RelativeTime at={active.activatedAt} />
                <span className="muted">·</span>
                <span>activated by {active.activatedBy ?? 'unknown'}</span>
              </>
            ) : (
              'not activated'
            )}
          </span>
        }
      />
      {active.note && <p className="agreement-lead">{active.note}</p>}
      {doc.notes && doc.notes !== active.note && <p className="agreement-lead muted">{doc.notes}</p>}
      {draft && (
        <div className="banner banner--info" role="note">
          A draft (version {draft.version}) is being prepared by {draft.createdBy}; this page shows the
          version in force.
        </div>
      )}
      <nav className="toc" aria-label="Sections of the agreement">
        {SECTIONS.map((s) => (
          <a key={s.id} href={`#agreement-${s.id}`} className="chip">
            {s.title}
          </a>
        ))}
      </nav>
      <div className="stack">
        <Section id="funnel" intro="What each stage means, who owns it, and where a lead may go next.">
          <Funnel doc={doc} />
        </Section>
        <Section
          id="fit"
          intro="Who the lead is: each rule that holds adds (or takes away) points; the total sets the grade."
        >
          <FitRules doc={doc} />
        </Section>
        <Section
          id="engagement"
          intro="What the lead does: each activity earns points, which fade with time."
        >
          <EngagementRules doc={doc} />
        </Section>
        <Section id="qualification" intro="When a lead becomes a marketing or product qualified lead.">
          <Qualification doc={doc} />
        </Section>
        <Section
          id="handoff"
          intro="Who gets the lead and how fast they must act, in the business hours of their team."
        >
          <Handoff doc={doc} />
        </Section>
        <Section id="feedback" intro="Why sales may turn a lead down, and what happens to it then.">
          <RejectReasons doc={doc} />
        </Section>
        <Section id="crm" intro="Status changes from the CRM that move a lead in the funnel.">
          <CrmStatuses doc={doc} />
        </Section>
        <Section id="marketing">
          <p className="agreement-commitment">
            Marketing delivers{' '}
            <strong>
              {formatNumber(m.mqlCommitment)} MQLs a {m.period}
            </strong>
            , and sales accepts at least <strong>{formatPercent(m.minAcceptanceRate)}</strong> of those it
            decides on.
          </p>
          {(m.segments ?? []).length > 0 && (
            <ul className="agreement-commitment-parts">
              {(m.segments ?? []).map((p) => (
                <li key={`${p.dimension}:${p.value}`}>
                  <strong>{formatNumber(p.mqlCommitment)}</strong> of them in the {p.value} {p.dimension}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </div>
  );
}
