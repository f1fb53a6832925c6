// The fit grade (A–D) of a lead, from the agreement's fit rules, with the contributions that explain it.
import type { Agreement, FitGrade } from './agreement.js';
import { matchesAll } from './conditions.js';
import type { LeadProfile } from './lead-profile.js';

export interface FitContribution {
  ruleId: string;
  label: string;
  points: number;
}

export interface FitScore {
  /** Always the sum of the contributions' points. */
  points: number;
  grade: FitGrade;
  /** The rules that matched, in the agreement's order. */
  contributions: FitContribution[];
}

/** Score a lead's fit: every rule whose conditions all hold adds its points (possibly negative). */
export function scoreFit(agreement: Agreement, profile: LeadProfile): FitScore {
  const contributions: FitContribution[] = [];
  let points = 0;
  for (const rule of agreement.fit.rules) {
    if (!matchesAll(profile, rule.when)) continue;
    contributions.push({ ruleId: rule.id, label: rule.label, points: rule.points });
    points += rule.points;
  }
  return { points, grade: fitGrade(agreement, points), contributions };
}

/** The grade for a number of fit points: at least the A, B or C minimum, else D. */
export function fitGrade(agreement: Agreement, points: number): FitGrade {
  const { A, B, C } = agreement.fit.grades;
  if (points >= A) return 'A';
  if (points >= B) return 'B';
  if (points >= C) return 'C';
  return 'D';
}

const GRADE_RANK: Record<FitGrade, number> = { A: 4, B: 3, C: 2, D: 1 };

/** Is `grade` as good as `min` or better (A is best)? */
export function gradeAtLeast(grade: FitGrade, min: FitGrade): boolean {
  return GRADE_RANK[grade] >= GRADE_RANK[min];
}
