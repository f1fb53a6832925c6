// A lead's score at a glance: the fit grade as a lettered square, engagement as a number beside it.
import type { FitGrade } from '../api.js';
import { formatScore } from '../format.js';

export function FitGradeBadge({
  grade,
  points,
  size = 'md',
}: {
  grade: FitGrade;
  points?: number;
  size?: 'md' | 'lg';
}) {
  return (
    <span
      className={`grade grade--${grade}${size === 'lg' ? ' grade--lg' : ''}`}
      title={points === undefined ? `Fit grade ${grade}` : `Fit grade ${grade} (${points} points)`}
    >
      <span className="visually-hidden">Fit </span>
      {grade}
    </span>
  );
}

/** Fit grade and engagement together, as lists show them: [A] 58.9 */
export function ScoreChip({
  grade,
  points,
  engagement,
}: {
  grade: FitGrade;
  points: number;
  engagement: number;
}) {
  return (
    <span className="score-chip">
      <FitGradeBadge grade={grade} points={points} />
      <span className="score-chip__engagement num" title="Engagement score now (decays over time)">
        <span className="visually-hidden">engagement </span>
        {formatScore(engagement)}
      </span>
    </span>
  );
}
