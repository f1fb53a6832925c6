// What people said and did on a lead, in one timeline, newest first: the touches reps logged (call,
// e-mail, meeting, note), comments from both teams, sales' flags and marketing's disputes.
import { notFound } from '../domain/errors.js';
import { leadExists } from '../store/lead-state.js';
import { leadNotes } from '../store/lead-notes.js';
import { type Dispute, disputesOfLead } from '../store/rejection-disputes.js';
import { listUsers } from '../store/users.js';
import type { Deps } from './deps.js';

export interface ConversationItem {
  kind: 'touch' | 'comment' | 'flag' | 'dispute';
  id: string;
  at: Date;
  by: { type: string; id: string | null; name: string };
  touchKind: string | null;
  text: string | null;
  mentions: { userId: string; name: string }[];
  dispute: Dispute | null;
}

export async function leadConversation(
  deps: Deps,
  workspaceId: string,
  leadId: string,
): Promise<ConversationItem[]> {
  if (!(await leadExists(deps.db, workspaceId, leadId))) throw notFound('Lead');
  const [notes, disputes, members] = await Promise.all([
    leadNotes(deps.db, workspaceId, leadId),
    disputesOfLead(deps.db, workspaceId, leadId),
    listUsers(deps.db, workspaceId),
  ]);
  const nameOf = new Map(members.map((m) => [m.id, m.name]));
  const items: ConversationItem[] = [
    ...notes.map((n) => ({
      kind: n.kind,
      id: n.id,
      at: n.at,
      by: { type: n.byType, id: n.byId, name: n.byLabel },
      touchKind: n.touchKind,
      text: n.text,
      mentions: n.mentions.map((userId) => ({ userId, name: nameOf.get(userId) ?? 'Former member' })),
      dispute: null,
    })),
    ...disputes.map((d) => ({
      kind: 'dispute' as const,
      id: d.id,
      at: d.openedAt,
      by: { type: d.openedBy.type, id: d.openedBy.id, name: d.openedBy.label },
      touchKind: null,
      text: d.note,
      mentions: [],
      dispute: d,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
}
