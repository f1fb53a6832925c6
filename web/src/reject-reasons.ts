// The agreement's reject reasons in a stable order: the document comes back from a jsonb column, which
// does not keep the order its keys were written in. The order is the API's (`rejectReasons`, generated
// from the OpenAPI document's RejectReason).
import { type Agreement, type RejectReason, rejectReasons } from './api.js';

export type RejectReasonPolicy = Agreement['feedback']['rejectReasons'][RejectReason] & {
  code: RejectReason;
};

export function rejectReasonsOf(agreement: Agreement): RejectReasonPolicy[] {
  const reasons = agreement.feedback.rejectReasons;
  return rejectReasons.filter((code) => reasons[code]).map((code) => ({ ...reasons[code], code }));
}
