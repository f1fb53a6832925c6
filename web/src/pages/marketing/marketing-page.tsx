// Marketing's side of the agreement: MQLs this period against the commitment (at the pace so far, with
// the period before beside it, so a month just begun never reads as a bare 0), sales' acceptance rate
// against the minimum; then the reports marketing is judged by (lead quality, content influence,
// spend and return, the commitment over time) and why sales turned leads down.
import { useSearchParams } from 'react-router';
import { Icon } from '../../components/icons.js';
import { BarList, Meter } from '../../components/meter.js';
import type { MarketingCommitment } from '../../api.js';
import { PageHeader, Panel, usePageTitle } from '../../components/page.js';
import { EmptyState, ErrorBanner, LoadingBlock, Spinner } from '../../components/states.js';
import { formatNumber, formatPercent, humanize } from '../../format.js';
import { useAgreement, useMarketingCommitment } from '../../queries.js';
import { MarketingReports } from './marketing-reports.js';

/** The period before or after `period` ("2026-11" or "2026-Q4"), in the same unit. */
export function shiftPeriod(period: string, by: number): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const n = Number(quarter[1]) * 4 + Number(quarter[2]) - 1 + by;
    return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
  }
  const [y, m] = period.split('-').map(Number);
  const n = (y ?? 0) * 12 + (m ?? 1) - 1 + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** "November 2026", "Q4 2026". */
function periodName(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `Q${quarter[2]} ${quarter[1]}`;
  const [y, m] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, 1)),
  );
}

