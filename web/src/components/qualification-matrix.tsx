// The qualification matrix: fit grade A–D down, engagement band 1–4 across, qualifying cells filled.
import type { FitGrade } from '../api.js';

// Spelled out here: importing the agreement module would bring its schemas (and zod) into the bundle.
const FIT_GRADES: readonly FitGrade[] = ['A', 'B', 'C', 'D'];
const BANDS = [1, 2, 3, 4] as const;

export interface MatrixThresholds {
  grades: { A: number; B: number; C: number };
  bands: { '1': number; '2': number; '3': number };
}

// Grades and bands are minimums: a lead is in the first one whose minimum it reaches.
function gradeRange(grade: string, t: MatrixThresholds['grades']): string {
  if (grade === 'D') return `< ${t.C} pts`;
  return `≥ ${t[grade as 'A' | 'B' | 'C']} pts`;
}

function bandRange(band: number, t: MatrixThresholds['bands']): string {
  if (band === 4) return `< ${t['3']}`;
  return `≥ ${t[String(band) as '1' | '2' | '3']}`;
}

export function QualificationMatrix({
  cells,
  current,
  thresholds,
  size = 'md',
  caption,
}: {
  /** Cells that qualify as MQL, e.g. ["A1", "B2"]. */
  cells: readonly string[];
  /** The lead's own cell, outlined. */
  current?: string;
  thresholds?: MatrixThresholds;
  size?: 'sm' | 'md';
  caption?: string;
}) {
  const qualifying = new Set(cells);
  return (
    <table className={`matrix matrix--${size}`}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col" className="matrix__corner">
            <span aria-hidden="true">Fit ↓ · Engagement →</span>
            <span className="visually-hidden">Fit grade, by engagement band</span>
          </th>
          {BANDS.map((b) => (
            <th key={b} scope="col">
              <span className="matrix__axis">{size === 'md' ? `Band ${b}` : b}</span>
              {thresholds && size === 'md' && (
                <span className="matrix__range">{bandRange(b, thresholds.bands)}</span>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {FIT_GRADES.map((g) => (
          <tr key={g}>
            <th scope="row">
              <span className="matrix__axis">{g}</span>
              {thresholds && size === 'md' && (
                <span className="matrix__range">{gradeRange(g, thresholds.grades)}</span>
              )}
            </th>
            {BANDS.map((b) => {
              const cell = `${g}${b}`;
              const isQualifying = qualifying.has(cell);
              const isCurrent = cell === current;
              return (
                <td
                  key={cell}
                  className={`matrix__cell${isQualifying ? ' is-qualifying' : ''}${isCurrent ? ' is-current' : ''}`}
                  data-cell={cell}
                  title={`${cell}: ${isQualifying ? 'qualifies as MQL' : 'does not qualify'}${isCurrent ? ' (this lead)' : ''}`}
                >
                  {cell}
                  <span className="visually-hidden">
                    {isQualifying ? ', qualifies' : ', does not qualify'}
                    {isCurrent ? ', this lead' : ''}
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
