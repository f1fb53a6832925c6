// Activities import (page views, tracked events): each row an event of a known lead at its own
// time, accepted as ingestion accepts one (stored once by its message id, queued for the fold),
// then folded in the same transaction by the fold's own code, so scores, stage changes and the
// hand-off follow as they would have live. A re-import finds its events by key and changes nothing.
import { type ImportedEvent, importedEvent } from '../../domain/import-activity.js';
import { type MappedRow, matchKey } from '../../domain/import-mapping.js';
import { storedMessageIds } from '../../store/events.js';
import { claimFoldWork } from '../../store/fold-queue.js';
import { writeBatch } from '../../store/ingest-writes.js';
import { lockEngineLeads } from '../../store/lead-state.js';
import { foldClaimedWork } from '../fold.js';
import {
  claim,
  emptyPlan,
  findRowLeads,
  type KindChange,
  type KindHandler,
  refuse,
  refuseUnknownLead,
} from './handler.js';
import { leadMarkChanges } from './lead-marks.js';

interface Accepted {
  row: number;
  fields: MappedRow;
  leadId: string;
  at: Date;
  event: ImportedEvent;
}

/** Claims every queued row of the leads, however many (the batch bounds them). */
const ALL_QUEUED = 2_147_483_647;

export const activitiesHandler: KindHandler = {
  async runBatch(tx, ctx, rows, claimed, write) {
    const plan = emptyPlan();
    const leadIds = await findRowLeads(tx, ctx, rows);
    const accepted: Accepted[] = [];
    rows.forEach(({ row, fields }, i) => {
      const leadId = leadIds[i];
      if (!leadId) return refuseUnknownLead(plan, ctx, row, fields);
      const at = fields.at as Date;
      // History only: a time still to come is a mistake in the file (ingestion would clamp it).
      if (at.getTime() > ctx.now.getTime())
        return refuse(plan, ctx, row, 'at', fields, 'at is in the future');
      const earlier = claim(claimed, `activity:${matchKey('activities', fields)}`, row);
      if (earlier !== null)
        return refuse(plan, ctx, row, null, fields, `is the same activity as row ${earlier}`);
      accepted.push({ row, fields, leadId, at, event: importedEvent(fields, leadId) });
    });
    const stored = await storedMessageIds(
      tx,
      ctx.workspaceId,
      accepted.map((a) => a.event.messageId),
    );
    const fresh = accepted.filter((a) => !stored.has(a.event.messageId));
    plan.unchanged += accepted.length - fresh.length;
    if (!write || fresh.length === 0) {
      plan.creates.push(...fresh.map(({ row, fields }) => ({ row, fields })));
      return { plan, changes: [] };
    }

    // The leads locked (id order, waiting for a folder that holds one), then marked for undo
    // before anything of theirs is written.
    const leads = [...new Set(fresh.map((a) => a.leadId))].sort();
    await lockEngineLeads(tx, ctx.workspaceId, leads);
    const changes: KindChange[] = await leadMarkChanges(tx, ctx.workspaceId, leads);
    // Accepted in time order, so each lead's events are folded as they happened.
    const ordered = [...fresh].sort((a, b) => a.at.getTime() - b.at.getTime() || a.row - b.row);
    const { inserted } = await writeBatch(tx, ctx.workspaceId, {
      newLeads: [],
      identities: [],
      attach: [],
      events: ordered.map((a) => ({
        messageId: a.event.messageId,
        type: a.event.type,
        event: a.event.event,
        leadId: a.leadId,
        userId: null,
        anonymousId: null,
        groupId: null,
        occurredAt: a.at,
        receivedAt: ctx.now,
        sentAt: null,
        originalTimestamp: a.at,
        properties: a.event.properties,
        traits: {},
        context: a.event.context,
      })),
      emailClaims: [],
      ignoredEmailMessages: [],
      mergedInto: [],
    });
    // An event another import stored meanwhile is not this one's.
    const isInserted = new Set(inserted.map((i) => i.messageId));
    for (const a of fresh) {
      if (isInserted.has(a.event.messageId)) plan.creates.push({ row: a.row, fields: a.fields });
      else plan.unchanged++;
    }
    // The fold of exactly these leads, now: the leads are this transaction's, so none is skipped.
    const work = await claimFoldWork(
      tx,
      { maxLeads: leads.length, maxEvents: ALL_QUEUED },
      { now: ctx.now, only: { workspaceId: ctx.workspaceId, leadIds: leads } },
    );
    await foldClaimedWork(tx, work, ctx.now);
    return { plan, changes };
  },
  // Its events, score lines and moves are rolled back with the leads it marked (see lead-marks.ts).
  async undo() {},
};
