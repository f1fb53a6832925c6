// A lead's hand-off record as a person reads it: its assignments and SLA clocks, with the member ids
// their reasons were written with replaced by names (gather, then name, in one pass).
import { notFound } from '../domain/errors.js';
import { memberIdsIn, withMemberNames } from '../domain/member-names.js';
import { leadAssignments } from '../store/assignments.js';
import { getLead } from '../store/leads.js';
import { clocksOfLead } from '../store/sla-clocks.js';
import { userNames } from '../store/users.js';
import type { Deps } from './deps.js';

export async function leadHandoff(deps: Deps, workspaceId: string, leadId: string) {
  if (!(await getLead(deps.db, workspaceId, leadId))) throw notFound('Lead');
  const [assignments, clocks] = await Promise.all([
    leadAssignments(deps.db, workspaceId, leadId),
    clocksOfLead(deps.db, workspaceId, leadId),
  ]);
  const ids = memberIdsIn([...assignments.map((a) => a.reason), ...clocks.map((c) => c.stopReason)]);
  const members = ids.length > 0 ? await userNames(deps.db, workspaceId, ids) : [];
  return {
    assignments: assignments.map((a) => ({ ...a, reason: withMemberNames(a.reason, members) })),
    clocks: clocks.map((c) => ({
      ...c,
      stopReason: c.stopReason === null ? null : withMemberNames(c.stopReason, members),
    })),
  };
}
