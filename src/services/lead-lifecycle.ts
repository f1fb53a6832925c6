// A lead's score as a readable ledger, its stage history, and stage moves people make by hand.
import type { FitGrade } from '../domain/agreement.js';
import { engagementAt, engagementBand, explainEngagement, roundLedger } from '../domain/engagement.js';
import { AppError, notFound } from '../domain/errors.js';
import { scoreFit } from '../domain/fit-score.js';
import { checkManualTransition, enterSideStage, enterStage } from '../domain/lifecycle.js';
import type { Role } from '../domain/roles.js';
import { type Stage, isSideStage, isStage } from '../domain/stages.js';
import { leadContributions } from '../store/contributions.js';
import { lockEngineLeads, toEngineLead } from '../store/lead-state.js';
import { type Transition, leadTransitions } from '../store/transitions.js';
import { loadActiveAgreement } from './agreements.js';
import type { Deps } from './deps.js';
import { type LifecycleHooks, commitLeadChanges } from './lead-engine.js';
import type { Principal } from './principal.js';

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
  const rows = await deps.db.query<Record<string, unknown> & { id: string; workspace_id: string }>(
    `select * from leads where workspace_id = $1 and id = $2 and not is_deleted`,
    [workspaceId, leadId],
  );
  if (!rows[0]) throw notFound('Lead');
  const lead = toEngineLead(rows[0]);
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
  const exists = await deps.db.query(`select 1 from leads where workspace_id = $1 and id = $2`, [
    workspaceId,
    leadId,
  ]);
  if (exists.length === 0) throw notFound('Lead');
  return leadTransitions(deps.db, workspaceId, leadId);
}

function actorFields(p: Principal): {
  actorType: 'user' | 'api_key';
  actorId: string;
  actorLabel: string;
  role: Role;
} {
  if (p.kind === 'write_key') throw new AppError('forbidden', 'A write key can only send events.');
  return p.kind === 'user'
    ? { actorType: 'user', actorId: p.userId, actorLabel: p.label, role: p.role }
    : { actorType: 'api_key', actorId: p.keyId, actorLabel: p.label, role: p.role };
}

/**
 * A person (or an API key with a role) moves a lead: allowed only where the agreement's funnel says
 * so and by whom; a refused move is a 409 that says why. Recorded as a transition like any other.
 */
export async function moveLeadStage(
  deps: Deps & { hooks: LifecycleHooks },
  principal: Principal,
  leadId: string,
  input: { to: string; reason: string },
): Promise<Transition> {
  const actor = actorFields(principal);
  if (!isStage(input.to)) {
    throw new AppError('validation_failed', `to: "${input.to}" is not a stage`, [
      { field: 'to', message: 'is not a stage' },
    ]);
  }
  const to: Stage = input.to;
  const workspaceId = principal.workspaceId;
  return deps.db.transaction(async (tx) => {
    const [lead] = await lockEngineLeads(tx, workspaceId, [leadId]);
    if (!lead) throw notFound('Lead');
    const active = await loadActiveAgreement(tx, workspaceId);
    const check = checkManualTransition(active.agreement, lead.state.stage, to, actor.role);
    if (!check.ok) throw new AppError('transition_not_allowed', check.message);
    const now = deps.clock();
    const state = isSideStage(to)
      ? enterSideStage(lead.state, to, now, { recyclable: to !== 'disqualified', reasonCode: null })
      : enterStage(lead.state, to, now);
    const [change] = await commitLeadChanges(tx, { workspaceId, active, now }, deps.hooks, [
      {
        lead: { ...lead, state },
        contributions: [],
        transitions: [
          {
            fromStage: lead.state.stage,
            toStage: to,
            at: now,
            actorType: actor.actorType,
            actorId: actor.actorId,
            actorLabel: actor.actorLabel,
            reason: input.reason,
            reasonCode: null,
            ruleId: null,
            note: null,
            agreementVersion: active.version,
          },
        ],
      },
    ]);
    return change!.transition;
  });
}
