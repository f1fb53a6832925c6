// A lead's score as a readable ledger and its stage history. Stage moves people make by hand follow
// the hand-off's rules and live with them, in feedback.ts (moveLeadStage).
import type { FitGrade } from '../domain/agreement.js';
import { engagementAt, engagementBand, explainEngagement, roundLedger } from '../domain/engagement.js';
import { notFound } from '../domain/errors.js';
import { scoreFit } from '../domain/fit-score.js';
import { leadContributions } from '../store/contributions.js';
import { getEngineLead, leadExists } from '../store/lead-state.js';
import { type Transition, leadTransitions } from '../store/transitions.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';

export interface ScoreExplanation {
  agreementVersion: number;
  fit: {
    grade: FitGrade;
    points: number;
    contributions: { ruleId: string; label: string; points: number }[];
  };
  engagement: {
    score: number;
    band: 1 | 2 | 3 | 4;
    halfLifeDays: number;
    byRule: { ruleId: string; label: string; count: number; points: number; decayed: number }[];
    /** The most recent ledger lines (every line counts in the score; see `lines` for how many). */
    recent: { ruleId: string; label: string; eventId: string; points: number; at: Date; decayed: number }[];
    lines: number;
  };
  cell: string;
  qualifyingCells: string[];
}

const RECENT_LINES = 100;

/** The score at `now`, explained: fit rules that applied and engagement lines that add up to the total. */
export async function explainLeadScore(
  deps: Deps,
  workspaceId: string,
  leadId: string,
): Promise<ScoreExplanation> {
  const now = deps.clock();
  const lead = await getEngineLead(deps.db, workspaceId, leadId);
  if (!lead) throw notFound('Lead');
  const active = await loadActiveAgreement(deps.db, workspaceId);
  const fit = scoreFit(active.agreement, lead.profile);
  const ledger = explainEngagement(
    active.agreement,
    await leadContributions(deps.db, workspaceId, leadId),
    now,
  );
  // The stored sum is the truth; the ledger explains it (a property test keeps them equal).
  const score = engagementAt(
    lead.state.engagementS,
    now,
    active.epoch,
    active.agreement.engagement.halfLifeDays,
  );
  const rounded = roundLedger(
    ledger.byRule.map((r) => r.decayed),
    1,
  );
  const band = engagementBand(active.agreement, score);
  return {
    agreementVersion: active.version,
    fit: { grade: fit.grade, points: fit.points, contributions: fit.contributions },
    engagement: {
      score: Math.round(score * 10) / 10,
      band,
      halfLifeDays: ledger.halfLifeDays,
      byRule: ledger.byRule.map((r, i) => ({ ...r, decayed: rounded.parts[i] ?? 0 })),
      recent: ledger.items
        .slice(-RECENT_LINES)
        .reverse()
        .map((i) => ({
          ruleId: i.ruleId,
          label: i.label,
          eventId: i.activityId,
          points: i.points,
          at: i.at,
          decayed: i.decayed,
        })),
      lines: ledger.items.length,
    },
    cell: `${fit.grade}${band}`,
    qualifyingCells: active.agreement.qualification.mql.cells,
  };
}

export async function stageHistory(deps: Deps, workspaceId: string, leadId: string): Promise<Transition[]> {
  if (!(await leadExists(deps.db, workspaceId, leadId))) throw notFound('Lead');
  return leadTransitions(deps.db, workspaceId, leadId);
}
