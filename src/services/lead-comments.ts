// A member of either team comments on a lead; an @handle in the comment notifies that member.
import { notFound } from '../domain/errors.js';
import { leadName } from '../domain/engine-lead.js';
import { resolveMentions } from '../domain/mentions.js';
import { getEngineLead } from '../store/lead-state.js';
import { insertComment } from '../store/lead-notes.js';
import { insertNotifications } from '../store/notifications.js';
import { listUsers } from '../store/users.js';
import type { Deps } from './deps.js';
import { namedActor } from './named-actor.js';
import type { Principal } from './principal.js';

export interface PostedComment {
  id: string;
  at: Date;
  body: string;
  author: { type: 'user' | 'api_key'; id: string; name: string };
  mentions: { userId: string; name: string; handle: string }[];
  /** @handles that named no active member, left as text. */
  unknownMentions: string[];
}

const EXCERPT = 280;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text);

export function commentOnLead(
  deps: Deps,
  principal: Principal,
  leadId: string,
  input: { body: string },
): Promise<PostedComment> {
  const { workspaceId } = principal;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const author = await namedActor(tx, principal);
    const lead = await getEngineLead(tx, workspaceId, leadId);
    if (!lead) throw notFound('Lead');
    const members = (await listUsers(tx, workspaceId)).filter((u) => !u.disabledAt);
    const { mentions, unknown } = resolveMentions(input.body, members);
    const id = await insertComment(tx, workspaceId, {
      leadId,
      author: { type: author.type, id: author.id, label: author.label },
      body: input.body,
      mentions: mentions.map((m) => m.userId),
      at: now,
    });
    const who = leadName(lead);
    // Naming yourself notifies no one: you know.
    const notified = mentions.filter((m) => m.userId !== author.userId);
    await insertNotifications(
      tx,
      workspaceId,
      notified.map((m) => ({
        userId: m.userId,
        type: 'mention',
        title: `${author.label} mentioned you on ${who}`,
        body: excerpt(input.body),
        leadId,
        data: { lead: { id: leadId, name: who }, commentId: id, by: author.label },
        createdAt: now,
      })),
    );
    const nameOf = new Map(members.map((m) => [m.id, m.name]));
    return {
      id,
      at: now,
      body: input.body,
      author: { type: author.type, id: author.id, name: author.label },
      mentions: mentions.map((m) => ({ ...m, name: nameOf.get(m.userId) ?? m.handle })),
      unknownMentions: unknown,
    };
  });
}
