// The workspace's reject reasons: the agreement's built-in codes (which an admin may rename, never
// delete) and the workspace's own codes, each with a destination, a cool-off and a note rule.
import { REJECT_REASONS, type Agreement, type RejectReason, type RejectReasonPolicy } from './agreement.js';

export const REJECT_DESTINATIONS = ['nurture', 'disqualified'] as const;
export type RejectDestination = (typeof REJECT_DESTINATIONS)[number];

/** A stored row: a custom code, or a built-in code's label (`isBuiltIn`, the rest null). */
export interface RejectReasonCodeRow {
  code: string;
  label: string;
  isBuiltIn: boolean;
  destination: RejectDestination | null;
  coolOffDays: number | null;
  noteRequired: boolean | null;
}

/** One reason as people choose it: where it sends a lead, and what it asks for. */
export interface WorkspaceRejectReason {
  code: string;
  label: string;
  to: RejectDestination;
  recyclable: boolean;
  /** Days before a recyclable lead may re-qualify; null: the agreement's recycling default. */
  coolOffDays: number | null;
  noteRequired: boolean;
  isBuiltIn: boolean;
}

/** A custom code: lower case, digits and "_", 2–40 characters, starting with a letter. */
export const REJECT_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

export const isBuiltInReason = (code: string): code is RejectReason =>
  (REJECT_REASONS as readonly string[]).includes(code);

/** The policy for `code` under this agreement (merged with the workspace's codes), if it exists. */
export function rejectReasonPolicy(agreement: Agreement, code: string): RejectReasonPolicy | undefined {
  const reasons: Record<string, RejectReasonPolicy | undefined> = agreement.feedback.rejectReasons;
  return Object.hasOwn(reasons, code) ? reasons[code] : undefined;
}

/**
 * The agreement as the workspace applies it: built-in labels as the admin renamed them, and the
 * custom codes beside them. A custom code sent to nurture is recyclable after its cool-off; one sent
 * to disqualified is not. The agreement given is not changed (it is shared from a cache).
 */
export function withWorkspaceReasons(agreement: Agreement, rows: readonly RejectReasonCodeRow[]): Agreement {
  if (rows.length === 0) return agreement;
  const reasons: Record<string, RejectReasonPolicy> = { ...agreement.feedback.rejectReasons };
  for (const row of rows) {
    const builtIn = isBuiltInReason(row.code) ? agreement.feedback.rejectReasons[row.code] : undefined;
    if (row.isBuiltIn) {
      if (builtIn) reasons[row.code] = { ...builtIn, label: row.label };
      continue;
    }
    if (builtIn || row.destination === null) continue;
    reasons[row.code] = {
      label: row.label,
      to: row.destination,
      recyclable: row.destination === 'nurture',
      ...(row.coolOffDays !== null ? { coolOffDays: row.coolOffDays } : {}),
      noteRequired: row.noteRequired ?? false,
    };
  }
  return {
    ...agreement,
    feedback: { ...agreement.feedback, rejectReasons: reasons as Agreement['feedback']['rejectReasons'] },
  };
}

/** Every reason of the (merged) agreement: built-ins in their fixed order, then custom ones by label. */
export function listRejectReasons(agreement: Agreement): WorkspaceRejectReason[] {
  const all: Record<string, RejectReasonPolicy> = agreement.feedback.rejectReasons;
  const entry = (code: string, p: RejectReasonPolicy): WorkspaceRejectReason => ({
    code,
    label: p.label,
    to: p.to,
    recyclable: p.recyclable,
    coolOffDays: p.coolOffDays ?? null,
    noteRequired: p.noteRequired,
    isBuiltIn: isBuiltInReason(code),
  });
  const builtIns = REJECT_REASONS.filter((c) => all[c]).map((c) => entry(c, all[c]!));
  const custom = Object.entries(all)
    .filter(([code]) => !isBuiltInReason(code))
    .map(([code, p]) => entry(code, p))
    .sort((a, b) => a.label.localeCompare(b.label) || a.code.localeCompare(b.code));
  return [...builtIns, ...custom];
}

export type ReasonChange =
  | {
      kind: 'create';
      code: string;
      label: string;
      to: RejectDestination;
      coolOffDays: number | null;
      noteRequired: boolean;
    }
  | {
      kind: 'update';
      code: string;
      label?: string;
      to?: RejectDestination;
      coolOffDays?: number | null;
      noteRequired?: boolean;
    };

export type ReasonDecision =
  | { ok: true; row: RejectReasonCodeRow }
  | { ok: false; code: 'conflict' | 'not_found' | 'built_in'; field: string; message: string };

/**
 * What an admin's change to the reasons stores: a new custom code must not take a code already in
 * use; a built-in code takes a new label and nothing else (the agreement owns its destination).
 */
export function decideReasonChange(
  existing: readonly RejectReasonCodeRow[],
  change: ReasonChange,
): ReasonDecision {
  const stored = existing.find((r) => r.code === change.code);
  if (change.kind === 'create') {
    if (isBuiltInReason(change.code) || stored) {
      return {
        ok: false,
        code: 'conflict',
        field: 'code',
        message: `"${change.code}" is already a reason code`,
      };
    }
    return {
      ok: true,
      row: {
        code: change.code,
        label: change.label,
        isBuiltIn: false,
        destination: change.to,
        coolOffDays: change.to === 'nurture' ? change.coolOffDays : null,
        noteRequired: change.noteRequired,
      },
    };
  }
  if (isBuiltInReason(change.code)) {
    for (const field of ['to', 'coolOffDays', 'noteRequired'] as const) {
      if (change[field] !== undefined) {
        return {
          ok: false,
          code: 'built_in',
          field,
          message: 'a built-in reason takes only a new label; its policy is in the agreement',
        };
      }
    }
    return {
      ok: true,
      row: {
        code: change.code,
        label: change.label ?? stored?.label ?? change.code,
        isBuiltIn: true,
        destination: null,
        coolOffDays: null,
        noteRequired: null,
      },
    };
  }
  if (!stored) return { ok: false, code: 'not_found', field: 'code', message: `no reason "${change.code}"` };
  const to = change.to ?? stored.destination ?? 'nurture';
  const coolOffDays = change.coolOffDays !== undefined ? change.coolOffDays : stored.coolOffDays;
  return {
    ok: true,
    row: {
      ...stored,
      label: change.label ?? stored.label,
      destination: to,
      coolOffDays: to === 'nurture' ? coolOffDays : null,
      noteRequired: change.noteRequired ?? stored.noteRequired ?? false,
    },
  };
}
