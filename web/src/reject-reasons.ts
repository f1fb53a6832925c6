// The agreement's reject reasons in a stable order: the document comes back from a jsonb column, which
// does not keep the order its keys were written in. The order is the domain's (REJECT_REASONS, the
// built-in codes; a workspace's own codes live beside the agreement, under Settings → Reject reasons).
import { REJECT_REASONS, type RejectReason } from '../../src/domain/reject-codes.js';
import type { Agreement } from './api.js';

export type RejectReasonPolicy = Agreement['feedback']['rejectReasons'][RejectReason] & {
  code: RejectReason;
};

export function rejectReasonsOf(agreement: Agreement): RejectReasonPolicy[] {
  const reasons = agreement.feedback.rejectReasons;
  return REJECT_REASONS.filter((code) => reasons[code]).map((code) => ({ ...reasons[code], code }));
}
