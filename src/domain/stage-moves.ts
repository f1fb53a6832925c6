// The moves made from outside the scoring fold: a person's manual move under the agreement's
// funnel, a sales rejection and where it sends the lead, and the stage a CRM status means.
import type { Agreement, RejectReason } from './agreement.js';
import { rejectReasonPolicy } from './reject-reasons.js';
import type { Role } from './roles.js';
import { QUALIFIED_STAGES, isSideStage, type Stage } from './stages.js';

/** Who moves a lead, as the funnel's transition rules name them: a role, or the agreement (system). */
export type MoverRole = Role | 'system';

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'transition_not_allowed' | 'role_not_allowed' | 'same_stage'; message: string };

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** May this actor move a lead from one stage to another, according to the agreement's funnel? */
export function checkManualTransition(
  agreement: Agreement,
  from: Stage,
  to: Stage,
  actor: MoverRole,
): TransitionCheck {
  if (from === to) return { ok: false, code: 'same_stage', message: `the lead is already in ${from}` };
  const refuse = `${actor} may not move a lead from ${from} to ${to}`;
  const rules = agreement.funnel.transitions.filter((t) => t.from === from);
  const targets = [...new Set(rules.flatMap((t) => t.to))];
  if (!targets.includes(to)) {
    const allowed = targets.length === 0 ? `no moves out of ${from}` : `${from} → ${targets.join(', ')}`;
    return {
      ok: false,
      code: 'transition_not_allowed',
      message: `${refuse}: the agreement allows ${allowed}`,
    };
  }
  const roles = [...new Set(rules.filter((t) => t.to.includes(to)).flatMap((t) => t.roles))];
  if (!roles.includes(actor)) {
    return { ok: false, code: 'role_not_allowed', message: `${refuse}: only ${orList(roles)} may` };
  }
  return { ok: true };
}

/**
 * What a manual move amounts to: from mql or pql, a move to sal is sales accepting the lead and a
 * move to nurture or disqualified is sales rejecting it; each keeps that action's rules whichever
 * route asks for it. Anything else is a plain move under the agreement's funnel.
 */
export type ManualMoveKind = 'acceptance' | 'rejection' | 'move';

export function manualMoveKind(from: Stage, to: Stage): ManualMoveKind {
  if (!(QUALIFIED_STAGES as readonly Stage[]).includes(from)) return 'move';
  if (to === 'sal') return 'acceptance';
  return to === 'nurture' || to === 'disqualified' ? 'rejection' : 'move';
}

export type RejectionOutcome =
  | {
      ok: true;
      reasonCode: string;
      label: string;
      to: 'nurture' | 'disqualified';
      recyclable: boolean;
      coolOffDays: number;
    }
  | { ok: false; code: 'note_required' | 'unknown_reason'; message: string };

/**
 * Where a lead sales rejected goes, whether it may come back and after how long. The reason is one
 * of the agreement's built-in codes or one of the workspace's own (see reject-reasons.ts).
 */
export function rejectionOutcome(
  agreement: Agreement,
  reasonCode: string,
  note: string | null,
): RejectionOutcome {
  const reason = rejectReasonPolicy(agreement, reasonCode);
  if (!reason) {
    const codes = Object.keys(agreement.feedback.rejectReasons);
    return {
      ok: false,
      code: 'unknown_reason',
      message: `"${reasonCode}" is not a reject reason; use one of ${codes.join(', ')}`,
    };
  }
  if (reason.noteRequired && (note ?? '').trim() === '') {
    return {
      ok: false,
      code: 'note_required',
      message: `a note is required when rejecting for "${reason.label}"`,
    };
  }
  return {
    ok: true,
    reasonCode,
    label: reason.label,
    to: reason.to,
    recyclable: reason.recyclable,
    coolOffDays: reason.coolOffDays ?? agreement.recycling.coolOffDays,
  };
}

export interface CrmStatus {
  /** 'salesforce', 'hubspot', or any other CRM's name (which only `any` mappings match). */
  system: string;
  object: 'lead' | 'contact' | 'opportunity';
  status: string;
}

export interface CrmStatusOutcome {
  to: Stage;
  reasonCode: RejectReason | null;
  /** For side stages: may the lead re-qualify later (its reason's rule, else yes unless disqualified)? */
  recyclable: boolean;
  /** For side stages: the cool-off before it may; null for main stages. */
  coolOffDays: number | null;
}

/** The stage a CRM status means under the agreement; a mapping for the exact system wins over `any`. */
export function mapCrmStatus(agreement: Agreement, crm: CrmStatus): CrmStatusOutcome | null {
  const status = crm.status.trim().toLowerCase();
  const candidates = agreement.crm.statusMap.filter(
    (m) => m.object === crm.object && m.status.trim().toLowerCase() === status,
  );
  const mapping =
    candidates.find((m) => m.system === crm.system) ?? candidates.find((m) => m.system === 'any');
  if (!mapping) return null;
  const reason =
    mapping.reasonCode === undefined ? undefined : agreement.feedback.rejectReasons[mapping.reasonCode];
  const side = isSideStage(mapping.to);
  return {
    to: mapping.to,
    reasonCode: mapping.reasonCode ?? null,
    recyclable: side && (reason ? reason.recyclable : mapping.to !== 'disqualified'),
    coolOffDays: side ? (reason?.coolOffDays ?? agreement.recycling.coolOffDays) : null,
  };
}