export function MarketingPage() {
  usePageTitle('Marketing');
  const [params, setParams] = useSearchParams();
  const asked = params.get('period');
  const status = useMarketingCommitment(asked);
  const agreement = useAgreement();
  const reasons = (agreement.data?.active.document.feedback.rejectReasons ?? {}) as Record<
    string,
    { label: string } | undefined
  >;
  const s = status.data;
  const current = s?.period ?? null;
  const isCurrent = asked === null;
  const previous = useMarketingCommitment(current ? shiftPeriod(current, -1) : null);
  const go = (by: number) => current && setParams({ period: shiftPeriod(current, by) }, { replace: true });

  return (
    <div className="page">
      <PageHeader
        title="Marketing"
        subtitle="The MQLs marketing committed to, and what sales made of them."
        actions={
          current && (
            <div className="period-picker" role="group" aria-label="Period">
              <button
                type="button"
                className="btn btn--sm btn--icon"
                onClick={() => go(-1)}
                title="Previous period"
              >
                <Icon name="back" />
                <span className="visually-hidden">Previous period</span>
              </button>
              <span className="period-picker__name">{periodName(current)}</span>
              <button
                type="button"
                className="btn btn--sm btn--icon"
                onClick={() => go(1)}
                title="Next period"
              >
                <Icon name="back" className="icon--flip" />
                <span className="visually-hidden">Next period</span>
              </button>
              {asked && (
                <button
                  type="button"
                  className="btn btn--ghost btn--sm"
                  onClick={() => setParams({}, { replace: true })}
                >
                  This period
                </button>
              )}
              {status.isFetching && <Spinner label="Updating" />}
            </div>
          )
        }
      />
      {status.error && (
        <ErrorBanner
          error={status.error}
          title="Could not load the commitment"
          onRetry={() => void status.refetch()}
        />
      )}
      {status.isPending ? (
        <LoadingBlock label="Loading the commitment…" />
      ) : (
        s && (
          <div className={`stack${status.isPlaceholderData ? ' is-stale' : ''}`}>
            <div className="kpis">
              <Panel title="MQLs against the commitment" id="marketing-volume">
                <p className="kpi">
                  <span className="kpi__value num">{formatNumber(s.mqls)}</span>
                  <span className="kpi__of">
                    {s.commitment
                      ? ` of ${formatNumber(s.commitment.mqls)} committed`
                      : ' MQLs · no agreement was in force yet'}
                  </span>
                </p>
                {s.commitment && (
                  <Meter
                    value={s.mqls}
                    max={Math.max(s.commitment.mqls, s.mqls, 1)}
                    marker={{
                      value: s.expectedByNow,
                      label: `Expected by now: ${formatNumber(s.expectedByNow)}`,
                    }}
                    tone={s.isVolumeOnTrack ? 'good' : 'warning'}
                    label="MQLs this period"
                  />
                )}
                <PaceLine status={s} />
                {isCurrent && previous.data && previous.data.period !== s.period && (
                  <p className="kpi__verdict muted" data-testid="marketing-previous">
                    {periodName(previous.data.period)}: {formatNumber(previous.data.mqls)}
                    {previous.data.commitment && ` of ${formatNumber(previous.data.commitment.mqls)}`}
                    {previous.data.acceptanceRate !== null &&
                      `, ${formatPercent(previous.data.acceptanceRate)} accepted`}
                    .
                  </p>
                )}
                {s.commitment && (
                  <p className={`kpi__verdict ${s.isVolumeOnTrack ? 'text-success' : 'text-warning'}`}>
                    {s.isVolumeOnTrack
                      ? `On track: ${formatNumber(s.expectedByNow)} expected by now.`
                      : `Behind: ${formatNumber(s.expectedByNow)} expected by now, ${formatNumber(s.expectedByNow - s.mqls)} short.`}
                  </p>
                )}
                {s.segments.length > 0 && (
                  <ul className="commitment-parts" aria-label="Committed per segment and territory">
                    {s.segments.map((p) => (
                      <li key={`${p.dimension}:${p.value}`}>
                        <span>
                          {p.value} <span className="muted">({p.dimension})</span>
                        </span>
                        <span
                          className={`num ${p.mqls >= p.expectedByNow ? 'text-success' : 'text-warning'}`}
                        >
                          {formatNumber(p.mqls)} of {formatNumber(p.committed)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Panel>
              <Panel title="Accepted by sales" id="marketing-acceptance">
                <p className="kpi">
                  <span className="kpi__value num">
                    {s.acceptanceRate === null ? '—' : formatPercent(s.acceptanceRate)}
                  </span>
                  <span className="kpi__of">
                    {' '}
                    accepted
                    {s.commitment && ` · minimum ${formatPercent(s.commitment.minAcceptanceRate)}`}
                  </span>
                </p>
                <Meter
                  value={(s.acceptanceRate ?? 0) * 100}
                  max={100}
                  marker={
                    s.commitment
                      ? {
                          value: s.commitment.minAcceptanceRate * 100,
                          label: `Minimum ${formatPercent(s.commitment.minAcceptanceRate)}`,
                        }
                      : undefined
                  }
                  tone={s.isAcceptanceOnTrack === null ? 'muted' : s.isAcceptanceOnTrack ? 'good' : 'bad'}
                  label="Acceptance rate"
                />
                <p className="kpi__verdict muted">
                  {s.accepted + s.rejected === 0
                    ? 'Sales has not decided on any MQL this period yet.'
                    : `${formatNumber(s.accepted)} accepted, ${formatNumber(s.rejected)} rejected.`}
                </p>
              </Panel>
            </div>
            <MarketingReports />
            <Panel title="Why sales rejected leads" id="marketing-reasons">
              {s.rejectionReasons.length === 0 ? (
                <EmptyState icon="check" title="No rejections this period" />
              ) : (
                <BarList
                  label="Rejection reasons"
                  items={s.rejectionReasons.map((r) => ({
                    key: r.reason,
                    label: reasons[r.reason]?.label ?? humanize(r.reason),
                    value: r.count,
                  }))}
                />
              )}
            </Panel>
          </div>
        )
      )}
    </div>
  );
}

const DAY = 86_400_000;

/** "Day 3 of 30: 12 MQLs, on pace for 124 of 150": where a running period is heading, not its bare count. */
function PaceLine({ status: s }: { status: MarketingCommitment }) {
  if (s.elapsed <= 0 || s.elapsed >= 1) return null;
  const days = Math.round((new Date(s.to).getTime() - new Date(s.from).getTime()) / DAY);
  const day = Math.min(days, Math.floor(s.elapsed * days) + 1);
  return (
    <p className="kpi__verdict" data-testid="marketing-pace">
      Day {day} of {days}: {formatNumber(s.mqls)} {s.mqls === 1 ? 'MQL' : 'MQLs'}
      {s.projected === null
        ? ' so far; a pace shows after the first day.'
        : `, on pace for ${formatNumber(s.projected)}${s.commitment ? ` of ${formatNumber(s.commitment.mqls)}` : ''}.`}
    </p>
  );
}
