// Sales flags a lead as a good one, with an optional note: marketing sees it on the lead, and
// reports and webhook subscribers get a `lead.flagged` event.
import { notFound } from '../domain/errors.js';
import { leadFlaggedEvent } from '../domain/lead-feedback.js';
import { getEngineLead } from '../store/lead-state.js';
import { insertFlag } from '../store/lead-notes.js';
import type { Deps } from './deps.js';
import { namedActor } from './named-actor.js';
import { emitEvents } from './outbox.js';
import type { Principal } from './principal.js';

export interface Flag {
  id: string;
  at: Date;
  note: string | null;
  stage: string;
  by: { type: 'user' | 'api_key'; id: string; name: string };
}

export function flagLead(
  deps: Deps,
  principal: Principal,
  leadId: string,
  input: { note: string | null },
): Promise<Flag> {
  const { workspaceId } = principal;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const actor = await namedActor(tx, principal);
    const lead = await getEngineLead(tx, workspaceId, leadId);
    if (!lead) throw notFound('Lead');
    const by = { type: actor.type, id: actor.id, label: actor.label };
    const stage = lead.state.stage;
    const id = await insertFlag(tx, workspaceId, { leadId, actor: by, note: input.note, stage, at: now });
    await emitEvents(tx, workspaceId, [leadFlaggedEvent(lead, { id, note: input.note, at: now, actor: by })]);
    return {
      id,
      at: now,
      note: input.note,
      stage,
      by: { type: actor.type, id: actor.id, name: actor.label },
    };
  });
}
