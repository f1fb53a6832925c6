// CRM status change import: each row goes through the CRM status path (the agreement maps the
// status to a stage; a deal's amount and close date reach the lead's opportunity) at its own date.
// A change the log already holds is left alone, so a re-import changes nothing.
import { currencyProblem } from '../../domain/opportunities.js';
import { mapCrmStatus } from '../../domain/stage-moves.js';
import { loggedCrmStatuses } from '../../store/import-history-writes.js';
import { loadActiveAgreement } from '../agreements.js';
import { type CrmStatusChange, applyCrmStatusChangesIn } from '../crm-status.js';
import {
  claim,
  emptyPlan,
  findRowLeads,
  type KindChange,
  type KindHandler,
  refuse,
  refuseUnknownLead,
  str,
} from './handler.js';
import { reportingCurrency } from '../workspace-currency.js';
import { leadMarkChanges } from './lead-marks.js';
import { opportunitiesHandler } from './opportunities.js';
import { opportunityIdsOfLeads } from '../../store/import-opportunity-writes.js';
import { matchKey } from '../../domain/import-mapping.js';

const SYSTEMS = ['salesforce', 'hubspot', 'other'] as const;
const OBJECTS = ['lead', 'contact', 'opportunity'] as const;

export const crmStatusHandler: KindHandler = {
  async runBatch(tx, ctx, rows, claimed, write) {
    const plan = emptyPlan();
    const active = await loadActiveAgreement(tx, ctx.workspaceId);
    const leadIds = await findRowLeads(tx, ctx, rows);
    const currency = await reportingCurrency(tx, ctx.workspaceId);
    const accepted: { row: number; leadId: string; change: CrmStatusChange; at: Date }[] = [];
    rows.forEach(({ row, fields }, i) => {
      const earlier = claim(claimed, `crm:${matchKey('crm-status', fields)}`, row);
      if (earlier !== null)
        return refuse(plan, ctx, row, null, fields, `is the same status change as row ${earlier}`);
      const leadId = leadIds[i];
      if (!leadId) return refuseUnknownLead(plan, ctx, row, fields);
      const system = (str(fields.system)?.toLowerCase() ??
        ctx.options.crmSystem ??
        'other') as CrmStatusChange['system'];
      if (!SYSTEMS.includes(system))
        return refuse(plan, ctx, row, 'system', fields, 'system must be salesforce, hubspot or other');
      const object = (str(fields.object)?.toLowerCase() ?? 'lead') as CrmStatusChange['object'];
      if (!OBJECTS.includes(object))
        return refuse(plan, ctx, row, 'object', fields, 'object must be lead, contact or opportunity');
      const status = fields.status as string;
      if (!mapCrmStatus(active.agreement, { system, object, status })) {
        return refuse(
          plan,
          ctx,
          row,
          'status',
          fields,
          `the agreement maps no ${system} ${object} status "${status}"`,
        );
      }
      const foreign = str(fields.currency) ? currencyProblem(str(fields.currency)!, currency) : null;
      if (foreign) return refuse(plan, ctx, row, 'currency', fields, `currency ${foreign}`);
      const at = fields.at as Date;
      const amount = typeof fields.amount === 'number' ? fields.amount : undefined;
      const deal = {
        ...(amount !== undefined ? { amount } : {}),
        ...(str(fields.currency) ? { currency: str(fields.currency)! } : {}),
        ...(fields.closeDate instanceof Date ? { closeDate: fields.closeDate } : {}),
      };
      accepted.push({
        row,
        leadId,
        at,
        change: {
          lead: { id: leadId },
          system,
          object,
          status,
          occurredAt: at,
          ...(Object.keys(deal).length > 0 ? { opportunity: deal } : {}),
          ...(str(fields.reason) ? { reason: str(fields.reason)! } : {}),
        },
      });
    });
    const logged = await loggedCrmStatuses(
      tx,
      ctx.workspaceId,
      accepted.map((a) => ({
        leadId: a.leadId,
        system: a.change.system,
        object: a.change.object,
        status: a.change.status,
        at: a.at,
      })),
    );
    const fresh = accepted.filter((_, i) => !logged[i]);
    plan.unchanged += accepted.length - fresh.length;
    for (const a of fresh)
      plan.creates.push({ row: a.row, fields: rows.find((r) => r.row === a.row)!.fields });
    if (!write || fresh.length === 0) return { plan, changes: [] };
    const changes: KindChange[] = await leadMarkChanges(
      tx,
      ctx.workspaceId,
      fresh.map((a) => a.leadId),
    );
    // In date order, so a lead's history is told as it happened (the file's order breaks ties).
    const ordered = [...fresh].sort((a, b) => a.at.getTime() - b.at.getTime() || a.row - b.row);
    const touched = [...new Set(fresh.map((a) => a.leadId))];
    const before = new Set(await opportunityIdsOfLeads(tx, ctx.workspaceId, touched));
    await applyCrmStatusChangesIn(
      tx,
      ctx.workspaceId,
      ordered.map((a) => a.change),
      ctx.now,
    );
    // Deals a status change opened are the import's: undo removes them.
    for (const id of await opportunityIdsOfLeads(tx, ctx.workspaceId, touched)) {
      if (!before.has(id))
        changes.push({ entity: 'opportunity', entityId: id, action: 'created', previous: null });
    }
    return { plan, changes };
  },
  // Its moves are rolled back with the leads it marked (see lead-marks.ts).
  async undo(tx, workspaceId, changes) {
    await opportunitiesHandler.undo(
      tx,
      workspaceId,
      changes.filter((c) => c.action === 'created'),
    );
  },
};
