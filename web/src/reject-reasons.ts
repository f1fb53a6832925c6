// The agreement's reject reasons in a stable order: the document comes back from a jsonb column, which
// does not keep the order its keys were written in.
import type { Agreement, RejectReason } from './api.js';

// The order of REJECT_REASONS in src/domain/agreement.ts (not imported: that module brings zod along).
const ORDER: readonly RejectReason[] = [
  'not_a_fit',
  'wrong_size',
  'wrong_contact',
  'not_interested',
  'no_budget_timing',
  'duplicate',
  'bad_data',
  'other',
];

export type RejectReasonPolicy = Agreement['feedback']['rejectReasons'][RejectReason] & {
  code: RejectReason;
};

export function rejectReasonsOf(agreement: Agreement): RejectReasonPolicy[] {
  const reasons = agreement.feedback.rejectReasons;
  return ORDER.filter((code) => reasons[code]).map((code) => ({ ...reasons[code], code }));
}
