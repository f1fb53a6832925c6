// Historical stage changes (a stage-changes file, or a leads file's "Became a … Date" columns): each
// a move of the lead at its own date, made as every stage move is — the lead loaded and locked, the
// lifecycle's enterStage deciding its new state, commitLeadChanges writing it and handing it off.
// A move the history already holds (into that stage, at or after that date) is left alone.
import { resolveLifecycleStage } from '../../domain/import-kind-values.js';
import { matchKey } from '../../domain/import-mapping.js';
import { transitionRow, type TransitionRow } from '../../domain/engine-lead.js';
import { enterSideStage, enterStage } from '../../domain/lifecycle.js';
import { isSideStage, type Stage } from '../../domain/stages.js';
import type { AuditActor } from '../../store/audit-log.js';
import type { Queryable } from '../../store/db.js';
import { recordedMoves } from '../../store/import-history-writes.js';
import { type EngineLead, lockEngineLeads } from '../../store/lead-state.js';
import { loadActiveAgreement } from '../agreements.js';
import { commitLeadChanges } from '../lead-engine.js';
import {
  claim,
  emptyPlan,
  findRowLeads,
  type KindChange,
  type KindHandler,
  refuse,
  refuseUnknownLead,
  str,
} from './handler.js';
import { leadMarkChanges } from './lead-marks.js';

export interface HistoricalMove {
  leadId: string;
  stage: Stage;
  at: Date;
  reason: string | null;
}

/**
 * Which moves are new (the history lacks them), and — when `write` — makes them, in date order per
 * lead, through the engine. Answers per move whether it is new.
 */
export async function applyHistoricalMoves(
  tx: Queryable,
  ctx: { workspaceId: string; actor: AuditActor; now: Date },
  moves: readonly HistoricalMove[],
  write: boolean,
): Promise<boolean[]> {
  const known = await recordedMoves(tx, ctx.workspaceId, moves);
  const fresh = moves.filter((_, i) => !known[i]);
  if (!write || fresh.length === 0) return known.map((k) => !k);
  const active = await loadActiveAgreement(tx, ctx.workspaceId);
  const leads = new Map<string, EngineLead>(
    (await lockEngineLeads(tx, ctx.workspaceId, [...new Set(fresh.map((m) => m.leadId))])).map((l) => [
      l.id,
      l,
    ]),
  );
  const rows = new Map<string, TransitionRow[]>();
  const actorType = ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.type : 'system';
  const ordered = [...fresh].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const m of ordered) {
    const lead = leads.get(m.leadId);
    if (!lead || lead.state.stage === m.stage) continue;
    // Never before the stage the lead is in was entered, never in the future.
    const at = new Date(
      Math.max(Math.min(m.at.getTime(), ctx.now.getTime()), lead.state.stageEnteredAt.getTime()),
    );
    const state = isSideStage(m.stage)
      ? enterSideStage(lead.state, m.stage, at, { recyclable: m.stage === 'nurture', reasonCode: null })
      : enterStage(lead.state, m.stage, at);
    rows.set(m.leadId, [
      ...(rows.get(m.leadId) ?? []),
      transitionRow({
        from: lead.state.stage,
        to: m.stage,
        at,
        actor: { type: actorType, id: ctx.actor.id, label: ctx.actor.label },
        reason: `Imported history${m.reason ? `: ${m.reason}` : ''}`,
        agreementVersion: active.version,
      }),
    ]);
    leads.set(m.leadId, { ...lead, state });
  }
  await commitLeadChanges(
    tx,
    { workspaceId: ctx.workspaceId, active, now: ctx.now },
    [...rows].map(([leadId, transitions]) => ({ lead: leads.get(leadId)!, contributions: [], transitions })),
  );
  return known.map((k) => !k);
}

export const stageChangesHandler: KindHandler = {
  async runBatch(tx, ctx, rows, claimed, write) {
    const plan = emptyPlan();
    const leadIds = await findRowLeads(tx, ctx, rows);
    const accepted: { row: number; move: HistoricalMove }[] = [];
    rows.forEach(({ row, fields }, i) => {
      const stage = resolveLifecycleStage(fields.stage as string);
      if (!stage) {
        return refuse(
          plan,
          ctx,
          row,
          'stage',
          fields,
          `stage "${String(fields.stage)}" is not a lifecycle stage (lead, mql, pql, sal, sql, opportunity, customer, nurture, disqualified, lost)`,
        );
      }
      const leadId = leadIds[i];
      if (!leadId) return refuseUnknownLead(plan, ctx, row, fields);
      const earlier = claim(claimed, `stage:${matchKey('stage-changes', fields)}`, row);
      if (earlier !== null)
        return refuse(plan, ctx, row, null, fields, `is the same stage change as row ${earlier}`);
      accepted.push({ row, move: { leadId, stage, at: fields.at as Date, reason: str(fields.reason) } });
    });
    const changes: KindChange[] = write
      ? await leadMarkChanges(
          tx,
          ctx.workspaceId,
          accepted.map((a) => a.move.leadId),
        )
      : [];
    const isNew = await applyHistoricalMoves(
      tx,
      ctx,
      accepted.map((a) => a.move),
      write,
    );
    accepted.forEach((a, i) => {
      if (isNew[i]) plan.creates.push({ row: a.row, fields: rows.find((r) => r.row === a.row)!.fields });
      else plan.unchanged++;
    });
    return { plan, changes };
  },
  // Its moves are rolled back with the leads it marked (see lead-marks.ts).
  async undo() {},
};
