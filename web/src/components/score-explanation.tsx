// Why a lead scores what it scores: the fit rules that matched, the engagement ledger (whose lines add
// up to the total), and where the two meet on the qualification matrix.
import { useId } from 'react';
import { roundLedger } from '../../../src/domain/engagement.js';
import type { ScoreExplanation as Score } from '../api.js';
import { formatPoints, formatScore } from '../format.js';
import { useAgreement } from '../queries.js';
import { QualificationMatrix } from './qualification-matrix.js';
import { FitGradeBadge } from './score-badges.js';

function FitPart({
  id,
  fit,
  grades,
}: {
  id: string;
  fit: Score['fit'];
  grades?: { A: number; B: number; C: number };
}) {
  return (
    <section className="score__part" aria-labelledby={id}>
      <div className="score__head">
        <FitGradeBadge grade={fit.grade} points={fit.points} size="lg" />
        <div>
          <h3 className="score__title" id={id}>
            Fit grade {fit.grade}
          </h3>
          <p className="score__sub">
            {fit.points} points
            {grades && (
              <span className="muted">
                {' '}
                · A from {grades.A}, B from {grades.B}, C from {grades.C}
              </span>
            )}
          </p>
        </div>
      </div>
      {fit.contributions.length === 0 ? (
        <p className="muted">No fit rule matched this lead’s attributes yet.</p>
      ) : (
        <table className="ledger" aria-label="Fit rules that matched">
          <tbody>
            {fit.contributions.map((c) => (
              <tr key={c.ruleId}>
                <td className="ledger__label">{c.label}</td>
                <td className={`ledger__points num${c.points < 0 ? ' is-negative' : ''}`}>
                  {formatPoints(c.points)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td>Fit points</td>
              <td className="num">{fit.points}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

function EngagementPart({ id, engagement }: { id: string; engagement: Score['engagement'] }) {
  // Rounded so the displayed lines add up to the displayed total (largest remainder).
  const { total, parts } = roundLedger(
    engagement.byRule.map((l) => l.decayed),
    1,
  );
  return (
    <section className="score__part" aria-labelledby={id}>
      <div className="score__head">
        <span className="score__big num">{formatScore(total)}</span>
        <div>
          <h3 className="score__title" id={id}>
            Engagement, band {engagement.band}
          </h3>
          <p className="score__sub muted">
            Points halve every {engagement.halfLifeDays} days without new activity
          </p>
        </div>
      </div>
      {engagement.byRule.length === 0 ? (
        <p className="muted">No engagement yet: page views, e-mail clicks and demo requests earn points.</p>
      ) : (
        <table className="ledger" aria-label="Engagement by rule">
          <thead>
            <tr>
              <th>Rule</th>
              <th className="num" title="Points earned, before decay">
                Earned
              </th>
              <th className="num" title="What those points are worth today">
                Now
              </th>
            </tr>
          </thead>
          <tbody>
            {engagement.byRule.map((line, i) => (
              <tr key={line.ruleId}>
                <td className="ledger__label">
                  {line.label}
                  {line.count > 1 && <span className="muted"> ×{line.count}</span>}
                </td>
                <td className="num muted">{formatPoints(line.points)}</td>
                <td className="num ledger__points">{formatScore(parts[i] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>Engagement now</td>
              <td className="num" data-testid="engagement-total">
                {formatScore(total)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

export function ScoreExplanation({ score }: { score: Score }) {
  const id = useId();
  const agreement = useAgreement();
  const doc = agreement.data?.active.document;
  const qualifies = score.qualifyingCells.includes(score.cell);
  return (
    <div className="score">
      <FitPart id={`${id}-fit`} fit={score.fit} grades={doc?.fit.grades} />
      <EngagementPart id={`${id}-engagement`} engagement={score.engagement} />
      <section className="score__part" aria-labelledby={`${id}-cell`}>
        <div className="score__head">
          <span className={`score__cell${qualifies ? ' is-qualifying' : ''}`}>{score.cell}</span>
          <div>
            <h3 className="score__title" id={`${id}-cell`}>
              {qualifies ? 'In a qualifying cell' : 'Not in a qualifying cell'}
            </h3>
            <p className="score__sub muted">
              Fit {score.fit.grade} × engagement band {score.engagement.band}
              {qualifies ? ' meets the agreed matrix' : '; a hand-raise can still qualify it'}
            </p>
          </div>
        </div>
        <QualificationMatrix
          cells={score.qualifyingCells}
          current={score.cell}
          size="sm"
          caption="Qualification matrix with this lead's cell"
        />
        <p className="score__foot muted">Scored under agreement version {score.agreementVersion}.</p>
      </section>
    </div>
  );
}
